//! Trust nothing on the wire: a scripted server on loopback attacks the client with damaged
//! pages, lying rate-limit headers, the edge's ban page, unusable node addresses and silent
//! nodes. Each test here failed before the client learnt to handle its case (RELIABILITY.md
//! lists them). Tests whose logic depends on time run on a paused tokio clock.

mod scripted;
#[allow(
    dead_code,
    reason = "shared by several test files, each using part of it"
)]
mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use asyncdex::MangadexClient;
use asyncdex::download::DownloadEvent;
use asyncdex::model::AtHomeServer;
use http::Method;
use scripted::{Scripted, Seen, Step, answer, at_home, json, png, until_close};
use support::{TempDir, fast_retries};
use tokio::sync::Notify;
use uuid::Uuid;

const CHAPTER: Uuid = Uuid::from_u128(0x0c0f_fee0);

/// A client of the scripted server, with fast retries.
fn client(server: &Scripted) -> asyncdex::ClientBuilder {
    MangadexClient::builder()
        .api_url(&server.url)
        .retry_layer(fast_retries())
}

/// `http://<the host the request was sent to>/node`: an image node on the scripted server
/// itself.
fn node(seen: &Seen) -> String {
    format!("http://{}/node", seen.header("host").unwrap_or_default())
}

/// The MD@Home reports the server received, as `(page file, success)`.
fn reports(server: &Scripted) -> Vec<(String, bool)> {
    server
        .seen()
        .iter()
        .filter(|seen| seen.method == "POST" && seen.path == "/report")
        .map(|seen| {
            let report: serde_json::Value = serde_json::from_slice(&seen.body).unwrap();
            let url = report["url"].as_str().unwrap();
            let file = url.rsplit('/').next().unwrap().to_owned();
            (file, report["success"].as_bool().unwrap())
        })
        .collect()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// A page cut short by a dropped connection (no `Content-Length` to tell), an HTML error page
/// served with `200 OK`, and one served as `image/png`: none is saved, each is retried and
/// reported to MD@Home as a failure. Later, a random file under a page's name is fetched
/// again, and a stray file in the chapter directory never reaches the CBZ.
#[tokio::test]
async fn damaged_pages_are_never_saved_trusted_or_packed() {
    let tries: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let server = Scripted::start(move |seen| {
        if seen.path.starts_with("/at-home/server/") {
            return json(
                "200 OK",
                &at_home(&node(seen), &["x1.png", "x2.png", "x3.png"]),
            );
        }
        if seen.path == "/report" {
            return json("200 OK", r#"{"result":"ok"}"#);
        }
        let file = seen.path.rsplit('/').next().unwrap_or_default().to_owned();
        let first = {
            let mut tries = tries.lock().unwrap();
            let n = tries.entry(file.clone()).or_insert(0);
            *n += 1;
            *n == 1
        };
        let page = png();
        match (file.as_str(), first) {
            ("x1.png", true) => until_close("200 OK", &["content-type: image/png"], &page[..20]),
            ("x2.png", true) => answer(
                "200 OK",
                &["content-type: text/html"],
                b"<html><body>502 Bad Gateway</body></html>",
            ),
            ("x3.png", true) => answer(
                "200 OK",
                &["content-type: image/png"],
                b"<!DOCTYPE html><html>Bad gateway</html>",
            ),
            _ => answer("200 OK", &["content-type: image/png"], &page),
        }
    })
    .await;
    let client = client(&server).build().unwrap();
    let tmp = TempDir::new("hostile-pages");
    let dir = tmp.0.join("chapter");
    let download = || {
        client
            .download(CHAPTER)
            .dir(&dir)
            .retry_backoff(Duration::from_millis(1))
            .report_url(format!("{}/report", server.url))
    };

    let summary = download().run().await.unwrap();
    assert_eq!((summary.fetched, summary.retries), (3, 3));
    for file in &summary.files {
        assert_eq!(std::fs::read(file).unwrap(), png(), "{}", file.display());
    }
    summary.reports.flush().await;
    let mut seen = reports(&server);
    seen.sort();
    let expected: Vec<(String, bool)> = ["x1.png", "x2.png", "x3.png"]
        .iter()
        .flat_map(|file| [((*file).to_owned(), false), ((*file).to_owned(), true)])
        .collect();
    assert_eq!(seen, expected, "each damaged page reported as a failure");

    // A random 100-byte file under a page's name, and a stray file beside the pages.
    let random: Vec<u8> = (0u32..100).map(|i| (i * 37 + 11) as u8).collect();
    std::fs::write(dir.join("002.png"), &random).unwrap();
    std::fs::write(dir.join("junk.bin"), &random).unwrap();
    let cbz = tmp.0.join("chapter.cbz");
    let summary = download().cbz_path(&cbz).run().await.unwrap();
    assert_eq!((summary.fetched, summary.skipped), (1, 2));
    assert_eq!(std::fs::read(dir.join("002.png")).unwrap(), png());
    let archive = std::fs::read(&cbz).unwrap();
    let holds = |name: &[u8]| archive.windows(name.len()).any(|w| w == name);
    assert!(holds(b"001.png") && holds(b"002.png") && holds(b"003.png"));
    assert!(!holds(b"junk.bin"), "a stray file was packed");
    assert!(!holds(&random[..16]), "the random bytes were packed");
}

/// A gzip bomb: 1 MiB of zeros in 1,051 bytes (Python's
/// `gzip.compress(b"\0" * 2**20, mtime=0)`, which is zeros but for these bytes).
fn gzip_bomb() -> Vec<u8> {
    let mut bytes = vec![0u8; 1051];
    for (at, byte) in [
        (0, 31),
        (1, 139),
        (2, 8),
        (8, 2),
        (9, 3),
        (10, 237),
        (11, 193),
        (12, 49),
        (13, 1),
        (17, 194),
        (18, 160),
        (19, 245),
        (20, 79),
        (21, 109),
        (22, 8),
        (23, 95),
        (24, 160),
        (1041, 62),
        (1042, 3),
        (1043, 28),
        (1044, 234),
        (1045, 56),
        (1046, 167),
        (1049, 16),
    ] {
        bytes[at] = byte;
    }
    bytes
}

/// Errors no retry can fix end the download at once: no retry, no new node asked for.
#[tokio::test]
async fn permanent_page_errors_are_not_retried() {
    for (base_url, kind) in [
        ("ftp://127.0.0.1:21/node", "an unsupported scheme"),
        ("http://127.0.0.1:9/no de", "an invalid URL"),
        ("", "an oversized page"),
        ("", "a gzip bomb"),
    ] {
        let server = Scripted::start(move |seen| {
            if seen.path.starts_with("/at-home/server/") {
                let base = if base_url.is_empty() {
                    node(seen)
                } else {
                    base_url.to_owned()
                };
                return json("200 OK", &at_home(&base, &["x1.png", "x2.png"]));
            }
            if kind == "a gzip bomb" {
                let headers = ["content-type: image/png", "content-encoding: gzip"];
                return answer("200 OK", &headers, &gzip_bomb());
            }
            answer("200 OK", &["content-type: image/png"], &[0u8; 4096])
        })
        .await;
        let client = client(&server).max_body_size(2048).build().unwrap();
        let tmp = TempDir::new("hostile-permanent");
        let error = client
            .download(CHAPTER)
            .dir(&tmp.0)
            .concurrency(1)
            .retry_backoff(Duration::from_millis(1))
            .run()
            .await
            .unwrap_err();
        if base_url.is_empty() {
            assert!(error.is_body_too_large(), "{kind}: {error}");
            assert_eq!(server.count("/node/"), 1, "{kind}: one fetch");
        } else {
            assert!(error.is_invalid_input(), "{kind}: {error}");
            assert_eq!(server.count("/node/"), 0, "{kind}: nothing fetched");
        }
        assert_eq!(
            server.count("/at-home/"),
            1,
            "{kind}: no new node asked for"
        );
    }
}

/// A node that accepts connections and never answers: the download ends at its deadline, on
/// the dot (paused clock), instead of after every retry on every node.
#[tokio::test(start_paused = true)]
async fn a_silent_node_ends_at_the_download_deadline() {
    let server = Scripted::start(|seen| {
        if seen.path.starts_with("/at-home/server/") {
            return json("200 OK", &at_home(&node(seen), &["x1.png", "x2.png"]));
        }
        vec![Step::Hang]
    })
    .await;
    let client = client(&server).build().unwrap();
    let tmp = TempDir::new("hostile-silent");
    let deadline = Duration::from_secs(90);
    let started = tokio::time::Instant::now();
    let error = client
        .download(CHAPTER)
        .dir(&tmp.0)
        .deadline(deadline)
        .run()
        .await
        .unwrap_err();
    assert!(error.deadline() == Some(deadline), "{error}");
    assert!(error.is_timeout());
    let took = started.elapsed();
    assert!(
        took >= deadline && took < deadline + Duration::from_secs(1),
        "{took:?}"
    );
    assert!(server.count("/node/") >= 2, "the node was tried");
}

/// Two downloads of one chapter into one directory: the second is refused while the first
/// runs (they would delete each other's half-written pages), and the lock goes with the first.
#[tokio::test]
async fn a_second_download_of_a_chapter_into_the_same_dir_is_refused() {
    let silent = Arc::new(AtomicBool::new(true));
    let script_silent = silent.clone();
    let server = Scripted::start(move |seen| {
        if seen.path.starts_with("/at-home/server/") {
            return json("200 OK", &at_home(&node(seen), &["x1.png"]));
        }
        if script_silent.load(Ordering::Acquire) {
            return vec![Step::Hang];
        }
        answer("200 OK", &["content-type: image/png"], &png())
    })
    .await;
    let client = client(&server).build().unwrap();
    let tmp = TempDir::new("hostile-lock");
    let dir = tmp.0.clone();

    let started = Arc::new(Notify::new());
    let signal = started.clone();
    let first_client = client.clone();
    let first_dir = dir.clone();
    let first = tokio::spawn(async move {
        first_client
            .download(CHAPTER)
            .dir(first_dir)
            .progress(move |event| {
                if matches!(event, DownloadEvent::Started { .. }) {
                    signal.notify_one();
                }
            })
            .run()
            .await
    });
    started.notified().await;

    let error = client.download(CHAPTER).dir(&dir).run().await.unwrap_err();
    assert!(error.is_locked(), "{error}");
    assert!(
        error
            .to_string()
            .contains("another download of this chapter is running"),
        "{error}"
    );

    first.abort();
    assert!(first.await.unwrap_err().is_cancelled());
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    silent.store(false, Ordering::Release);
    let summary = client.download(CHAPTER).dir(&dir).run().await.unwrap();
    assert_eq!(summary.fetched, 1);
}

/// `should_report` compares the base URL's host with `mangadex.org`, not its text; a
/// relative or plain-http report URL is refused before anything is sent; and the nodes of an
/// API that is not MangaDex's are never reported to MangaDex's report host.
#[tokio::test]
async fn reports_go_only_where_they_belong() {
    let at = |base_url: &str| AtHomeServer {
        base_url: base_url.to_owned(),
        chapter: serde_json::from_str(r#"{"hash":"h","data":[],"dataSaver":[]}"#).unwrap(),
    };
    for reported in [
        "https://node.example/mangadex.org/",
        "https://mangadex.org.node.example",
        "https://notmangadex.org",
    ] {
        assert!(at(reported).should_report(), "{reported}");
    }
    for mangadex in [
        "https://uploads.mangadex.org",
        "https://MangaDex.org.",
        "bad url",
    ] {
        assert!(!at(mangadex).should_report(), "{mangadex}");
    }

    let server = Scripted::start(|seen| {
        if seen.path.starts_with("/at-home/server/") {
            return json("200 OK", &at_home(&node(seen), &["x1.png"]));
        }
        answer("200 OK", &["content-type: image/png"], &png())
    })
    .await;
    let client = client(&server).build().unwrap();
    let tmp = TempDir::new("hostile-reports");
    for url in ["/report", "report", "http://example.org/report", "https://"] {
        let error = client
            .download(CHAPTER)
            .dir(&tmp.0)
            .report_url(url)
            .run()
            .await
            .unwrap_err();
        assert!(error.is_invalid_input(), "{url}: {error}");
        assert!(asyncdex::download::check_report_url(url).is_err(), "{url}");
    }
    assert!(server.seen().is_empty(), "nothing was sent");

    // The default report URL is MangaDex's, the API is not: nothing is reported.
    let summary = client.download(CHAPTER).dir(&tmp.0).run().await.unwrap();
    assert_eq!(summary.fetched, 1);
    let reports = &summary.reports;
    assert_eq!(
        (reports.pending(), reports.sent(), reports.failed()),
        (0, 0, 0)
    );
}

/// The edge's HTML 403 ban page is told apart from the API's own 403, with the pause the
/// client keeps because of it.
#[tokio::test]
async fn an_html_403_ban_page_is_recognised() {
    let server = Scripted::start(|seen| match seen.path.as_str() {
        "/manga/json" => json(
            "403 Forbidden",
            r#"{"result":"error","errors":[{"status":403,"title":"forbidden_http_exception"}]}"#,
        ),
        _ => answer(
            "403 Forbidden",
            &["content-type: text/html; charset=utf-8"],
            b"<html><body><h1>403 Forbidden</h1>You are temporarily banned.</body></html>",
        ),
    })
    .await;
    let client = client(&server)
        .slowdown_pause(Duration::from_secs(300))
        .build()
        .unwrap();
    let error = client
        .request(Method::GET, "/manga/json")
        .send()
        .await
        .unwrap_err();
    assert!(!error.is_banned() && error.slow_down().is_none(), "{error}");

    let error = client
        .request(Method::GET, "/manga")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_banned(), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(403));
    let pause = error.slow_down().unwrap();
    assert!(
        pause > Duration::from_secs(290) && pause <= Duration::from_secs(300),
        "{pause:?}"
    );
}

/// `X-RateLimit-Retry-After` far in the future: the error says the same wait whether the
/// client waits for rate limits or fails fast, on a route of the table and off it.
#[tokio::test]
async fn a_far_future_window_end_gives_the_same_wait_either_way() {
    let server = Scripted::start(|_| {
        answer(
            "429 Too Many Requests",
            &[
                "content-type: application/json",
                "x-ratelimit-retry-after: 99999999999",
            ],
            br#"{"result":"error","errors":[{"status":429,"title":"too_many_requests"}]}"#,
        )
    })
    .await;
    for path in ["/manga", "/at-home/server/0c0ffee0"] {
        let mut expires = Vec::new();
        for sleep in [true, false] {
            let client = client(&server).sleep_on_ratelimit(sleep).build().unwrap();
            let error = client.request(Method::GET, path).send().await.unwrap_err();
            let Some(ratelimit_expires) = error.retry_at() else {
                panic!("{path}, sleep {sleep}: {error}");
            };
            expires.push(ratelimit_expires);
        }
        let gap = (expires[0] - expires[1]).abs();
        assert!(gap.whole_seconds() < 60, "{path}: {expires:?}");
    }
}

/// A route the table does not know answers "nothing remains until T": the client sends
/// nothing more to the API before T.
#[tokio::test]
async fn a_route_outside_the_table_honours_its_window_end() {
    let end = unix_now() + 30;
    let server = Scripted::start(move |_| {
        let retry_after = format!("x-ratelimit-retry-after: {end}");
        answer(
            "200 OK",
            &[
                "content-type: application/json",
                "x-ratelimit-limit: 5",
                "x-ratelimit-remaining: 0",
                &retry_after,
            ],
            br#"{"result":"ok"}"#,
        )
    })
    .await;
    let client = client(&server).sleep_on_ratelimit(false).build().unwrap();
    client
        .request(Method::GET, "/custom/route")
        .send()
        .await
        .unwrap();
    let error = client
        .request(Method::GET, "/manga")
        .send()
        .await
        .unwrap_err();
    let Some(ratelimit_expires) = error.retry_at() else {
        panic!("{error}");
    };
    let expires = ratelimit_expires.unix_timestamp().unsigned_abs();
    assert!(
        expires + 2 >= end && expires <= end + 1,
        "{expires} vs {end}"
    );
    assert_eq!(server.seen().len(), 1);
}

/// `Retry-After: -5` on a 429 is malformed: the 429 counts as one without a hint (the host
/// pauses for a window), not as "resend now" three times.
#[tokio::test]
async fn a_negative_retry_after_pauses_for_a_window() {
    let server = Scripted::start(|_| {
        answer(
            "429 Too Many Requests",
            &["content-type: application/json", "retry-after: -5"],
            br#"{"result":"error","errors":[]}"#,
        )
    })
    .await;
    let client = client(&server).sleep_on_ratelimit(false).build().unwrap();
    let error = client
        .request(Method::GET, "/manga")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_ratelimit(), "{error}");
    assert_eq!(server.seen().len(), 1, "no immediate resend");
}

/// A parameter that makes the URL too long is said to be too long, quoted short.
#[tokio::test]
async fn a_huge_parameter_is_refused_short() {
    let client = MangadexClient::builder().build().unwrap();
    let error = client
        .request(Method::GET, "/manga")
        .param("title", "x".repeat(70_000))
        .send()
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(error.is_invalid_input(), "{message}");
    assert!(message.contains("too long"), "{message}");
    assert!(message.len() < 500, "{} bytes", message.len());
}

/// `LOCALHOST` and `localhost.` are this machine: plain http is allowed there.
#[tokio::test]
async fn localhost_in_capitals_is_loopback() {
    let server = Scripted::start(|_| json("200 OK", r#"{"result":"ok"}"#)).await;
    let port = server.url.rsplit(':').next().unwrap();
    MangadexClient::builder()
        .api_url(format!("http://localhost.:{port}"))
        .build()
        .unwrap();
    let client = MangadexClient::builder()
        .api_url(format!("http://LOCALHOST:{port}"))
        .build()
        .unwrap();
    client.request(Method::GET, "/ping").send().await.unwrap();
}
