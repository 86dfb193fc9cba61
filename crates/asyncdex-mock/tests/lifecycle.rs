//! Start, URLs, request log, shutdown. Nothing here waits on a clock: what a test waits for
//! is counted in scheduler turns, and the clock is tokio's, paused, where a test asks about
//! time.

mod common;

use std::time::Duration;

use asyncdex_mock::{Listener, MockServer};
use common::TestClient;
use tokio::time::Instant;

#[tokio::test]
async fn urls_are_distinct_loopback_listeners() {
    let s = MockServer::start().await;
    let urls = [
        s.url().to_owned(),
        s.auth_url(),
        s.image_url().to_owned(),
        s.report_url(),
        s.uploads_url().to_owned(),
    ];
    for u in &urls {
        assert!(u.starts_with("http://127.0.0.1:"), "{u}");
    }
    let port = |u: &str| {
        u.trim_start_matches("http://127.0.0.1:")
            .split('/')
            .next()
            .unwrap()
            .to_owned()
    };
    let ports: std::collections::BTreeSet<String> = urls.iter().map(|u| port(u)).collect();
    assert_eq!(ports.len(), 5);
    assert!(!s.url().ends_with('/'));
    assert!(!s.uploads_url().ends_with('/'));
    assert!(
        s.auth_url()
            .ends_with("/realms/mangadex/protocol/openid-connect/token")
    );
    assert!(s.report_url().ends_with("/report"));
}

#[tokio::test]
async fn log_records_requests_and_can_be_cleared_or_disabled() {
    let s = MockServer::builder().no_global_limit().start().await;
    let c = TestClient::new();
    c.send(
        http::Method::GET,
        &format!("{}/manga?limit=2&title=a", s.url()),
        &[("user-agent", "asyncdex-test/1.0")],
        "",
    )
    .await;
    let log = s.requests();
    assert_eq!(log.len(), 1);
    let r = &log[0];
    assert_eq!(r.listener, Listener::Api);
    assert_eq!(r.method, http::Method::GET);
    assert_eq!(r.path, "/manga");
    assert_eq!(r.query.as_deref(), Some("limit=2&title=a"));
    assert_eq!(r.header("user-agent"), Some("asyncdex-test/1.0"));
    assert_eq!(r.status, Some(200));
    s.clear_requests();
    assert!(s.requests().is_empty());
    assert_eq!(s.counters().requests, 1);

    let quiet = MockServer::builder().log_requests(false).start().await;
    c.get(&format!("{}/ping", quiet.url())).await;
    assert!(quiet.requests().is_empty());
    assert_eq!(quiet.counters().requests, 1);

    let capped = MockServer::builder()
        .no_global_limit()
        .log_capacity(3)
        .start()
        .await;
    for _ in 0..5 {
        c.get(&format!("{}/ping", capped.url())).await;
    }
    let log = capped.requests();
    assert_eq!(log.len(), 3);
    assert_eq!(log[0].seq, 2);
}

/// True when `addr` refuses connections within a few scheduler turns. Dropping the server
/// aborts its listener tasks; the runtime drops their listeners the next time it runs them,
/// which on this single-threaded runtime is before this task resumes from a yield.
async fn refused(addr: &str) -> bool {
    for _ in 0..10 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            return true;
        }
        tokio::task::yield_now().await;
    }
    false
}

#[tokio::test(start_paused = true)]
async fn drop_and_shutdown_close_every_listener() {
    let s = MockServer::start().await;
    let addrs: Vec<String> = [s.url(), s.image_url(), s.uploads_url()]
        .iter()
        .map(|u| u.trim_start_matches("http://").to_owned())
        .collect();
    let c = TestClient::new();
    assert_eq!(c.get(&format!("{}/ping", s.url())).await.status, 200);
    drop(s);
    for a in &addrs {
        assert!(refused(a).await, "{a} still accepts");
    }
    let s = MockServer::start().await;
    let addr = s
        .report_url()
        .trim_start_matches("http://")
        .trim_end_matches("/report")
        .to_owned();
    // Paused clock: the timeout fires only if shutdown waits for something that cannot happen.
    tokio::time::timeout(Duration::from_secs(5), s.shutdown())
        .await
        .expect("shutdown hangs");
    // Shutdown has waited for its tasks: the listener is closed already.
    assert!(
        tokio::net::TcpStream::connect(&addr).await.is_err(),
        "{addr} still accepts"
    );
}

/// Starts and answers without waiting on any timer: the clock (paused) has not moved when the
/// first answer is in. How long a start takes on a real clock is a figure, measured by the
/// `mock_throughput` example (BENCHMARKS.md, "The fake server"), not a test's bound.
#[tokio::test(start_paused = true)]
async fn starts_without_waiting() {
    let t = Instant::now();
    let s = MockServer::start().await;
    let c = TestClient::new();
    assert_eq!(c.get(&format!("{}/ping", s.url())).await.status, 200);
    assert_eq!(t.elapsed(), Duration::ZERO);
}

#[tokio::test]
async fn on_request_sees_every_answered_request() {
    use std::sync::{Arc, Mutex};
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let s = MockServer::builder()
        .log_requests(false)
        .on_request(move |r| {
            let line = format!(
                "{} {} {} {:?}",
                r.listener.name(),
                r.method,
                r.path,
                r.status
            );
            sink.lock().unwrap().push(line);
        })
        .start()
        .await;
    let c = TestClient::new();
    c.get(&format!("{}/ping", s.url())).await;
    c.get(&format!("{}/data/x/y.png", s.image_url())).await;
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        [
            "api GET /ping Some(200)",
            "image GET /data/x/y.png Some(404)"
        ]
    );
    assert!(s.requests().is_empty());
}
