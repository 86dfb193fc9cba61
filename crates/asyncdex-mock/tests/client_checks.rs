//! What MangaDex asks of every API request, and what every API answer carries: a real
//! `User-Agent`, no `Via` header, and an `X-Request-ID` that error bodies repeat.

mod common;

use asyncdex_mock::MockServer;
use common::{TestClient, assert_error};
use http::Method;

async fn server() -> MockServer {
    MockServer::builder().no_global_limit().start().await
}

#[tokio::test]
async fn requests_without_a_real_user_agent_or_with_via_are_refused() {
    let s = server().await;
    let url = format!("{}/manga?limit=1", s.url());
    let bare = TestClient::without_user_agent();
    for headers in [
        vec![],
        vec![("user-agent", "   ")],
        vec![(
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
        )],
        vec![
            ("user-agent", "my-client/1.0"),
            ("via", "1.1 proxy.example"),
        ],
    ] {
        let a = bare.send(Method::GET, &url, &headers, "").await;
        assert_eq!(a.status, 400, "{headers:?}");
        assert_eq!(a.header("content-type"), Some("text/plain; charset=utf-8"));
        assert!(a.header("x-request-id").is_some());
        let body = String::from_utf8_lossy(&a.body).into_owned();
        if headers.iter().any(|(k, _)| *k == "via") {
            assert!(body.contains("Via"), "{body}");
        } else {
            assert_eq!(body, "You must set an appropriate User-Agent header");
        }
    }
    let ok = bare
        .send(Method::GET, &url, &[("user-agent", "my-client/1.0")], "")
        .await;
    assert_eq!(ok.status, 200);
    let counters = s.counters();
    assert_eq!(counters.refused_clients, 4);
    // Refused requests never reach the rate limiter.
    assert_eq!(counters.violations, 0);
    // Only the API host checks; the image node does not.
    let img = bare.get(&format!("{}/data/x/y.png", s.image_url())).await;
    assert_eq!(img.status, 404);
}

#[tokio::test]
async fn the_checks_can_be_turned_off() {
    let s = MockServer::builder().client_checks(false).start().await;
    let bare = TestClient::without_user_agent();
    let a = bare
        .send(
            Method::GET,
            &format!("{}/ping", s.url()),
            &[("via", "1.1 p")],
            "",
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(s.counters().refused_clients, 0);
}

#[tokio::test]
async fn every_api_answer_has_a_fresh_request_id_that_errors_repeat() {
    let s = server().await;
    let c = TestClient::new();
    let ok = c.get(&format!("{}/ping", s.url())).await;
    let ok2 = c.get(&format!("{}/ping", s.url())).await;
    let id = |a: &common::Answer| uuid::Uuid::parse_str(a.header("x-request-id").unwrap()).unwrap();
    assert_ne!(id(&ok), id(&ok2));
    for (path, status) in [
        (format!("/manga/{}", uuid::Uuid::new_v4()), 404),
        ("/manga/not-a-uuid".to_owned(), 400),
        ("/user/me".to_owned(), 401),
        ("/nowhere".to_owned(), 404),
    ] {
        let a = c.get(&format!("{}{path}", s.url())).await;
        assert_error(&a, status);
        let v = a.json();
        for e in v["errors"].as_array().unwrap() {
            assert_eq!(e["id"], id(&a).to_string(), "{path}");
        }
    }
    // Rate limits and faults answer with one too.
    let limited = MockServer::builder().global_limit(1).start().await;
    let url = format!("{}/ping", limited.url());
    c.get(&url).await;
    let a = c.get(&url).await;
    assert_eq!(a.status, 429);
    assert_eq!(a.json()["errors"][0]["id"], id(&a).to_string());
}
