//! Chapter downloads when things go wrong, against the fake MangaDex server over TCP: image
//! failures and retries, node switches under the at-home route's limit, MD@Home reports (every
//! fetch, right fields, no token, never in the download's way). Tests about waits run on a
//! paused tokio clock, which the mock shares.

#[allow(
    dead_code,
    reason = "shared by several test files, each using part of it"
)]
mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use asyncdex::MangadexClient;
use asyncdex::download::{DownloadEvent, DownloadSummary, PendingReports};
use asyncdex_mock::catalogue::ChapterRecord;
use asyncdex_mock::{FaultKind, FaultPlan, FaultRule, Listener, MockServer, RouteLimit};
use asyncdex_tower::ratelimit::{Path as RoutePath, PathRatelimit, Ratelimits};
use futures_util::StreamExt;
use http::{Method, StatusCode};
use support::{TempDir, busiest_window, fast_client as builder, requests_on as on, roomy_mock};
use tokio::time::Instant;

fn ratelimits() -> Ratelimits {
    Ratelimits::default().with_global(200, Duration::from_secs(1))
}

async fn server(plan: FaultPlan) -> MockServer {
    roomy_mock().faults(plan).start().await
}

fn chapter(server: &MockServer) -> ChapterRecord {
    server.catalogue().chapter_with_pages().clone()
}

fn at_home_calls(server: &MockServer) -> Vec<asyncdex_mock::LoggedRequest> {
    on(server, Listener::Api)
        .into_iter()
        .filter(|request| request.path.starts_with("/at-home/server/"))
        .collect()
}

/// A download with fast page retries, its events collected.
async fn download(
    client: &MangadexClient,
    server: &MockServer,
    ch: &ChapterRecord,
    dir: &TempDir,
    tune: impl FnOnce(asyncdex::download::ChapterDownload) -> asyncdex::download::ChapterDownload,
) -> (
    asyncdex::Result<DownloadSummary>,
    Vec<DownloadEvent>,
    PendingReports,
) {
    let mut download = tune(
        client
            .download(ch.id)
            .out_dir(&dir.0)
            .report_url(server.report_url())
            .retry_backoff(Duration::from_millis(1)),
    );
    let mut events = download.events();
    let reports = download.reports();
    let (result, events) = tokio::join!(download.run(), events.by_ref().collect::<Vec<_>>());
    (result, events, reports)
}

fn retries(events: &[DownloadEvent]) -> Vec<(usize, u32, Option<StatusCode>)> {
    events
        .iter()
        .filter_map(|event| match event {
            DownloadEvent::Retry {
                index,
                attempt,
                error,
                ..
            } => Some((*index, *attempt, error.status())),
            _ => None,
        })
        .collect()
}

fn switches(events: &[DownloadEvent]) -> usize {
    events
        .iter()
        .filter(|event| matches!(event, DownloadEvent::NodeSwitched { .. }))
        .count()
}

fn assert_pages_whole(summary: &DownloadSummary, ch: &ChapterRecord) {
    assert_eq!(summary.files.len(), ch.pages as usize);
    for file in &summary.files {
        let data = std::fs::read(file).unwrap();
        assert_eq!(&data[..4], b"\x89PNG", "{file:?}");
        // The mock's PNG ends with the IEND chunk: a cut page would not.
        assert_eq!(&data[data.len() - 8..data.len() - 4], b"IEND", "{file:?}");
    }
}

#[tokio::test]
async fn failed_image_fetches_are_retried_and_the_download_completes() {
    let image = |kind| FaultRule::new(kind).on(Listener::Image).prefix("/data/");
    let server = server(
        FaultPlan::new()
            .rule(image(FaultKind::InternalServerError).times(2))
            .rule(image(FaultKind::ConnectionReset).times(2))
            .rule(image(FaultKind::TruncatedBody).times(1)),
    )
    .await;
    let client = builder(&server).build().unwrap();
    let ch = chapter(&server);
    let pages = ch.pages as usize;
    let tmp = TempDir::new("retry");
    let (summary, events, _) = download(&client, &server, &ch, &tmp, |d| {
        d.concurrency(2).node_failures(100)
    })
    .await;
    let summary = summary.unwrap();
    assert_eq!(server.counters().faults_injected, 5);
    let retried = retries(&events);
    assert_eq!(retried.len(), 5, "{retried:?}");
    assert_eq!(summary.retries, 5);
    let statuses: Vec<Option<StatusCode>> = retried.iter().map(|r| r.2).collect();
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == Some(StatusCode::INTERNAL_SERVER_ERROR))
            .count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(statuses.iter().filter(|s| s.is_none()).count(), 3);
    assert_eq!((summary.fetched, summary.node_switches), (pages, 0));
    assert_eq!(on(&server, Listener::Image).len(), pages + 5);
    assert_eq!(at_home_calls(&server).len(), 1);
    assert_pages_whole(&summary, &ch);
}

#[tokio::test]
async fn a_failing_node_is_replaced_by_a_new_at_home_answer() {
    // The first three image fetches fail: with one page at a time and node_failures(3), the
    // node is given up after the third and the rest comes from the next node.
    let server = server(
        FaultPlan::new().rule(
            FaultRule::new(FaultKind::ServiceUnavailable)
                .on(Listener::Image)
                .prefix("/data/")
                .times(3),
        ),
    )
    .await;
    let client = builder(&server).build().unwrap();
    let ch = chapter(&server);
    let pages = ch.pages as usize;
    let tmp = TempDir::new("switch");
    let (summary, events, _) = download(&client, &server, &ch, &tmp, |d| {
        d.concurrency(1).page_retries(5).node_failures(3)
    })
    .await;
    let summary = summary.unwrap();
    assert_eq!(summary.node_switches, 1);
    assert_eq!(switches(&events), 1);
    assert_eq!(
        at_home_calls(&server).len(),
        2,
        "a second /at-home/server call"
    );
    assert_eq!(
        retries(&events),
        [
            (0, 1, Some(StatusCode::SERVICE_UNAVAILABLE)),
            (0, 2, Some(StatusCode::SERVICE_UNAVAILABLE)),
            (0, 3, Some(StatusCode::SERVICE_UNAVAILABLE)),
        ]
    );
    // The switch comes after the third failure and before page 1 is done.
    let switch_at = events
        .iter()
        .position(|event| matches!(event, DownloadEvent::NodeSwitched { .. }))
        .unwrap();
    let first_done = events
        .iter()
        .position(|event| matches!(event, DownloadEvent::PageDone { .. }))
        .unwrap();
    assert!(switch_at < first_done);
    assert_eq!(summary.fetched, pages);
    assert_eq!(on(&server, Listener::Image).len(), pages + 3);
    assert_pages_whole(&summary, &ch);
    assert_eq!(server.counters().violations, 0);
}

#[tokio::test(start_paused = true)]
async fn a_dead_node_makes_the_download_fail_after_a_bounded_number_of_switches() {
    let server = server(
        FaultPlan::new().rule(FaultRule::new(FaultKind::InternalServerError).on(Listener::Image)),
    )
    .await;
    let client = builder(&server).build().unwrap();
    let ch = chapter(&server);
    let tmp = TempDir::new("dead");
    let (summary, events, reports) = download(&client, &server, &ch, &tmp, |d| {
        d.page_retries(1).node_failures(4).node_switches(2)
    })
    .await;
    let error = summary.unwrap_err();
    // The failed fetches are reported too, and the handle taken before the run can wait for
    // them even though there is no summary. (Paused clock: the timeout only fires if the
    // flush waits on nothing that can happen.)
    tokio::time::timeout(Duration::from_secs(5), reports.flush())
        .await
        .unwrap();
    let fetches = on(&server, Listener::Image).len();
    assert!(fetches >= 3 * 4, "{fetches} fetches on three nodes");
    assert_eq!(reports.sent(), fetches as u64);
    let received = server.reports();
    assert_eq!(received.len(), fetches);
    assert!(
        received
            .iter()
            .all(|report| !report.success && report.bytes > 0)
    );
    assert_eq!(
        error.status(),
        Some(StatusCode::INTERNAL_SERVER_ERROR),
        "{error}"
    );
    assert_eq!(switches(&events), 2);
    assert_eq!(
        at_home_calls(&server).len(),
        3,
        "one call, then one per switch"
    );
    assert!(!events.iter().any(|event| matches!(
        event,
        DownloadEvent::Finished(_) | DownloadEvent::PageDone { .. }
    )));
    let dir = tmp.0.join(ch.id.to_string());
    assert_eq!(
        std::fs::read_dir(dir).unwrap().count(),
        0,
        "no page, no .part"
    );
    assert_eq!(server.counters().violations, 0);
}

#[tokio::test(start_paused = true)]
async fn node_switches_wait_for_the_at_home_limit_instead_of_breaking_it() {
    // The at-home route limited to 3 per second on both sides: 7 calls must take more than
    // two seconds, and the mock sees no violation.
    let window = Duration::from_secs(1);
    let server = roomy_mock()
        .route_limit_table(vec![RouteLimit::new(
            Method::GET,
            "/at-home/server/{id}",
            3,
            window,
        )])
        .faults(
            FaultPlan::new()
                .rule(FaultRule::new(FaultKind::InternalServerError).on(Listener::Image)),
        )
        .start()
        .await;
    let mut limits = ratelimits();
    limits.add(PathRatelimit::new(
        RoutePath::new("at-home", "/at-home/server/{chapterId}", Some(Method::GET)),
        3,
        window,
    ));
    let client = builder(&server).ratelimits(limits).build().unwrap();
    let ch = chapter(&server);
    let tmp = TempDir::new("limit");
    let started = Instant::now();
    let (summary, events, _) = download(&client, &server, &ch, &tmp, |d| {
        d.page_retries(0).node_failures(1).node_switches(6)
    })
    .await;
    assert!(summary.is_err());
    assert_eq!(switches(&events), 6);
    let calls = at_home_calls(&server);
    assert_eq!(calls.len(), 7);
    // Tokio time: the waits themselves, not how busy the machine was.
    assert!(started.elapsed() >= 2 * window, "{:?}", started.elapsed());
    let busiest = busiest_window(calls.iter().map(|call| call.at), window);
    assert_eq!(busiest, 3, "{busiest} at-home calls within a second");
    assert!(calls.iter().all(|call| call.status == Some(200)));
    let counters = server.counters();
    assert_eq!((counters.violations, counters.route_violations), (0, 0));
}

// On the real clock: a report's `duration` is measured with `std::time::Instant`, which a
// paused tokio clock does not move. The only time assertion is a lower bound (the delayed
// fetch took at least its delay), which a busy machine cannot break.
#[tokio::test]
async fn every_fetch_is_reported_with_the_right_fields_and_no_token_goes_out() {
    let image = |kind| FaultRule::new(kind).on(Listener::Image).prefix("/data/");
    let server = server(
        FaultPlan::new()
            .rule(image(FaultKind::InternalServerError).times(2))
            .rule(image(FaultKind::ConnectionReset).times(1))
            .rule(image(FaultKind::Delay(Duration::from_millis(150))).times(1)),
    )
    .await;
    // A logged-in client, with a token in hand.
    let client = builder(&server)
        .credentials(
            asyncdex_mock::DEFAULT_USERNAME,
            asyncdex_mock::DEFAULT_PASSWORD,
        )
        .build()
        .unwrap();
    client
        .request(Method::GET, "/user/me")
        .send()
        .await
        .unwrap();
    assert!(client.session_token().is_some());
    let me = on(&server, Listener::Api);
    assert!(
        me.last().unwrap().authorization().is_some(),
        "the API gets the token"
    );

    let ch = chapter(&server);
    let pages = ch.pages as usize;
    let tmp = TempDir::new("reports");
    let (summary, events, _) = download(&client, &server, &ch, &tmp, |d| {
        d.concurrency(1).node_failures(100)
    })
    .await;
    let summary = summary.unwrap();
    summary.reports.flush().await;
    assert_eq!(summary.reports.pending(), 0);
    assert_eq!(summary.reports.sent(), (pages + 3) as u64);
    let reports = server.reports();
    assert_eq!(reports.len(), pages + 3, "one report per fetch");
    assert_eq!(retries(&events).len(), 3);

    // What the node serves for each page, with its X-Cache, asked directly.
    let files = ch.data_files();
    let mut expected = BTreeMap::new();
    for file in &files {
        let url = format!("{}/data/{}/{file}", server.image_url(), ch.hash);
        let answer = client
            .request(Method::GET, &url)
            .with_auth(false)
            .send()
            .await
            .unwrap();
        let hit = answer.headers()["x-cache"]
            .to_str()
            .unwrap()
            .starts_with("HIT");
        expected.insert(url, (answer.bytes().len() as u64, hit));
    }
    assert!(expected.values().any(|(_, hit)| *hit) && expected.values().any(|(_, hit)| !*hit));

    let (ok, failed): (Vec<_>, Vec<_>) = reports.iter().partition(|report| report.success);
    assert_eq!(ok.len(), pages);
    for report in &ok {
        let (bytes, hit) = expected[&report.url];
        assert_eq!(report.bytes, bytes, "{}", report.url);
        assert_eq!(report.cached, hit, "{}", report.url);
    }
    let mut ok_urls: Vec<&str> = ok.iter().map(|report| report.url.as_str()).collect();
    ok_urls.sort_unstable();
    ok_urls.dedup();
    assert_eq!(
        ok_urls.len(),
        pages,
        "every page reported once as a success"
    );
    assert!(
        ok.iter().any(|report| report.duration >= 150),
        "the delayed fetch took 150 ms: {:?}",
        ok.iter().map(|r| r.duration).collect::<Vec<_>>()
    );
    // Two 500s with an error body, one reset with no answer at all.
    assert_eq!(failed.len(), 3);
    assert!(
        failed
            .iter()
            .all(|report| !report.cached && expected.contains_key(&report.url))
    );
    let mut failed_bytes: Vec<u64> = failed.iter().map(|report| report.bytes).collect();
    failed_bytes.sort_unstable();
    assert_eq!(failed_bytes[0], 0, "no response, no bytes");
    assert!(
        failed_bytes[1] > 0 && failed_bytes[2] > 0,
        "{failed_bytes:?}"
    );

    // No token on any image fetch or report, and the nodes saw none.
    for request in on(&server, Listener::Image)
        .iter()
        .chain(&on(&server, Listener::Report))
    {
        assert!(
            request.authorization().is_none(),
            "{} {}",
            request.method,
            request.path
        );
    }
    assert_eq!(on(&server, Listener::Report).len(), pages + 3);
    assert_eq!(server.counters().leaked_tokens, 0);
}

#[tokio::test(start_paused = true)]
async fn slow_reports_never_delay_the_download() {
    let delay = Duration::from_secs(2);
    let server =
        server(FaultPlan::new().rule(FaultRule::new(FaultKind::Delay(delay)).on(Listener::Report)))
            .await;
    let client = builder(&server).build().unwrap();
    let ch = chapter(&server);
    let pages = ch.pages as usize;
    let tmp = TempDir::new("slow-reports");
    let started = Instant::now();
    let (summary, _, _) = download(&client, &server, &ch, &tmp, |d| d).await;
    let took = started.elapsed();
    let summary = summary.unwrap();
    // Tokio time: only the waits count, and a download that waited for a report would have
    // taken the report's whole delay.
    assert!(took < delay / 2, "the download took {took:?}");
    assert_eq!(summary.fetched, pages);
    assert!(
        server.reports().is_empty(),
        "no report could have arrived yet"
    );
    assert_eq!(summary.reports.pending(), pages);

    // They do arrive, later: once the server's delay has passed.
    tokio::time::timeout(delay * 3, summary.reports.flush())
        .await
        .unwrap();
    assert_eq!(server.reports().len(), pages);
    assert_eq!(summary.reports.sent(), pages as u64);
    assert!(started.elapsed() >= delay);
}

#[tokio::test(start_paused = true)]
async fn a_download_owns_its_client_and_runs_in_a_spawned_task() {
    let server = server(FaultPlan::default()).await;
    let ch = chapter(&server);
    let dir = TempDir::new("spawned");
    let client = builder(&server).ratelimits(ratelimits()).build().unwrap();
    let download = client
        .download(ch.id)
        .out_dir(&dir.0)
        .report_url(server.report_url());
    // The builder holds its own handle on the client: the caller's may go, and the download
    // moves into a task of its own without a clone.
    drop(client);
    let summary = tokio::spawn(download.run()).await.unwrap().unwrap();
    assert_eq!(summary.pages, ch.pages as usize);
    assert_eq!(summary.fetched, ch.pages as usize);
}

#[tokio::test(start_paused = true)]
async fn a_cbz_that_cannot_be_written_fails_before_any_page_is_fetched() {
    let server = server(FaultPlan::default()).await;
    let ch = chapter(&server);
    let dir = TempDir::new("unwritable-cbz");
    let client = builder(&server).ratelimits(ratelimits()).build().unwrap();
    // A file where the archive's folder should be: no folder can be made there.
    let blocker = dir.0.join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    let error = client
        .download(ch.id)
        .out_dir(dir.0.join("pages"))
        .cbz_path(blocker.join("chapter.cbz"))
        .report_url(server.report_url())
        .run()
        .await
        .unwrap_err();
    assert!(error.to_string().contains("not-a-folder"), "{error}");
    assert!(
        at_home_calls(&server).is_empty(),
        "nothing was asked of the server"
    );
    // A folder where the archive should be is refused as clearly.
    let folder = dir.0.join("a-folder.cbz");
    std::fs::create_dir(&folder).unwrap();
    let error = client
        .download(ch.id)
        .out_dir(dir.0.join("pages"))
        .cbz_path(&folder)
        .run()
        .await
        .unwrap_err();
    assert!(error.is_invalid_input(), "{error:?}");
    assert!(at_home_calls(&server).is_empty());
    // A missing folder for the archive is made.
    let nested = dir.0.join("new/sub/ch.cbz");
    client
        .download(ch.id)
        .out_dir(dir.0.join("pages"))
        .cbz_path(&nested)
        .report_url(server.report_url())
        .run()
        .await
        .unwrap();
    assert!(nested.is_file());
}
