//! `MangadexClient::request` and the default stack against the fake MangaDex server, over TCP.
//! Tests about waits run on a paused tokio clock (the mock's clock too): durations are exact
//! and the clock jumps over waits when nothing else can run.

#[allow(
    dead_code,
    reason = "shared by several test files, each using part of it"
)]
mod support;

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use asyncdex::{ApiError, MangadexClient, RequestBody};
use asyncdex_mock::{FaultKind, FaultPlan, Listener, LoggedRequest, MockServer};
use asyncdex_tower::ratelimit::Ratelimits;
use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use http_body_util::Full;
use support::{busiest_window, fast_client as client, requests_on, roomy_mock};
use tokio::time::Instant;

async fn server() -> MockServer {
    roomy_mock().start().await
}

fn api_requests(server: &MockServer) -> Vec<LoggedRequest> {
    requests_on(server, Listener::Api)
}

#[tokio::test]
async fn params_are_encoded_as_the_api_reads_them_and_a_real_user_agent_goes_along() {
    let server = server().await;
    let client = client(&server).build().unwrap();
    let page: serde_json::Value = client
        .request(Method::GET, "/manga")
        .param("title", "a b&c")
        .params("includes", ["author", "cover_art"])
        .order("createdAt", "desc")
        .param("limit", 5)
        .send_json()
        .await
        .unwrap();
    assert_eq!(page["result"], "ok");
    assert!(page["data"].as_array().unwrap().len() <= 5);
    let seen = api_requests(&server);
    assert_eq!(seen.len(), 1);
    assert_eq!(
        seen[0].query.as_deref(),
        Some(
            "title=a%20b%26c&includes[]=author&includes[]=cover_art&order[createdAt]=desc&limit=5"
        )
    );
    let user_agent = seen[0].header("user-agent").unwrap();
    assert!(user_agent.starts_with("asyncdex/"), "{user_agent}");
    assert!(seen[0].header("via").is_none());
    assert!(
        seen[0].header("authorization").is_none(),
        "anonymous: no token"
    );
}

#[tokio::test]
async fn error_statuses_become_typed_errors_with_the_api_error_objects() {
    let server = server().await;
    let client = client(&server).build().unwrap();
    let missing = "/manga/00000000-0000-4000-8000-000000000000";
    let error = client
        .request(Method::GET, missing)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    assert!(error.is_http(), "{error:?}");
    assert_eq!(
        (error.path(), error.status()),
        (Some(missing), Some(StatusCode::NOT_FOUND))
    );
    assert_eq!(
        error.api_errors().first().map(|e: &ApiError| e.status),
        Some(404)
    );

    let error = client
        .request(Method::GET, "/manga/not-a-uuid")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    assert!(!error.api_errors().is_empty());

    let error = client
        .request(Method::GET, "/manga")
        .param("limit", 100)
        .param("offset", 9950)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));

    let error = client
        .request(Method::GET, "/user/me")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");

    server.set_faults(FaultPlan::new().always(Method::GET, "/manga/tag", FaultKind::Captcha));
    let error = client
        .request(Method::GET, "/manga/tag")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_captcha(), "{error:?}");
    assert!(!error.captcha_site_key().unwrap().is_empty());
}

#[tokio::test]
async fn retryable_failures_are_retried_and_others_are_not() {
    let server = server().await;
    let client = client(&server).build().unwrap();
    server.set_faults(
        FaultPlan::new()
            .first_n(Method::GET, "/manga/tag", 2, FaultKind::ServiceUnavailable)
            .first_n(Method::GET, "/manga/random", 1, FaultKind::ConnectionReset)
            .first_n(Method::GET, "/author", 1, FaultKind::BadGateway),
    );
    for path in ["/manga/tag", "/manga/random", "/author"] {
        let response = client.request(Method::GET, path).send().await.unwrap();
        assert!(response.status().is_success(), "{path}");
    }
    let by_path = |path: &str| {
        api_requests(&server)
            .iter()
            .filter(|r| r.path == path)
            .count()
    };
    assert_eq!(by_path("/manga/tag"), 3);
    assert_eq!(by_path("/manga/random"), 2);
    assert_eq!(by_path("/author"), 2);

    // 404 is an answer, not a failure: sent once.
    server.clear_requests();
    let missing = "/author/00000000-0000-4000-8000-000000000000";
    assert!(
        client
            .request(Method::GET, missing)
            .send()
            .await
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(by_path(missing), 1);
}

#[tokio::test]
async fn a_post_the_server_saw_is_not_resent_unless_declared_idempotent() {
    let server = server().await;
    let client = client(&server).build().unwrap();
    let body = serde_json::json!({"username": "nobody", "password": "not-the-password"});
    server.set_faults(FaultPlan::new().first_n(
        Method::POST,
        "/auth/login",
        5,
        FaultKind::ConnectionReset,
    ));
    let error = client
        .request(Method::POST, "/auth/login")
        .json(&body)
        .with_auth(false)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    assert_eq!(api_requests(&server).len(), 1);

    server.clear_requests();
    server.set_faults(FaultPlan::new().first_n(
        Method::POST,
        "/manga",
        2,
        FaultKind::ServiceUnavailable,
    ));
    let error = client
        .request(Method::POST, "/manga")
        .json(&serde_json::json!({"title": {"en": "x"}}))
        .idempotent()
        .send()
        .await
        .unwrap_err();
    // The third send went through to a route that needs a token: retried twice, same bytes.
    assert!(error.is_unauthorized(), "{error:?}");
    let sent = api_requests(&server);
    assert_eq!(sent.len(), 3);
    assert!(sent.iter().all(|request| request.body == sent[0].body));
    assert_eq!(&sent[0].body[..], br#"{"title":{"en":"x"}}"#);
}

#[tokio::test]
async fn retries_zero_sends_once_and_three_sends_at_most_four_times() {
    let server = server().await;
    let client = client(&server).build().unwrap();
    server.set_faults(FaultPlan::new().always(
        Method::GET,
        "/manga/tag",
        FaultKind::InternalServerError,
    ));
    let error = client
        .request(Method::GET, "/manga/tag")
        .retries(0)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert_eq!(api_requests(&server).len(), 1);
    server.clear_requests();
    client
        .request(Method::GET, "/manga/tag")
        .send()
        .await
        .unwrap_err();
    assert_eq!(api_requests(&server).len(), 4);
}

#[tokio::test(start_paused = true)]
async fn a_429_without_headers_is_retried_after_the_limiters_pause() {
    let server = server().await;
    let client = client(&server).build().unwrap();
    server.set_faults(FaultPlan::new().first_n(
        Method::GET,
        "/manga/tag",
        1,
        FaultKind::TooManyRequests,
    ));
    let start = Instant::now();
    client
        .request(Method::GET, "/manga/tag")
        .send()
        .await
        .unwrap();
    let elapsed = start.elapsed();
    // The global bucket paused one window (1 s) and the resend went out when it ended: the
    // retry layer did not sleep on top of it (a backoff would add up to 5 ms).
    let window = Duration::from_secs(1);
    assert_eq!(elapsed, window);
    let sent = api_requests(&server);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].at - sent[0].at, window);
}

#[tokio::test]
async fn a_user_layer_sees_every_request() {
    let server = server().await;
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&seen);
    let client = client(&server)
        .layer(tower::util::MapRequestLayer::new(
            move |request: Request<RequestBody>| {
                counter.fetch_add(1, Ordering::SeqCst);
                request
            },
        ))
        .build()
        .unwrap();
    for _ in 0..5 {
        client.request(Method::GET, "/ping").send().await.unwrap();
    }
    assert_eq!(seen.load(Ordering::SeqCst), 5);
    assert_eq!(api_requests(&server).len(), 5);
}

#[tokio::test]
async fn a_custom_transport_is_used_under_the_same_layers() {
    let agents = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = Arc::clone(&agents);
    let transport = tower::service_fn(move |request: Request<RequestBody>| {
        let agent = request.headers().get("user-agent").cloned();
        log.lock().unwrap().push(agent);
        async {
            let body = Full::new(Bytes::from_static(br#"{"result":"ok","data":[]}"#));
            Ok::<_, Infallible>(Response::new(body))
        }
    });
    let client = MangadexClient::builder()
        .user_agent("my-bot/2.0")
        .service(transport)
        .build()
        .unwrap();
    let value: serde_json::Value = client
        .request(Method::GET, "/manga")
        .send_json()
        .await
        .unwrap();
    assert_eq!(value["result"], "ok");
    let agents = agents.lock().unwrap();
    assert_eq!(agents.len(), 1);
    assert_eq!(agents[0].as_ref().unwrap(), "my-bot/2.0");
}

#[tokio::test(start_paused = true)]
async fn a_hundred_clones_share_one_limit() {
    let server = server().await;
    let window = Duration::from_secs(1);
    let client = client(&server)
        .ratelimits(Ratelimits::default().with_global(50, window))
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.request(Method::GET, "/ping").send().await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let sent = api_requests(&server);
    assert_eq!(sent.len(), 100);
    // Arrivals are timed by the server on the same paused clock: no jitter, so the count is
    // exact. Shared: never more than 50 in a second; and the allowance was used, not split.
    let busiest = busiest_window(sent.iter().map(|request| request.at), window);
    assert_eq!(busiest, 50, "{busiest} in one second");
    let first = sent.iter().map(|request| request.at).min().unwrap();
    let last = sent.iter().map(|request| request.at).max().unwrap();
    assert!(last - first >= window, "{:?}", last - first);
    assert_eq!(server.counters().violations, 0);
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let server = server().await;
    let client = client(&server).build().unwrap();
    let errors = [
        client
            .request(Method::GET, "ftp://example.org/x")
            .send()
            .await
            .unwrap_err(),
        client
            .request(Method::GET, "/manga")
            .header("bad header", "x")
            .send()
            .await
            .unwrap_err(),
        client
            .request(Method::GET, "/manga\u{7f}")
            .send()
            .await
            .unwrap_err(),
    ];
    for error in errors {
        assert!(error.is_invalid_input(), "{error:?}");
    }
    assert!(server.requests().is_empty());
    let error = MangadexClient::builder()
        .api_url("http://api.example.org")
        .build()
        .unwrap_err();
    assert!(error.is_invalid_input(), "plain http is only for loopback");
    let error = MangadexClient::builder()
        .user_agent("Mozilla/5.0 (X11; Linux x86_64)")
        .build()
        .unwrap_err();
    assert!(error.is_invalid_input());
}

#[tokio::test]
async fn oversized_and_malformed_bodies_are_typed_errors() {
    let server = server().await;
    let client = client(&server).max_body_size(64).build().unwrap();
    let error = client
        .request(Method::GET, "/manga")
        .send()
        .await
        .unwrap_err();
    assert!(error.is_body_too_large(), "{error:?}");

    let client = client_default(&server);
    server.set_faults(FaultPlan::new().always(Method::GET, "/manga/tag", FaultKind::MalformedJson));
    let error = client
        .request(Method::GET, "/manga/tag")
        .send_json::<serde_json::Value>()
        .await
        .unwrap_err();
    assert!(error.is_decode(), "{error:?}");
    assert_eq!(error.path(), Some("/manga/tag"));
    assert!(error.to_string().contains("body starts with \""), "{error}");
    let source = std::error::Error::source(&error).expect("the decoder's error");
    assert!(source.is::<serde_json::Error>(), "{source:?}");
}

fn client_default(server: &MockServer) -> MangadexClient {
    client(server).build().unwrap()
}

#[tokio::test(start_paused = true)]
async fn fail_fast_mode_returns_a_ratelimit_error_with_the_window_end() {
    let server = server().await;
    let client = client(&server)
        .ratelimits(Ratelimits::default().with_global(2, Duration::from_secs(10)))
        .sleep_on_ratelimit(false)
        .build()
        .unwrap();
    client.request(Method::GET, "/ping").send().await.unwrap();
    client.request(Method::GET, "/ping").send().await.unwrap();
    let error = client
        .request(Method::GET, "/ping")
        .send()
        .await
        .unwrap_err();
    let limit = error.ratelimit().expect("a rate-limit error");
    assert_eq!((error.path(), limit.amount()), (Some("/ping"), Some(2)));
    assert_eq!(limit.rule(), Some("global"));
    // The whole window (paused time: none of it has passed), with the client's safety margin.
    assert_eq!(error.retry_after(), Some(Duration::from_millis(10_050)));
    assert!(!limit.by_server(), "this client's own record decided");
    let shown = error.to_string();
    assert!(
        shown.contains("rule `global`, 2 requests per window")
            && shown.contains("this client's limiter"),
        "{shown}"
    );
    // No tokio time passed since the first request: the window ends a whole 10 s from now,
    // give or take the conversion to wall-clock time.
    assert!(error.retry_at().unwrap() > time::OffsetDateTime::now_utc() + Duration::from_secs(9));
    assert_eq!(
        api_requests(&server).len(),
        2,
        "a refused request is never sent or retried"
    );
}

/// `{"result":"ok","data":[],"limit":10,"offset":0,"total":0}`, gzip-compressed.
const GZIPPED_PAGE: &[u8] = &[
    31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 171, 86, 42, 74, 45, 46, 205, 41, 81, 178, 82, 202, 207, 86,
    210, 81, 74, 73, 44, 73, 84, 178, 138, 142, 213, 81, 202, 201, 204, 205, 4, 10, 27, 26, 232,
    40, 229, 167, 165, 21, 167, 2, 217, 64, 102, 73, 126, 73, 98, 14, 144, 85, 11, 0, 109, 7, 27,
    225, 57, 0, 0, 0,
];

#[tokio::test]
async fn gzip_answers_are_decompressed_and_asked_for() {
    let accept = Arc::new(std::sync::Mutex::new(None));
    let seen = Arc::clone(&accept);
    let transport = tower::service_fn(move |request: Request<RequestBody>| {
        *seen.lock().unwrap() = request.headers().get("accept-encoding").cloned();
        async {
            let mut response = Response::new(Full::new(Bytes::from_static(GZIPPED_PAGE)));
            response
                .headers_mut()
                .insert("content-encoding", http::HeaderValue::from_static("gzip"));
            Ok::<_, Infallible>(response)
        }
    });
    let client = MangadexClient::builder()
        .service(transport)
        .build()
        .unwrap();
    let page: serde_json::Value = client
        .request(Method::GET, "/manga")
        .send_json()
        .await
        .unwrap();
    assert_eq!(page["limit"], 10);
    let accept = accept
        .lock()
        .unwrap()
        .clone()
        .expect("an Accept-Encoding header");
    assert!(accept.to_str().unwrap().contains("gzip"));
}

#[tokio::test(start_paused = true)]
async fn an_attempt_that_takes_too_long_times_out() {
    let server = server().await;
    let timeout = Duration::from_millis(200);
    let delay = Duration::from_secs(3);
    let client = client(&server).timeout(timeout).build().unwrap();
    server.set_faults(FaultPlan::new().always(Method::GET, "/manga/tag", FaultKind::Delay(delay)));
    let start = Instant::now();
    let error = client
        .request(Method::GET, "/manga/tag")
        .retries(0)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    // Given up at the timeout, not when the server answered.
    assert_eq!(start.elapsed(), timeout);
    // Retried (a GET) up to the retry count, each attempt with its own timeout.
    let start = Instant::now();
    let error = client
        .request(Method::GET, "/manga/tag")
        .retries(1)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(api_requests(&server).len(), 3);
    let elapsed = start.elapsed();
    assert!(elapsed >= 2 * timeout && elapsed < delay, "{elapsed:?}");
}

#[tokio::test]
async fn a_request_builder_takes_http_header_types_and_clones_whole() {
    let seen_log = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = Arc::clone(&seen_log);
    let transport = tower::service_fn(move |request: Request<RequestBody>| {
        let headers = request.headers().clone();
        log.lock().unwrap().push(headers);
        async {
            let body = Full::new(Bytes::from_static(br#"{"result":"ok"}"#));
            Ok::<_, Infallible>(Response::new(body))
        }
    });
    let client = MangadexClient::builder()
        .service(transport)
        .build()
        .unwrap();
    let request = client
        .request(Method::POST, "/report")
        .header(
            http::header::ACCEPT_LANGUAGE,
            http::HeaderValue::from_static("en"),
        )
        .header("x-run", format!("run-{}", 7))
        .body(String::from("text/plain; charset=utf-8"), "spam");
    let again = request.clone();
    request.send().await.unwrap();
    again.send().await.unwrap();
    let seen = std::mem::take(&mut *seen_log.lock().unwrap());
    assert_eq!(seen.len(), 2);
    for headers in &seen {
        assert_eq!(headers["accept-language"], "en");
        assert_eq!(headers["x-run"], "run-7");
        assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
    }
    // A header that cannot be sent is reported by `send`, and nothing goes out.
    for bad in [
        client.request(Method::GET, "/ping").header("bad name", "v"),
        client
            .request(Method::GET, "/ping")
            .header("x-ok", "line\nbreak"),
        client.request(Method::GET, "/ping").body("bad\ntype", "x"),
    ] {
        let error = bad.send().await.unwrap_err();
        assert!(error.is_invalid_input(), "{error:?}");
    }
    assert!(log_is_empty(&seen_log), "nothing was sent for the bad ones");
}

fn log_is_empty<T>(log: &std::sync::Mutex<Vec<T>>) -> bool {
    log.lock().unwrap().is_empty()
}

#[tokio::test]
async fn everyday_tower_layers_go_into_the_builder_as_they_are() {
    use std::sync::atomic::AtomicU32;
    use tower_http::set_header::SetRequestHeaderLayer;
    use tower_http::trace::TraceLayer;

    let server = server().await;
    let mapped = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&mapped);
    let client = client(&server)
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestHeaderLayer::overriding(
            http::header::HeaderName::from_static("x-layered"),
            http::HeaderValue::from_static("yes"),
        ))
        .layer(tower::limit::ConcurrencyLimitLayer::new(4))
        .layer(tower::timeout::TimeoutLayer::new(Duration::from_secs(60)))
        .layer(tower::layer::layer_fn(
            move |inner: asyncdex::HttpService| {
                let counter = Arc::clone(&counter);
                tower::ServiceExt::map_response(inner, move |response: Response<_>| {
                    counter.fetch_add(1, Ordering::SeqCst);
                    response
                })
            },
        ))
        .build()
        .unwrap();
    let pong = client.ping().send().await.unwrap();
    assert_eq!(pong, "pong");
    assert_eq!(mapped.load(Ordering::SeqCst), 1);
    let seen = api_requests(&server);
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].header("x-layered"), Some("yes"));
}

/// The client sends through its one stack instance when it is ready at once; a user layer
/// that is not (a concurrency limit already taken) makes that request wait on its own copy,
/// which goes as soon as the limit lets it, and the limit holds.
#[tokio::test]
async fn a_user_layer_that_is_not_ready_at_once_makes_the_request_wait_its_turn() {
    use asyncdex_mock::RequestMatch;

    let server = server().await;
    let client = client(&server)
        .layer(tower::limit::ConcurrencyLimitLayer::new(1))
        .build()
        .unwrap();
    let hold = server.hold(RequestMatch::new().route("/ping"));
    let first = tokio::spawn({
        let client = client.clone();
        async move { client.ping().send().await }
    });
    hold.wait_for_held(1).await;
    let second = tokio::spawn({
        let client = client.clone();
        async move { client.ping().send().await }
    });
    let released_at = Instant::now();
    hold.release();
    assert_eq!(first.await.unwrap().unwrap(), "pong");
    assert_eq!(second.await.unwrap().unwrap(), "pong");
    // The limit held: the second request reached the server only after the first was let go.
    let seen = api_requests(&server);
    assert_eq!(seen.len(), 2);
    assert!(
        seen[1].at >= released_at,
        "the second went out while the first was held"
    );
}
