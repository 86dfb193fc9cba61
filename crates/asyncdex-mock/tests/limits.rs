//! Rate limits: per-route headers and 429s, the global sliding window, bans.

mod common;

use std::time::Duration;

use asyncdex_mock::{MockServer, RouteLimit, default_route_limits};
use common::{TestClient, assert_error};
use http::Method;

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) as UNIX seconds.
fn http_date_unix(value: &str) -> i64 {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(value, format)
        .unwrap_or_else(|e| panic!("{value:?} is not an HTTP date: {e}"))
        .assume_utc()
        .unix_timestamp()
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

#[tokio::test(start_paused = true)]
async fn route_limit_headers_429_and_window_reset() {
    let s = MockServer::builder()
        .no_global_limit()
        .route_limit_table(vec![RouteLimit::new(
            Method::GET,
            "/manga/random",
            3,
            Duration::from_secs(60),
        )])
        .start()
        .await;
    let c = TestClient::new();
    let url = format!("{}/manga/random", s.url());
    let start = unix_now();
    for remaining in [2, 1, 0] {
        let a = c.get(&url).await;
        assert_eq!(a.status, 200);
        assert_eq!(a.header("x-ratelimit-limit"), Some("3"));
        assert_eq!(
            a.header("x-ratelimit-remaining"),
            Some(remaining.to_string().as_str())
        );
        let retry: i64 = a
            .header("x-ratelimit-retry-after")
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            (retry - (start + 60)).abs() <= 2,
            "retry {retry} start {start}"
        );
    }
    let a = c.get(&url).await;
    assert_error(&a, 429);
    assert_eq!(a.header("x-ratelimit-remaining"), Some("0"));
    assert!(a.header("x-ratelimit-retry-after").is_some());
    // Unlimited routes carry no headers.
    let other = c.get(&format!("{}/manga?limit=1", s.url())).await;
    assert!(other.header("x-ratelimit-limit").is_none());
    // The window ends 60 s after its first request (tokio time); the clock in the headers moves too.
    tokio::time::advance(Duration::from_secs(60)).await;
    let a = c.get(&url).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("x-ratelimit-remaining"), Some("2"));
    let retry: i64 = a
        .header("x-ratelimit-retry-after")
        .unwrap()
        .parse()
        .unwrap();
    assert!((retry - (start + 120)).abs() <= 2);
    // `Date` is on the same clock as the window's end (not the system clock, which a paused
    // test does not move): a client that reads one against the other waits the window's
    // remaining 60 s, not 120.
    let date = http_date_unix(a.header("date").expect("a Date header"));
    assert!((retry - date - 60).abs() <= 1, "retry {retry} date {date}");
    let counters = s.counters();
    assert_eq!(counters.violations, 1);
    assert_eq!(counters.route_violations, 1);
    assert_eq!(counters.global_violations, 0);
}

#[tokio::test(start_paused = true)]
async fn global_sliding_window() {
    let s = MockServer::builder().global_limit(5).start().await;
    let c = TestClient::new();
    let url = format!("{}/ping", s.url());
    for _ in 0..5 {
        assert_eq!(c.get(&url).await.status, 200);
    }
    let a = c.get(&url).await;
    assert_eq!(a.status, 429);
    assert_eq!(a.header("retry-after"), Some("1"));
    assert!(a.header("x-ratelimit-limit").is_none());
    // Sliding: half a second later still limited, a full second after the first request free.
    tokio::time::advance(Duration::from_millis(500)).await;
    assert_eq!(c.get(&url).await.status, 429);
    tokio::time::advance(Duration::from_millis(501)).await;
    assert_eq!(c.get(&url).await.status, 200);
    assert_eq!(s.counters().global_violations, 2);
}

#[tokio::test(start_paused = true)]
async fn ban_after_repeated_early_retries_then_recovery() {
    let s = MockServer::builder()
        .global_limit(1)
        .ban_after(3)
        .ban_duration(Duration::from_secs(30))
        .start()
        .await;
    let c = TestClient::new();
    let url = format!("{}/ping", s.url());
    assert_eq!(c.get(&url).await.status, 200);
    // The first 429 announces the limit and does not count; the next three were sent before
    // its announced end (Retry-After: 1), and the third of them starts the ban.
    for _ in 0..4 {
        assert_eq!(c.get(&url).await.status, 429);
    }
    // Banned: 403 for everything, whatever the window says.
    tokio::time::advance(Duration::from_secs(2)).await;
    let a = c.get(&format!("{}/manga?limit=1", s.url())).await;
    assert_eq!(a.status, 403);
    assert_eq!(c.get(&url).await.status, 403);
    let counters = s.counters();
    assert_eq!(counters.bans, 1);
    assert_eq!(counters.violations, 4);
    assert_eq!(counters.early_retries, 3);
    assert_eq!(counters.banned_requests, 2);
    tokio::time::advance(Duration::from_secs(30)).await;
    assert_eq!(c.get(&url).await.status, 200);
}

/// The UNIX time (in seconds, as a float) the server's clock started from, at most: the mock
/// derives its UNIX time from the tokio clock, so `start + tokio time elapsed` is never ahead
/// of it.
fn unix_now_f64() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

#[tokio::test(start_paused = true)]
async fn a_client_that_waits_as_every_429_says_is_never_banned() {
    let started = tokio::time::Instant::now();
    let unix_start = unix_now_f64();
    // The harshest setting: one early retry would ban.
    let s = MockServer::builder()
        .global_limit(2)
        .route_limit_table(vec![RouteLimit::new(
            Method::GET,
            "/manga/random",
            3,
            Duration::from_secs(10),
        )])
        .ban_after(1)
        .start()
        .await;
    let c = TestClient::new();
    let (mut global, mut route) = (0, 0);
    for i in 0..60 {
        let path = if i % 2 == 0 { "/ping" } else { "/manga/random" };
        let a = c.get(&format!("{}{path}", s.url())).await;
        assert_ne!(a.status, 403, "request {i} was refused: banned");
        if a.status != 429 {
            continue;
        }
        if let Some(secs) = a.header("retry-after") {
            global += 1;
            tokio::time::sleep(Duration::from_secs(secs.parse().unwrap())).await;
        } else {
            route += 1;
            let end: f64 = a
                .header("x-ratelimit-retry-after")
                .unwrap()
                .parse()
                .unwrap();
            let elapsed = started.elapsed().as_secs_f64();
            let wait = (end - unix_start - elapsed).max(0.0);
            tokio::time::sleep(Duration::from_secs_f64(wait)).await;
        }
    }
    let counters = s.counters();
    assert!(global > 0 && route > 0, "global {global} route {route}");
    assert_eq!(counters.violations, global + route);
    assert_eq!(counters.early_retries, 0);
    assert_eq!(counters.bans, 0);
}

#[tokio::test(start_paused = true)]
async fn early_retries_count_per_limit() {
    let s = MockServer::builder()
        .no_global_limit()
        .route_limit_table(vec![RouteLimit::new(
            Method::GET,
            "/manga/random",
            1,
            Duration::from_secs(10),
        )])
        .ban_after(2)
        .start()
        .await;
    let c = TestClient::new();
    let random = format!("{}/manga/random", s.url());
    assert_eq!(c.get(&random).await.status, 200);
    assert_eq!(c.get(&random).await.status, 429);
    // Other routes are not limited: sending there is no early retry.
    for _ in 0..5 {
        assert_eq!(c.get(&format!("{}/ping", s.url())).await.status, 200);
    }
    assert_eq!(c.get(&random).await.status, 429);
    assert_eq!(s.counters().early_retries, 1);
    assert_eq!(s.counters().bans, 0);
    assert_eq!(c.get(&random).await.status, 429);
    assert_eq!(s.counters().bans, 1);
    assert_eq!(c.get(&format!("{}/ping", s.url())).await.status, 403);
}

#[tokio::test(start_paused = true)]
async fn shared_upload_bucket_and_scaling() {
    let s = MockServer::builder()
        .no_global_limit()
        .scale_route_limits(0.1)
        .start()
        .await;
    let c = TestClient::new();
    let login = c
        .json(Method::POST, &format!("{}/auth/login", s.url()), None, &serde_json::json!({"username": asyncdex_mock::DEFAULT_USERNAME, "password": asyncdex_mock::DEFAULT_PASSWORD}))
        .await
        .json();
    let token = login["token"]["session"].as_str().unwrap().to_owned();
    // 20/min scaled by 0.1 = 2, shared by POST /upload/begin and POST /upload/begin/{id}.
    let chapter = s.catalogue().chapters[0].id;
    let a = c
        .json(
            Method::POST,
            &format!("{}/upload/begin", s.url()),
            Some(&token),
            &serde_json::json!({"groups": [], "manga": chapter}),
        )
        .await;
    assert_eq!(a.header("x-ratelimit-limit"), Some("2"));
    assert_eq!(a.header("x-ratelimit-remaining"), Some("1"));
    let a = c
        .json(
            Method::POST,
            &format!("{}/upload/begin/{chapter}", s.url()),
            Some(&token),
            &serde_json::json!({"version": 1}),
        )
        .await;
    assert_eq!(a.header("x-ratelimit-remaining"), Some("0"));
    let a = c
        .json(
            Method::POST,
            &format!("{}/upload/begin", s.url()),
            Some(&token),
            &serde_json::json!({}),
        )
        .await;
    assert_eq!(a.status, 429);
    // Login: 30/60 min scaled = 3 (the login above used one).
    let a = c
        .json(
            Method::POST,
            &format!("{}/auth/login", s.url()),
            None,
            &serde_json::json!({"username": "x", "password": "whatever-pass"}),
        )
        .await;
    assert_eq!(a.header("x-ratelimit-limit"), Some("3"));
    assert_eq!(a.header("x-ratelimit-remaining"), Some("1"));
}

#[test]
fn default_table_matches_the_docs() {
    let t = default_route_limits();
    let find = |m: Method, r: &str| {
        t.iter()
            .find(|row| row.routes.iter().any(|(rm, rr)| *rm == m && rr == r))
            .unwrap()
    };
    let at_home = find(Method::GET, "/at-home/server/{id}");
    assert_eq!(
        (at_home.amount, at_home.window),
        (40, Duration::from_secs(60))
    );
    let refresh = find(Method::POST, "/auth/refresh");
    assert_eq!(
        (refresh.amount, refresh.window),
        (60, Duration::from_secs(3600))
    );
    let files = find(Method::DELETE, "/upload/{id}/batch");
    assert_eq!(files.amount, 250);
    assert!(
        files
            .routes
            .contains(&(Method::POST, "/upload/{id}".to_owned()))
    );
    let rows: usize = t.iter().map(|r| r.routes.len()).sum();
    assert_eq!(rows, 31);
}
