//! Whole-series downloads and library sync against the fake MangaDex's showcase series, over
//! TCP: which version of each chapter is taken and why the others are not, the files and
//! archives it becomes, what a re-run and a sync ask the API for, and the guarantees on disk
//! (archives rebuilt without losing the old one, damaged pages fetched again, one writer).

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

#[allow(
    dead_code,
    reason = "shared by several test files, each using part of it"
)]
mod support;

use asyncdex::MangadexClient;
use asyncdex::model::Language;
use asyncdex::series::{Filters, Format, Plan, SeriesSummary, SkipReason, Store};
use asyncdex_mock::catalogue::ChapterRecord;
use asyncdex_mock::{Listener, MockServer};
use support::TempDir;
use uuid::Uuid;

async fn server() -> MockServer {
    support::roomy_mock().start().await
}

fn client(server: &MockServer) -> MangadexClient {
    support::fast_client(server).build().unwrap()
}

fn showcase(server: &MockServer) -> Uuid {
    server.catalogue().showcase_manga().id
}

/// The showcase chapter `number` in English by `group`.
fn chapter(server: &MockServer, number: Option<&str>, group: Uuid) -> ChapterRecord {
    server
        .catalogue()
        .showcase_chapter("en", number, group)
        .unwrap_or_else(|| panic!("showcase chapter {number:?}"))
        .clone()
}

/// Runs a plan against the mock's report and uploads hosts.
async fn run(server: &MockServer, client: &MangadexClient, plan: Plan) -> SeriesSummary {
    let summary = plan
        .download(client)
        .report_url(server.report_url())
        .uploads_url(format!("{}/covers", server.uploads_url()))
        .run()
        .await
        .unwrap();
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    summary
}

fn api_requests(server: &MockServer) -> Vec<String> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.listener == Listener::Api)
        .map(|r| r.path)
        .collect()
}

fn at_home_calls(server: &MockServer) -> usize {
    api_requests(server)
        .iter()
        .filter(|p| p.starts_with("/at-home/server/"))
        .count()
}

/// The names of an archive's entries, in order, and the bytes of one.
fn entries(path: &Path) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    archive.file_names_in_order()
}

trait InOrder {
    fn file_names_in_order(self) -> Vec<String>;
}

impl InOrder for zip::ZipArchive<std::fs::File> {
    fn file_names_in_order(mut self) -> Vec<String> {
        (0..self.len())
            .map(|i| self.by_index(i).unwrap().name().unwrap().into_owned())
            .collect()
    }
}

fn entry_bytes(path: &Path, name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut bytes = Vec::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

/// Validates a ComicInfo.xml against the v2.0 schema shipped as test data.
fn assert_valid_comic_info(xml: &[u8]) {
    let xml = String::from_utf8(xml.to_vec()).unwrap();
    if let Err(report) = support::validate(&xml) {
        panic!("invalid against ComicInfo v2.0:\n{report}\n{xml}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plan_takes_one_version_per_chapter_and_says_why_it_leaves_the_others() {
    let server = server().await;
    let client = client(&server);
    let tmp = TempDir::new("plan");
    let plan = client
        .series(showcase(&server))
        .root(&tmp.0)
        .plan()
        .await
        .unwrap();
    let cast = server.catalogue().showcase().clone();
    let series = &plan.series[0];
    let taken: HashSet<Uuid> = series.chapters.iter().map(|c| c.id).collect();
    // Continuity: chapter 2 was A's (more pages than C's), so A's chapter 3 wins over B's
    // longer one; B made the only chapter 6, so B's chapter 7 wins.
    for (number, group) in [
        ("2", cast.group_a),
        ("3", cast.group_a),
        ("6", cast.group_b),
        ("7", cast.group_b),
    ] {
        assert!(
            taken.contains(&chapter(&server, Some(number), group).id),
            "chapter {number}"
        );
    }
    let skip = |id: Uuid| {
        series
            .skipped
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.reason.clone())
    };
    let b3 = chapter(&server, Some("3"), cast.group_b).id;
    assert_eq!(
        skip(b3),
        Some(SkipReason::Duplicate {
            kept: chapter(&server, Some("3"), cast.group_a).id
        })
    );
    let external = chapter(&server, Some("11"), cast.group_d).id;
    assert!(matches!(skip(external), Some(SkipReason::External { .. })));
    assert_eq!(plan.chapter_count(), 13);
    // No two chapters share a path, not even ignoring case.
    let paths: HashSet<String> = series
        .chapters
        .iter()
        .map(|c| c.target.to_string_lossy().to_lowercase())
        .collect();
    assert_eq!(paths.len(), series.chapters.len());
    // Nothing was written by planning.
    assert_eq!(std::fs::read_dir(&tmp.0).unwrap().count(), 0);
    // The plan is data: it survives JSON.
    let json = serde_json::to_string(&plan).unwrap();
    assert_eq!(serde_json::from_str::<Plan>(&json).unwrap(), plan);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preferences_blocks_and_languages_change_the_choice() {
    let server = server().await;
    let client = client(&server);
    let tmp = TempDir::new("prefs");
    let cast = server.catalogue().showcase().clone();
    let filters = Filters {
        languages: vec![Language::French, Language::English],
        prefer_groups: vec![cast.group_b.to_string()],
        block_uploaders: vec![cast.other_uploader.to_string()],
        no_oneshots: true,
        ..Filters::default()
    };
    let plan = client
        .series(showcase(&server))
        .root(&tmp.0)
        .filters(filters)
        .plan()
        .await
        .unwrap();
    let series = &plan.series[0];
    let language_of = |number: &str| {
        series
            .chapters
            .iter()
            .find(|c| c.chapter.as_deref() == Some(number))
            .map(|c| c.language.clone())
    };
    assert_eq!(language_of("1"), Some(Language::French));
    assert_eq!(language_of("3"), Some(Language::French));
    assert_eq!(language_of("4"), Some(Language::English));
    let b3 = chapter(&server, Some("3"), cast.group_b).id;
    let b7 = chapter(&server, Some("7"), cast.group_b).id;
    assert!(
        !series.chapters.iter().any(|c| c.id == b3),
        "French comes first"
    );
    assert!(series.chapters.iter().any(|c| c.id == b7), "B is preferred");
    assert!(
        series.chapters.iter().all(|c| c.chapter.is_some()),
        "no oneshot"
    );
    let d10 = chapter(&server, Some("10"), cast.group_d).id;
    let reason = series
        .skipped
        .iter()
        .find(|s| s.id == d10)
        .map(|s| s.reason.clone());
    assert!(matches!(reason, Some(SkipReason::Filtered { why }) if why.starts_with("uploader")));
    // Every group's version, under names that never collide.
    let all = client
        .series(showcase(&server))
        .root(&tmp.0)
        .all_groups(true)
        .plan()
        .await
        .unwrap();
    assert_eq!(all.chapter_count(), 17);
    let paths: HashSet<String> = all.series[0]
        .chapters
        .iter()
        .map(|c| c.target.to_string_lossy().to_lowercase())
        .collect();
    assert_eq!(paths.len(), 17);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn volume_archives_carry_comicinfo_and_covers_and_a_rerun_fetches_nothing() {
    let server = server().await;
    let client = client(&server);
    let tmp = TempDir::new("volumes");
    let job = || {
        client
            .series(showcase(&server))
            .root(&tmp.0)
            .format(Format::CbzVolume)
    };
    let mut options = job().plan().await.unwrap().series[0].options.clone();
    options.cover = true;
    let plan = job().options(options.clone()).plan().await.unwrap();
    let folder = tmp.0.join(&plan.series[0].folder);
    let summary = run(&server, &client, plan).await;
    assert_eq!((summary.chapters, summary.archives.len()), (13, 2));
    assert_eq!(at_home_calls(&server), 13);
    assert!(folder.join("cover.jpg").is_file());

    let volume = summary
        .archives
        .iter()
        .find(|a| a.to_string_lossy().ends_with("v01.cbz"))
        .unwrap();
    let names = entries(&tmp.0.join(volume));
    assert_eq!(names[0], "ComicInfo.xml");
    let mut sorted = names.clone();
    sorted.sort();
    sorted.retain(|n| n != "ComicInfo.xml");
    assert_eq!(sorted, names[1..], "entry names sort in reading order");
    assert!(names[1].contains("cover"), "{names:?}");
    assert_eq!(names.len(), 2 + 5 + 6 + 5 + 6 + 3, "{names:?}");
    let xml = entry_bytes(&tmp.0.join(volume), "ComicInfo.xml");
    assert_valid_comic_info(&xml);
    let text = String::from_utf8(xml).unwrap();
    assert!(
        text.contains("<Series>Showcase: The Archivist&apos;s Lantern</Series>"),
        "{text}"
    );
    assert!(
        text.contains("<Manga>YesAndRightToLeft</Manga>")
            && text.contains("<AgeRating>Teen</AgeRating>")
    );

    let store = Store::open_read_only(&tmp.0).unwrap();
    assert_eq!(store.chapters().unwrap().len(), 13);
    drop(store);

    // A re-run: the feed page and nothing else (the metadata is the library's copy), no
    // at-home call, nothing written.
    server.clear_requests();
    let again = job().options(options).plan().await.unwrap();
    assert_eq!(again.chapter_count(), 0);
    assert_eq!(
        again.series[0].info.title,
        "Showcase: The Archivist's Lantern"
    );
    assert_eq!(run(&server, &client, again).await.chapters, 0);
    let feed = format!("/manga/{}/feed", showcase(&server));
    assert_eq!(api_requests(&server), [feed]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_volume_gains_chapters_without_its_old_entries_changing() {
    let server = server().await;
    let client = client(&server);
    let tmp = TempDir::new("rebuild");
    let job = |range: &str| {
        let filters = Filters {
            chapters: Some(range.parse().unwrap()),
            ..Filters::default()
        };
        client
            .series(showcase(&server))
            .root(&tmp.0)
            .format(Format::CbzVolume)
            .filters(filters)
    };
    let first = run(&server, &client, job("1-2").plan().await.unwrap()).await;
    let volume = tmp.0.join(&first.archives[0]);
    let before = entries(&volume);
    let old_page = entry_bytes(&volume, &before[1]);
    server.clear_requests();
    let plan = job("1-5").plan().await.unwrap();
    // New chapters: the metadata is asked again (names and ComicInfo as MangaDex has them
    // now), once.
    let manga = api_requests(&server)
        .iter()
        .filter(|p| p.as_str() == "/manga")
        .count();
    assert_eq!(manga, 1, "{:?}", api_requests(&server));
    let second = run(&server, &client, plan).await;
    assert_eq!(second.chapters, 4, "3, 4, 4.5 and 5");
    let after = entries(&volume);
    for name in &before[1..] {
        assert!(after.contains(name), "{name} kept");
    }
    assert_eq!(entry_bytes(&volume, &before[1]), old_page);
    assert!(after.iter().any(|n| n.starts_with("c0004.5-")), "{after:?}");
    let store = Store::open_read_only(&tmp.0).unwrap();
    let in_volume = store.chapters_in(&first.archives[0]).unwrap();
    assert_eq!(in_volume.len(), 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_asks_only_for_what_is_new() {
    let server = server().await;
    let client = client(&server);
    let tmp = TempDir::new("sync");
    let cast = server.catalogue().showcase().clone();
    let c12 = chapter(&server, Some("12"), cast.group_a);
    let day = time::Duration::days(1);
    let at = |unix: i64| time::OffsetDateTime::from_unix_timestamp(unix).unwrap();
    server.set_release_time(at(c12.publish_at) - day);
    let plan = client
        .series(showcase(&server))
        .root(&tmp.0)
        .plan()
        .await
        .unwrap();
    assert_eq!(run(&server, &client, plan).await.chapters, 12);

    // Up to date: one request for the whole library, no at-home call.
    server.clear_requests();
    let plan = client.sync(&tmp.0).plan().await.unwrap();
    assert_eq!(plan.chapter_count(), 0);
    run(&server, &client, plan).await;
    assert_eq!(
        api_requests(&server).len(),
        1,
        "{:?}",
        api_requests(&server)
    );

    // Chapter 12 comes out: the manga, its feed since the last chapter seen, one at-home.
    server.set_release_time(at(c12.publish_at) + day);
    server.clear_requests();
    let plan = client.sync(&tmp.0).plan().await.unwrap();
    let new: Vec<Uuid> = plan.series[0].chapters.iter().map(|c| c.id).collect();
    assert_eq!(new, [c12.id]);
    run(&server, &client, plan).await;
    let requests = api_requests(&server);
    assert_eq!(requests.len(), 3, "{requests:?}");
    assert!(requests.iter().any(|p| p.contains("/feed")), "{requests:?}");
    assert_eq!(at_home_calls(&server), 1);

    server.clear_requests();
    let plan = client.sync(&tmp.0).plan().await.unwrap();
    assert_eq!(plan.chapter_count(), 0);
    assert_eq!(api_requests(&server).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_library_has_one_writer() {
    let server = server().await;
    let client = client(&server);
    let tmp = TempDir::new("lock");
    let holder = Store::open(&tmp.0).unwrap();
    let plan = client
        .series(showcase(&server))
        .root(&tmp.0)
        .plan()
        .await
        .unwrap();
    let error = plan
        .download(&client)
        .report_url(server.report_url())
        .run()
        .await
        .unwrap_err();
    assert!(error.is_library(), "{error:?}");
    assert!(error.to_string().contains("another asyncdex"), "{error}");
    assert_eq!(at_home_calls(&server), 0, "nothing fetched");
    drop(holder);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn damaged_pages_on_disk_are_fetched_again() {
    let server = server().await;
    let client = client(&server);
    let tmp = TempDir::new("damaged");
    let record = server.catalogue().chapter_with_pages().clone();
    let dir = tmp.0.join("chapter");
    let first = client
        .download(record.id)
        .dir(&dir)
        .report_url(server.report_url())
        .run()
        .await
        .unwrap();
    let good = std::fs::read(&first.files[1]).unwrap();
    // A page cut short, and one replaced by an error page: both look "done" by size.
    std::fs::write(&first.files[1], &good[..good.len() / 2]).unwrap();
    std::fs::write(&first.files[0], b"<html>502 Bad Gateway</html>").unwrap();
    let again = client
        .download(record.id)
        .dir(&dir)
        .report_url(server.report_url())
        .run()
        .await
        .unwrap();
    assert_eq!((again.fetched, again.skipped), (2, first.pages - 2));
    assert_eq!(std::fs::read(&again.files[1]).unwrap(), good);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_custom_list_becomes_one_folder_per_series() {
    let server = server().await;
    let client = client(&server);
    let tmp = TempDir::new("list");
    let list = server
        .catalogue()
        .lists
        .iter()
        .find(|l| l.manga.len() >= 2)
        .unwrap()
        .clone();
    let filters = Filters {
        chapters: Some("1".parse().unwrap()),
        languages: vec![],
        ..Filters::default()
    };
    let plan = client
        .list_series(list.id)
        .root(&tmp.0)
        .filters(filters)
        .plan()
        .await
        .unwrap();
    let ids: Vec<Uuid> = plan.series.iter().map(|s| s.info.id).collect();
    assert_eq!(ids, list.manga);
    let folders: HashSet<&Path> = plan.series.iter().map(|s| s.folder.as_path()).collect();
    assert_eq!(folders.len(), list.manga.len());
    for series in &plan.series {
        assert!(
            series
                .chapters
                .iter()
                .all(|c| c.target.starts_with(&series.folder))
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_followed_feed_is_a_library_that_syncs_in_one_request() {
    use asyncdex::series::SeriesEvent;
    use asyncdex_mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME};
    use futures_util::StreamExt;

    let server = server().await;
    let client = support::fast_client(&server)
        .credentials(DEFAULT_USERNAME, DEFAULT_PASSWORD)
        .build()
        .unwrap();
    let tmp = TempDir::new("followed");
    client
        .manga()
        .follow(showcase(&server))
        .send()
        .await
        .unwrap();
    let filters = Filters {
        chapters: Some("1-3".parse().unwrap()),
        ..Filters::default()
    };
    let plan = client
        .followed_series()
        .root(&tmp.0)
        .filters(filters)
        .plan()
        .await
        .unwrap();
    assert_eq!(plan.series.len(), 1);
    assert_eq!(plan.chapter_count(), 3);
    let mut download = plan.download(&client).report_url(server.report_url());
    let events = download.events();
    let (summary, events) = tokio::join!(download.run(), events.collect::<Vec<_>>());
    assert_eq!(summary.unwrap().chapters, 3);
    let done = events
        .iter()
        .filter(|e| matches!(e, SeriesEvent::ChapterDone { .. }))
        .count();
    let pages = events
        .iter()
        .filter(|e| {
            matches!(
                e,
                SeriesEvent::Chapter {
                    event: asyncdex::download::DownloadEvent::PageDone { .. },
                    ..
                }
            )
        })
        .count();
    assert_eq!(done, 3);
    assert_eq!(pages, 5 + 6 + 5);
    assert!(matches!(
        events.first(),
        Some(SeriesEvent::Started { chapters: 3, .. })
    ));
    assert!(matches!(events.last(), Some(SeriesEvent::Finished(_))));

    // Up to date: the followed feed alone, asked from the last chapter seen.
    server.clear_requests();
    let plan = client.sync(&tmp.0).followed(true).plan().await.unwrap();
    assert_eq!(plan.chapter_count(), 0);
    let requests = api_requests(&server);
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert!(
        requests[0].starts_with("/user/follows/manga/feed"),
        "{requests:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn originals_failing_everywhere_fall_back_to_data_saver() {
    use asyncdex_mock::{FaultKind, FaultPlan, FaultRule};

    let server = server().await;
    let client = client(&server);
    let tmp = TempDir::new("saver");
    server.set_faults(
        FaultPlan::new().rule(
            FaultRule::new(FaultKind::InternalServerError)
                .on(Listener::Image)
                .prefix("/data/"),
        ),
    );
    let filters = Filters {
        chapters: Some("1".parse().unwrap()),
        ..Filters::default()
    };
    let plan = client
        .series(showcase(&server))
        .root(&tmp.0)
        .filters(filters)
        .plan()
        .await
        .unwrap();
    let summary = run(&server, &client, plan).await;
    assert_eq!((summary.chapters, summary.data_saver_fallbacks), (1, 1));
    let reports = server.reports();
    assert!(
        reports.iter().any(|r| !r.success),
        "failures are reported as failures"
    );
    let saver_pages = server
        .requests()
        .into_iter()
        .filter(|r| r.listener == Listener::Image && r.path.starts_with("/data-saver/"))
        .count();
    assert_eq!(saver_pages, 5);
}
