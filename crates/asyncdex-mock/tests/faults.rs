//! Fault injection, one test per kind, plus first-N and image-host faults.

mod common;

use std::time::Duration;

use asyncdex_mock::{FaultKind, FaultPlan, FaultRule, Listener, MockServer};
use common::{TestClient, assert_error};
use http::Method;

async fn with(plan: FaultPlan) -> (MockServer, TestClient) {
    (
        MockServer::builder()
            .no_global_limit()
            .faults(plan)
            .start()
            .await,
        TestClient::new(),
    )
}

#[tokio::test]
async fn reset_and_truncated_are_transport_errors() {
    let (s, c) =
        with(FaultPlan::new().always(Method::GET, "/manga/{id}", FaultKind::ConnectionReset)).await;
    let id = s.catalogue().manga[0].id;
    let url = format!("{}/manga/{id}", s.url());
    let err = c.try_send(Method::GET, &url, &[], "").await.unwrap_err();
    assert!(!err.is_empty());
    assert_eq!(c.get(&format!("{}/ping", s.url())).await.status, 200);
    s.set_faults(FaultPlan::new().always(Method::GET, "/manga/{id}", FaultKind::TruncatedBody));
    let err = c.try_send(Method::GET, &url, &[], "").await.unwrap_err();
    assert!(
        err.contains("body") || err.contains("Incomplete") || err.contains("closed"),
        "{err}"
    );
    s.set_faults(FaultPlan::new());
    assert_eq!(c.get(&url).await.status, 200);
    let counters = s.counters();
    assert_eq!(counters.faults_by_kind.get("connection_reset"), Some(&1));
    assert_eq!(counters.faults_by_kind.get("truncated_body"), Some(&1));
    assert_eq!(counters.faults_injected, 2);
    let log = s.requests();
    assert_eq!(
        log.iter()
            .filter(|r| r.fault == Some("connection_reset"))
            .count(),
        1
    );
    assert!(
        log.iter()
            .any(|r| r.fault == Some("connection_reset") && r.status.is_none())
    );
}

#[tokio::test]
async fn status_faults() {
    let (s, c) = with(FaultPlan::new()).await;
    let url = format!("{}/manga?limit=1", s.url());
    for (kind, status) in [
        (FaultKind::InternalServerError, 500),
        (FaultKind::BadGateway, 502),
        (FaultKind::ServiceUnavailable, 503),
        (FaultKind::TooManyRequests, 429),
        (FaultKind::RetryAfter(Duration::from_millis(2_500)), 429),
        (FaultKind::HtmlBadRequest, 400),
        (FaultKind::HtmlForbidden, 403),
        (FaultKind::Captcha, 403),
    ] {
        s.set_faults(FaultPlan::new().rule(FaultRule::new(kind).route("/manga")));
        let a = c.get(&url).await;
        assert_eq!(a.status.as_u16(), status, "{kind:?}");
        match kind {
            FaultKind::InternalServerError | FaultKind::ServiceUnavailable => {
                assert_error(&a, status);
            }
            FaultKind::TooManyRequests => {
                assert!(
                    a.header("retry-after").is_none()
                        && a.header("x-ratelimit-retry-after").is_none()
                );
                assert!(a.body.is_empty());
            }
            FaultKind::RetryAfter(_) => {
                assert_eq!(assert_error(&a, 429), "too_many_requests");
                assert_eq!(a.header("retry-after"), Some("3"));
            }
            FaultKind::HtmlBadRequest => {
                assert_eq!(a.header("content-type"), Some("text/html"));
                assert!(
                    String::from_utf8_lossy(&a.body)
                        .contains("Your browser sent an invalid request")
                );
            }
            FaultKind::HtmlForbidden | FaultKind::BadGateway => {
                assert_eq!(a.header("content-type"), Some("text/html"))
            }
            FaultKind::Captcha => {
                assert_eq!(assert_error(&a, 403), "captcha_required_exception");
                assert!(a.header("x-captcha-sitekey").is_some());
            }
            _ => {}
        }
    }
    s.set_faults(FaultPlan::new().rule(FaultRule::new(FaultKind::MalformedJson).prefix("/manga")));
    let a = c.get(&url).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("content-type"), Some("application/json"));
    assert!(serde_json::from_slice::<serde_json::Value>(&a.body).is_err());
    assert_eq!(s.counters().faults_injected, 9);
    assert_eq!(
        s.counters().violations,
        0,
        "injected 429s are not limiter violations"
    );
}

#[tokio::test(start_paused = true)]
async fn delay_then_normal_answer() {
    let (s, c) = with(
        FaultPlan::new()
            .rule(FaultRule::new(FaultKind::Delay(Duration::from_secs(5))).route("/ping")),
    )
    .await;
    let t = tokio::time::Instant::now();
    let a = c.get(&format!("{}/ping", s.url())).await;
    assert_eq!(a.status, 200);
    assert!(t.elapsed() >= Duration::from_secs(5));
    assert_eq!(s.counters().faults_by_kind.get("delay"), Some(&1));
}

#[tokio::test]
async fn first_n_then_normal() {
    let (s, c) = with(FaultPlan::new().first_n(
        Method::GET,
        "/manga/{id}",
        2,
        FaultKind::ServiceUnavailable,
    ))
    .await;
    let url = format!("{}/manga/{}", s.url(), s.catalogue().manga[0].id);
    assert_eq!(c.get(&url).await.status, 503);
    assert_eq!(
        c.get(&format!("{}/manga?limit=1", s.url())).await.status,
        200,
        "other routes unaffected"
    );
    assert_eq!(c.get(&url).await.status, 503);
    assert_eq!(c.get(&url).await.status, 200);
    assert_eq!(c.get(&url).await.status, 200);
}

#[tokio::test]
async fn random_faults_are_seeded() {
    let plan = FaultPlan::new()
        .random(
            0.5,
            vec![FaultKind::InternalServerError, FaultKind::BadGateway],
        )
        .seed(9);
    let mut runs = Vec::new();
    for _ in 0..2 {
        let (s, c) = with(plan.clone()).await;
        let mut statuses = Vec::new();
        for _ in 0..40 {
            statuses.push(c.get(&format!("{}/ping", s.url())).await.status.as_u16());
        }
        runs.push(statuses);
    }
    assert_eq!(runs[0], runs[1]);
    let failures = runs[0].iter().filter(|s| **s != 200).count();
    assert!((8..=32).contains(&failures), "{failures}");
    assert!(runs[0].contains(&500) && runs[0].contains(&502));
}

#[tokio::test]
async fn image_host_faults() {
    let (s, c) = with(
        FaultPlan::new().rule(
            FaultRule::new(FaultKind::BadGateway)
                .on(Listener::Image)
                .prefix("/data/")
                .times(1),
        ),
    )
    .await;
    let ch = s.catalogue().chapter_with_pages();
    let url = format!("{}/data/{}/{}", s.image_url(), ch.hash, ch.data_files()[0]);
    assert_eq!(c.get(&url).await.status, 502);
    assert_eq!(c.get(&url).await.status, 200);
    // API requests are not touched by an image-host rule.
    assert_eq!(c.get(&format!("{}/ping", s.url())).await.status, 200);
}

/// `latency` holds every answer, on every listener, on tokio time (paused here: no real wait).
#[tokio::test(start_paused = true)]
async fn latency_delays_every_answer_on_tokio_time() {
    let latency = Duration::from_secs(5);
    let s = MockServer::builder().latency(latency).start().await;
    let c = TestClient::new();
    let manga = s.catalogue().manga[0].id;
    let cover = s.catalogue().covers_of(&manga)[0].file_name.clone();
    for url in [
        format!("{}/ping", s.url()),
        format!("{}/covers/{manga}/{cover}", s.uploads_url()),
    ] {
        let start = tokio::time::Instant::now();
        assert_eq!(c.get(&url).await.status, 200, "{url}");
        assert!(start.elapsed() >= latency, "{url}: {:?}", start.elapsed());
    }
}
