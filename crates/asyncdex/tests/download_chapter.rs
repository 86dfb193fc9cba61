//! Whole-chapter downloads against the fake MangaDex server, over TCP: every page in order and
//! byte-identical, events, resume after an interruption, CBZ content.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[allow(
    dead_code,
    reason = "shared by several test files, each using part of it"
)]
mod support;

use asyncdex::MangadexClient;
use asyncdex::download::{DownloadEvent, DownloadSummary};
use asyncdex::model::ImageQuality;
use asyncdex_mock::catalogue::ChapterRecord;
use asyncdex_mock::{FaultKind, FaultPlan, FaultRule, Listener, MockServer};
use futures_util::StreamExt;
use http::Method;
use support::{TempDir, requests_on, roomy_mock_and_client};

fn chapter(server: &MockServer) -> ChapterRecord {
    server.catalogue().chapter_with_pages().clone()
}

fn image_paths(server: &MockServer) -> Vec<String> {
    requests_on(server, Listener::Image)
        .into_iter()
        .map(|request| request.path)
        .collect()
}

fn at_home_calls(server: &MockServer) -> usize {
    server
        .requests()
        .into_iter()
        .filter(|request| request.path.starts_with("/at-home/server/"))
        .count()
}

/// What the image node serves for page `index`, fetched directly.
async fn served(client: &MangadexClient, url: &str) -> Vec<u8> {
    client
        .request(Method::GET, url)
        .with_auth(false)
        .send()
        .await
        .unwrap()
        .bytes()
        .to_vec()
}

fn page_url(
    server: &MockServer,
    ch: &ChapterRecord,
    quality: ImageQuality,
    index: usize,
) -> String {
    let files = match quality {
        ImageQuality::DataSaver => ch.data_saver_files(),
        ImageQuality::Original => ch.data_files(),
    };
    format!(
        "{}/{}/{}/{}",
        server.image_url(),
        quality.path_segment(),
        ch.hash,
        files[index]
    )
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".part"))
        .collect()
}

#[tokio::test]
async fn a_full_download_writes_every_page_in_order_byte_identical() {
    let (server, client) = roomy_mock_and_client().await;
    let ch = chapter(&server);
    let pages = ch.pages as usize;
    let tmp = TempDir::new("download-full");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let callback = seen.clone();
    let mut download = client
        .download(ch.id)
        .out_dir(&tmp.0)
        .report_url(server.report_url())
        .concurrency(3)
        .progress(move |event| callback.lock().unwrap().push(event.clone()));
    let mut events = download.events();
    let (summary, streamed) = tokio::join!(download.run(), events.by_ref().collect::<Vec<_>>());
    let summary: DownloadSummary = summary.unwrap();
    assert!(
        events.next().await.is_none(),
        "the stream ends with the download"
    );

    assert_eq!(summary.chapter, ch.id);
    assert_eq!(summary.dir, tmp.0.join(ch.id.to_string()));
    assert_eq!(
        (summary.pages, summary.fetched, summary.skipped),
        (pages, pages, 0)
    );
    assert_eq!((summary.retries, summary.node_switches), (0, 0));
    assert_eq!(summary.base_url, server.image_url());
    assert_eq!(summary.cbz, None);
    let names: Vec<String> = summary
        .files
        .iter()
        .map(|file| file.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let expected: Vec<String> = (1..=pages).map(|n| format!("{n:03}.png")).collect();
    assert_eq!(names, expected, "page order and names");

    // One fetch per page, one at-home call.
    let fetched: BTreeSet<String> = image_paths(&server).into_iter().collect();
    assert_eq!(image_paths(&server).len(), pages);
    let wanted: BTreeSet<String> = (0..pages)
        .map(|i| {
            page_url(&server, &ch, ImageQuality::Original, i)
                .trim_start_matches(server.image_url())
                .to_owned()
        })
        .collect();
    assert_eq!(fetched, wanted);
    assert_eq!(at_home_calls(&server), 1);

    let mut total = 0;
    for (index, file) in summary.files.iter().enumerate() {
        let on_disk = std::fs::read(file).unwrap();
        let direct = served(
            &client,
            &page_url(&server, &ch, ImageQuality::Original, index),
        )
        .await;
        assert_eq!(on_disk, direct, "page {} differs", index + 1);
        assert_eq!(&on_disk[..4], b"\x89PNG");
        total += on_disk.len() as u64;
    }
    assert_eq!(summary.bytes, total);
    assert!(leftovers(&summary.dir).is_empty());

    // The callback and the stream saw the same events: Started, one PageDone per page,
    // Finished last.
    let called = seen.lock().unwrap().clone();
    assert_eq!(called.len(), streamed.len());
    assert_eq!(streamed.len(), pages + 2);
    assert!(matches!(
        &streamed[0],
        DownloadEvent::Started { pages: p, on_disk: 0, .. } if *p == pages
    ));
    let mut done = BTreeSet::new();
    for event in &streamed[1..=pages] {
        match event {
            DownloadEvent::PageDone {
                index,
                bytes,
                skipped: false,
                ..
            } => {
                assert_eq!(
                    *bytes,
                    std::fs::metadata(&summary.files[*index]).unwrap().len()
                );
                assert!(done.insert(*index));
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(done.len(), pages);
    match streamed.last().unwrap() {
        DownloadEvent::Finished(finished) => {
            assert_eq!(finished.fetched, pages);
            assert_eq!(finished.bytes, total);
        }
        other => panic!("unexpected {other:?}"),
    }
}

// On the paused clock: the run is cut at a point of tokio time, not after real sleeps.
#[tokio::test(start_paused = true)]
async fn an_interrupted_download_resumes_with_the_missing_pages_only() {
    let (server, client) = roomy_mock_and_client().await;
    let ch = chapter(&server);
    let pages = ch.pages as usize;
    assert!(
        pages >= 5,
        "the test needs 5 pages, the chapter has {pages}"
    );
    let tmp = TempDir::new("download-resume");

    // First run: three pages come, the fourth is held by the server for an hour (longer than
    // any timeout of the run); the run is dropped (a crash, Ctrl-C).
    server.set_faults(
        FaultPlan::new().rule(
            FaultRule::new(FaultKind::Delay(Duration::from_secs(3600)))
                .on(Listener::Image)
                .after(3),
        ),
    );
    let run = client
        .download(ch.id)
        .quality(ImageQuality::DataSaver)
        .out_dir(&tmp.0)
        .report_url(server.report_url())
        .concurrency(1)
        .run();
    let mut run = Box::pin(run);
    // Cut it off while page 4 is on its way. Nothing before page 4 waits (no limit is near,
    // nothing fails), so the paused clock stands still until the run waits on the held page;
    // then it moves to the next timer, the cut-off's.
    tokio::select! {
        result = &mut run => panic!("the first run must hang on page 4: {result:?}"),
        () = tokio::time::sleep(Duration::from_secs(1)) => {}
    }
    let images: Vec<Option<u16>> = requests_on(&server, Listener::Image)
        .into_iter()
        .map(|request| request.status)
        .collect();
    assert_eq!(
        images,
        [Some(200), Some(200), Some(200), None],
        "pages 1 to 3 served, page 4 still held"
    );
    drop(run); // the crash: the download future is gone mid-page
    let dir = tmp.0.join(ch.id.to_string());
    let mut present: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    assert_eq!(present, ["001.jpg", "002.jpg", "003.jpg"]);

    // Damage: page 2 deleted, page 3 empty (a power cut after the rename), a half page 5
    // left as .part.
    std::fs::remove_file(dir.join("002.jpg")).unwrap();
    std::fs::write(dir.join("003.jpg"), b"").unwrap();
    std::fs::write(dir.join("005.jpg.part"), b"half a page").unwrap();

    server.set_faults(FaultPlan::new());
    server.clear_requests();
    let mut download = client
        .download(ch.id)
        .quality(ImageQuality::DataSaver)
        .out_dir(&tmp.0)
        .report_url(server.report_url());
    let mut events = download.events();
    let (summary, events) = tokio::join!(download.run(), events.by_ref().collect::<Vec<_>>());
    let summary = summary.unwrap();
    assert_eq!(summary.skipped, 1, "only page 1 was whole");
    assert_eq!(summary.fetched, pages - 1);
    let fetched: BTreeSet<String> = image_paths(&server).into_iter().collect();
    assert_eq!(
        image_paths(&server).len(),
        pages - 1,
        "no page fetched twice"
    );
    let first = page_url(&server, &ch, ImageQuality::DataSaver, 0);
    assert!(!fetched.contains(first.trim_start_matches(server.image_url())));
    assert!(leftovers(&dir).is_empty(), "no .part left");
    assert!(matches!(
        events[0],
        DownloadEvent::Started { on_disk: 1, .. }
    ));
    let skipped: Vec<usize> = events
        .iter()
        .filter_map(|event| match event {
            DownloadEvent::PageDone {
                index,
                skipped: true,
                ..
            } => Some(*index),
            _ => None,
        })
        .collect();
    assert_eq!(skipped, [0]);
    for (index, file) in summary.files.iter().enumerate() {
        assert_eq!(
            file.file_name().unwrap().to_string_lossy(),
            format!("{:03}.jpg", index + 1)
        );
        let direct = served(
            &client,
            &page_url(&server, &ch, ImageQuality::DataSaver, index),
        )
        .await;
        assert_eq!(std::fs::read(file).unwrap(), direct, "page {}", index + 1);
    }

    // A third run has nothing to do.
    server.clear_requests();
    let again = client
        .download(ch.id)
        .quality(ImageQuality::DataSaver)
        .out_dir(&tmp.0)
        .report_url(server.report_url())
        .run()
        .await
        .unwrap();
    assert_eq!((again.skipped, again.fetched, again.bytes), (pages, 0, 0));
    assert!(image_paths(&server).is_empty());
}

/// A CRC-32 of our own (bitwise, IEEE), so the test does not trust the writer's.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn u16_at(data: &[u8], at: usize) -> u16 {
    u16::from_le_bytes(data[at..at + 2].try_into().unwrap())
}

fn u32_at(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(data[at..at + 4].try_into().unwrap())
}

/// A minimal ZIP reader: the entries (name, data) in central-directory order, checking that
/// each is stored, that its local header agrees and that its CRC is right.
fn read_zip(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let end = zip.len() - 22;
    assert_eq!(u32_at(zip, end), 0x0605_4b50, "end of central directory");
    assert_eq!(u16_at(zip, end + 20), 0, "no comment");
    let count = usize::from(u16_at(zip, end + 10));
    assert_eq!(count, usize::from(u16_at(zip, end + 8)));
    let size = u32_at(zip, end + 12) as usize;
    let mut at = u32_at(zip, end + 16) as usize;
    assert_eq!(
        at + size,
        end,
        "the directory ends where the end record starts"
    );
    let mut entries = Vec::new();
    for _ in 0..count {
        assert_eq!(u32_at(zip, at), 0x0201_4b50, "central header");
        assert_eq!(u16_at(zip, at + 10), 0, "stored");
        let crc = u32_at(zip, at + 16);
        let compressed = u32_at(zip, at + 20) as usize;
        assert_eq!(compressed, u32_at(zip, at + 24) as usize);
        let name_len = usize::from(u16_at(zip, at + 28));
        let skip = name_len + usize::from(u16_at(zip, at + 30)) + usize::from(u16_at(zip, at + 32));
        let local = u32_at(zip, at + 42) as usize;
        let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
        at += 46 + skip;

        assert_eq!(u32_at(zip, local), 0x0403_4b50, "local header of {name}");
        assert_eq!(u16_at(zip, local + 8), 0, "stored");
        assert_eq!(u32_at(zip, local + 14), crc);
        assert_eq!(u32_at(zip, local + 18) as usize, compressed);
        let local_name_len = usize::from(u16_at(zip, local + 26));
        let data_at = local + 30 + local_name_len + usize::from(u16_at(zip, local + 28));
        assert_eq!(
            &zip[local + 30..local + 30 + local_name_len],
            name.as_bytes()
        );
        let data = zip[data_at..data_at + compressed].to_vec();
        assert_eq!(crc32(&data), crc, "CRC of {name}");
        entries.push((name, data));
    }
    entries
}

#[tokio::test]
async fn the_cbz_holds_every_page_in_order_with_the_right_bytes() {
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926, "the test's own CRC");
    let (server, client) = roomy_mock_and_client().await;
    let ch = chapter(&server);
    let pages = ch.pages as usize;
    let tmp = TempDir::new("download-cbz");
    let summary = client
        .download(ch.id)
        .quality(ImageQuality::DataSaver)
        .out_dir(&tmp.0)
        .report_url(server.report_url())
        .cbz(true)
        .run()
        .await
        .unwrap();
    let cbz = summary.cbz.clone().unwrap();
    assert_eq!(cbz, tmp.0.join(format!("{}.cbz", ch.id)));
    assert!(!tmp.0.join(format!("{}.cbz.part", ch.id)).exists());
    let entries = read_zip(&std::fs::read(&cbz).unwrap());
    assert_eq!(entries.len(), pages);
    for (index, (name, data)) in entries.iter().enumerate() {
        assert_eq!(name, &format!("{:03}.jpg", index + 1), "entry order");
        let direct = served(
            &client,
            &page_url(&server, &ch, ImageQuality::DataSaver, index),
        )
        .await;
        assert_eq!(data, &direct, "entry {name}");
        assert_eq!(&data[..2], [0xFF, 0xD8], "a JPEG");
    }

    // An explicit path, and a resumed run (nothing fetched) still writes the CBZ.
    server.clear_requests();
    let other = tmp.0.join("book.cbz");
    let again = client
        .download(ch.id)
        .quality(ImageQuality::DataSaver)
        .out_dir(&tmp.0)
        .report_url(server.report_url())
        .cbz_path(&other)
        .run()
        .await
        .unwrap();
    assert_eq!(again.fetched, 0);
    assert_eq!(again.cbz.as_deref(), Some(other.as_path()));
    assert_eq!(read_zip(&std::fs::read(&other).unwrap()), entries);
}

#[tokio::test]
async fn a_disk_that_refuses_the_pages_is_an_io_error() {
    let (server, client) = roomy_mock_and_client().await;
    let ch = chapter(&server);
    let tmp = TempDir::new("download-io");
    // The chapter's directory cannot be created: a file stands where it should go.
    std::fs::write(tmp.0.join(ch.id.to_string()), b"not a directory").unwrap();
    let error = client
        .download(ch.id)
        .out_dir(&tmp.0)
        .report_url(server.report_url())
        .run()
        .await
        .unwrap_err();
    assert!(error.is_io(), "{error:?}");
    assert!(!error.is_transport());
    assert!(error.to_string().contains(&ch.id.to_string()), "{error}");
}
