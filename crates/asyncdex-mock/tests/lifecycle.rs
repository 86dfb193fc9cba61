//! Start, URLs, request log, shutdown.

mod common;

use std::time::{Duration, Instant};

use asyncdex_mock::{Listener, MockServer};
use common::TestClient;

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

async fn refused(addr: &str) -> bool {
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    false
}

#[tokio::test]
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
    tokio::time::timeout(Duration::from_secs(5), s.shutdown())
        .await
        .expect("shutdown hangs");
    assert!(refused(&addr).await);
}

#[tokio::test]
async fn starts_fast() {
    let t = Instant::now();
    let s = MockServer::start().await;
    let c = TestClient::new();
    assert_eq!(c.get(&format!("{}/ping", s.url())).await.status, 200);
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
}
