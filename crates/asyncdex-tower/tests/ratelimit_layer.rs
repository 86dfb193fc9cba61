//! The rate-limit layer under paused tokio time, with a recording stand-in transport.
#![cfg(feature = "ratelimit")]

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use asyncdex_tower::hint::RatelimitPaused;
use asyncdex_tower::ratelimit::constants::routes;
use asyncdex_tower::ratelimit::error::Ratelimited;
use asyncdex_tower::ratelimit::{Path, PathRatelimit, RateLimitLayer, Ratelimits, Route};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, Uri};
use tokio::time::Instant;
use tower::util::BoxCloneService;
use tower::{BoxError, Layer, ServiceExt};

/// What the stand-in server saw: (method, path, instant) of each request, in arrival order.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<(Method, String, Instant)>>>);

impl Log {
    fn times(&self) -> Vec<Instant> {
        self.0.lock().unwrap().iter().map(|entry| entry.2).collect()
    }

    fn paths(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .map(|entry| entry.1.clone())
            .collect()
    }

    fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }
}

type Responder = Arc<dyn Fn(&Request<()>) -> Response<()> + Send + Sync>;

fn ok(_: &Request<()>) -> Response<()> {
    Response::new(())
}

/// The layer around a transport that records each request and answers with `respond`.
fn stack(
    layer: &RateLimitLayer,
    log: &Log,
    respond: Responder,
) -> BoxCloneService<Request<()>, Response<()>, BoxError> {
    let log = log.clone();
    let transport = tower::service_fn(move |request: Request<()>| {
        let entry = (
            request.method().clone(),
            request.uri().path().to_owned(),
            Instant::now(),
        );
        log.0.lock().unwrap().push(entry);
        let response = respond(&request);
        async move { Ok::<_, Infallible>(response) }
    });
    BoxCloneService::new(layer.layer(transport))
}

fn request(method: Method, uri: &str) -> Request<()> {
    Request::builder().method(method).uri(uri).body(()).unwrap()
}

/// Sends one request through (a clone of) `service` and returns its response.
async fn send(
    service: &BoxCloneService<Request<()>, Response<()>, BoxError>,
    method: Method,
    uri: &str,
) -> Response<()> {
    service.clone().oneshot(request(method, uri)).await.unwrap()
}

/// Sends every request at once, each from its own task on a clone of `service`, and waits for
/// all of them to succeed.
async fn send_concurrently(
    service: &BoxCloneService<Request<()>, Response<()>, BoxError>,
    requests: impl IntoIterator<Item = Request<()>>,
) {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|request| tokio::spawn(service.clone().oneshot(request)))
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
}

fn api(path: &str) -> String {
    format!("https://api.mangadex.org{path}")
}

/// The largest number of `times` inside any window `[t, t + window)`.
fn max_in_window(times: &[Instant], window: Duration) -> usize {
    let mut sorted = times.to_vec();
    sorted.sort();
    let mut best = 0;
    let mut start = 0;
    for end in 0..sorted.len() {
        while sorted[end] - sorted[start] >= window {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best
}

fn layer_with(limits: Ratelimits) -> RateLimitLayer {
    RateLimitLayer::builder().ratelimits(limits).build()
}

#[tokio::test(start_paused = true)]
async fn thousand_concurrent_callers_never_overshoot_and_use_the_whole_allowance() {
    let log = Log::default();
    let layer = RateLimitLayer::mangadex(); // 5/s global
    let service = stack(&layer, &log, Arc::new(ok));
    let start = Instant::now();
    send_concurrently(
        &service,
        (0..1000).map(|_| request(Method::GET, &api("/manga"))),
    )
    .await;
    let times = log.times();
    assert_eq!(times.len(), 1000);
    assert_eq!(max_in_window(&times, Duration::from_secs(1)), 5);
    // 1000 requests at 5/s: the last leaves at 199 s, not a moment later.
    let last = *times.iter().max().unwrap();
    assert_eq!(last - start, Duration::from_secs(199));
}

#[tokio::test(start_paused = true)]
async fn a_rule_counts_only_its_own_method() {
    let log = Log::default();
    let mut limits = Ratelimits::new([]).without_global();
    limits.add(PathRatelimit::new(
        Path::new("create", "/manga", Some(Method::POST)),
        1,
        Duration::from_secs(3600),
    ));
    let service = stack(&layer_with(limits), &log, Arc::new(ok));
    let start = Instant::now();
    for _ in 0..10 {
        let response = service
            .clone()
            .oneshot(request(Method::GET, &api("/manga")));
        response.await.unwrap();
    }
    send(&service, Method::POST, &api("/manga")).await;
    assert_eq!(
        Instant::now(),
        start,
        "GETs must not use the POST rule's slot"
    );
    send(&service, Method::POST, &api("/manga")).await;
    assert_eq!(Instant::now() - start, Duration::from_secs(3600));
}

#[tokio::test(start_paused = true)]
async fn shared_bucket_counts_every_route_in_it() {
    let log = Log::default();
    let limits = Ratelimits::default().without_global();
    let service = stack(&layer_with(limits), &log, Arc::new(ok));
    let start = Instant::now();
    for index in 0..20 {
        let path = if index % 2 == 0 {
            "/upload/begin".to_owned()
        } else {
            format!("/upload/begin/{index}")
        };
        send(&service, Method::POST, &api(&path)).await;
    }
    assert_eq!(Instant::now(), start);
    send(&service, Method::POST, &api("/upload/begin/x")).await;
    assert_eq!(Instant::now() - start, Duration::from_secs(60));
}

fn unix_in(delay: Duration) -> u64 {
    (SystemTime::now() + delay)
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test(start_paused = true)]
async fn server_headers_tighten_the_route_bucket() {
    let log = Log::default();
    let limits = Ratelimits::default().without_global();
    let respond: Responder = Arc::new(|_| {
        let mut response = Response::new(());
        let headers = response.headers_mut();
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("40"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        headers.insert(
            "x-ratelimit-retry-after",
            HeaderValue::from(unix_in(Duration::from_secs(30))),
        );
        response
    });
    let service = stack(&layer_with(limits), &log, respond);
    let start = Instant::now();
    send(&service, Method::GET, &api("/at-home/server/a")).await;
    send(&service, Method::GET, &api("/at-home/server/b")).await;
    let waited = Instant::now() - start;
    assert!(
        waited >= Duration::from_secs(28) && waited <= Duration::from_secs(31),
        "waited {waited:?}: the server said nothing remains for about 30 s"
    );
}

#[tokio::test(start_paused = true)]
async fn a_429_pauses_every_caller_on_every_route() {
    let log = Log::default();
    let first = Arc::new(Mutex::new(true));
    let respond: Responder = Arc::new(move |_| {
        let mut first = first.lock().unwrap();
        if std::mem::take(&mut *first) {
            let mut response = Response::new(());
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            response
                .headers_mut()
                .insert("retry-after", HeaderValue::from_static("5"));
            response
        } else {
            Response::new(())
        }
    });
    let layer = RateLimitLayer::builder()
        .ratelimits(Ratelimits::default().with_global(1000, Duration::from_secs(1)))
        .build();
    let service = stack(&layer, &log, respond);
    let start = Instant::now();
    let response = send(&service, Method::GET, &api("/manga")).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let paused = response
        .extensions()
        .get::<RatelimitPaused>()
        .expect("marked as paused");
    assert_eq!(paused.until - start, Duration::from_secs(5));
    send_concurrently(
        &service,
        (0..50).map(|index| request(Method::GET, &api(&format!("/chapter/{index}")))),
    )
    .await;
    let times = log.times();
    assert_eq!(times.len(), 51);
    for later in &times[1..] {
        assert!(
            *later - start >= Duration::from_secs(5),
            "sent during the pause"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_429_without_headers_pauses_a_whole_window() {
    let log = Log::default();
    let respond: Responder = Arc::new(|request| {
        let mut response = Response::new(());
        if request.uri().path() == "/manga/random" {
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        }
        response
    });
    let service = stack(&RateLimitLayer::mangadex(), &log, respond);
    let start = Instant::now();
    send(&service, Method::GET, &api("/manga/random")).await;
    // The global bucket pauses one window (1 s); the route's own bucket one of its windows.
    send(&service, Method::GET, &api("/manga")).await;
    assert_eq!(Instant::now() - start, Duration::from_secs(1));
    send(&service, Method::GET, &api("/manga/random")).await;
    assert_eq!(Instant::now() - start, Duration::from_secs(60));
}

#[tokio::test(start_paused = true)]
async fn fail_fast_mode_refuses_with_a_typed_error_and_sends_nothing() {
    let log = Log::default();
    let layer = RateLimitLayer::builder()
        .ratelimits(Ratelimits::default().with_global(2, Duration::from_secs(1)))
        .sleep_on_ratelimit(false)
        .build();
    let service = stack(&layer, &log, Arc::new(ok));
    for _ in 0..2 {
        send(&service, Method::GET, &api("/manga")).await;
    }
    let error = service
        .clone()
        .oneshot(request(Method::GET, &api("/manga?title=x")))
        .await
        .unwrap_err();
    let refused = error
        .downcast_ref::<Ratelimited>()
        .expect("a Ratelimited error");
    assert_eq!(refused.path(), "/manga");
    assert_eq!(refused.rule(), "global");
    assert_eq!(refused.ratelimit_amount(), 2);
    assert_eq!(refused.retry_after(), Duration::from_secs(1));
    assert_eq!(log.len(), 2);
    // Per-route refusals name the route's rule.
    let at_home = Ratelimits::default().without_global();
    let layer = RateLimitLayer::builder()
        .ratelimits(at_home)
        .sleep_on_ratelimit(false)
        .build();
    let service = stack(&layer, &log, Arc::new(ok));
    for _ in 0..40 {
        send(&service, Method::GET, &api("/at-home/server/c")).await;
    }
    let error = service
        .clone()
        .oneshot(request(Method::GET, &api("/at-home/server/c")))
        .await
        .unwrap_err();
    let refused = error.downcast_ref::<Ratelimited>().unwrap();
    assert_eq!(
        (refused.rule(), refused.ratelimit_amount()),
        ("at-home-server", 40)
    );
    assert!(refused.to_string().contains("/at-home/server/c"));
    tokio::time::advance(Duration::from_secs(60)).await;
    send(&service, Method::GET, &api("/at-home/server/c")).await;
}

#[tokio::test(start_paused = true)]
async fn clones_and_services_of_one_layer_share_buckets() {
    let log = Log::default();
    let layer = RateLimitLayer::builder()
        .ratelimits(Ratelimits::default().with_global(3, Duration::from_secs(1)))
        .build();
    let first = stack(&layer, &log, Arc::new(ok));
    let second = stack(&layer.clone(), &log, Arc::new(ok));
    let start = Instant::now();
    for service in [&first, &second, &first.clone()] {
        send(service, Method::GET, &api("/manga")).await;
    }
    assert_eq!(Instant::now(), start);
    send(&second, Method::GET, &api("/manga")).await;
    assert_eq!(Instant::now() - start, Duration::from_secs(1));
    assert_eq!(layer.ratelimits().global().unwrap().ratelimit_used(), 1);
}

#[tokio::test(start_paused = true)]
async fn waiters_are_served_first_come_first_served() {
    let log = Log::default();
    let layer = RateLimitLayer::builder()
        .ratelimits(Ratelimits::default().with_global(1, Duration::from_secs(1)))
        .build();
    let service = stack(&layer, &log, Arc::new(ok));
    let mut tasks = Vec::new();
    for index in 0..20 {
        let service = service.clone();
        tasks.push(tokio::spawn(async move {
            service
                .oneshot(request(Method::GET, &api(&format!("/chapter/{index}"))))
                .await
        }));
        // Each task reaches the limiter before the next one is spawned.
        tokio::task::yield_now().await;
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let expected: Vec<String> = (0..20).map(|index| format!("/chapter/{index}")).collect();
    assert_eq!(log.paths(), expected);
}

#[tokio::test(start_paused = true)]
async fn route_waiters_queue_fairly_and_never_overshoot_the_route() {
    let log = Log::default();
    let layer = RateLimitLayer::builder()
        .ratelimits(Ratelimits::default().with_global(100, Duration::from_secs(1)))
        .build();
    let service = stack(&layer, &log, Arc::new(ok));
    send_concurrently(
        &service,
        (0..130).map(|index| {
            if index % 2 == 0 {
                request(Method::GET, &api("/at-home/server/x"))
            } else {
                request(Method::POST, &api("/report"))
            }
        }),
    )
    .await;
    let entries = log.0.lock().unwrap().clone();
    let at_home: Vec<_> = entries
        .iter()
        .filter(|e| e.0 == Method::GET)
        .map(|e| e.2)
        .collect();
    let report: Vec<_> = entries
        .iter()
        .filter(|e| e.0 == Method::POST)
        .map(|e| e.2)
        .collect();
    assert_eq!(max_in_window(&at_home, Duration::from_secs(60)), 40);
    assert_eq!(max_in_window(&report, Duration::from_secs(60)), 10);
    assert_eq!(max_in_window(&log.times(), Duration::from_secs(1)), 50);
}

#[tokio::test(start_paused = true)]
async fn clock_skew_is_cancelled_by_the_date_header() {
    let log = Log::default();
    let respond: Responder = Arc::new(|_| {
        // The server's clock is an hour ahead; its window ends 10 s after its own "now".
        let server_now = SystemTime::now() + Duration::from_secs(3600);
        let unix = server_now.duration_since(UNIX_EPOCH).unwrap().as_secs();
        let date = httpdate(server_now);
        let mut response = Response::new(());
        let headers = response.headers_mut();
        headers.insert("date", HeaderValue::from_str(&date).unwrap());
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static("0"));
        headers.insert("x-ratelimit-retry-after", HeaderValue::from(unix + 10));
        response
    });
    let service = stack(
        &layer_with(Ratelimits::default().without_global()),
        &log,
        respond,
    );
    let start = Instant::now();
    send(&service, Method::GET, &api("/manga/random")).await;
    send(&service, Method::GET, &api("/manga/random")).await;
    let waited = Instant::now() - start;
    assert!(
        waited >= Duration::from_secs(9) && waited <= Duration::from_secs(11),
        "{waited:?}"
    );
}

fn httpdate(at: SystemTime) -> String {
    let format = time::format_description::well_known::Rfc2822;
    let date = time::OffsetDateTime::from(at);
    date.format(&format).unwrap().replace("+0000", "GMT")
}

#[tokio::test(start_paused = true)]
async fn malformed_and_absurd_headers_never_break_anything() {
    let values: &[(&str, &[u8])] = &[
        ("x-ratelimit-limit", b"-1"),
        ("x-ratelimit-limit", b"99999999999999999999"),
        ("x-ratelimit-remaining", b"lots"),
        ("x-ratelimit-retry-after", b"\xff\xfe"),
        ("x-ratelimit-retry-after", b"1e400"),
        ("retry-after", b"-30"),
        ("retry-after", b"Someday"),
    ];
    for (name, value) in values {
        let log = Log::default();
        let header = (*name, HeaderValue::from_bytes(value).unwrap());
        let respond: Responder = Arc::new(move |_| {
            let mut response = Response::new(());
            let mut headers = HeaderMap::new();
            headers.insert(header.0, header.1.clone());
            *response.headers_mut() = headers;
            response
        });
        let service = stack(
            &layer_with(Ratelimits::default().without_global()),
            &log,
            respond,
        );
        let start = Instant::now();
        for _ in 0..3 {
            send(&service, Method::GET, &api("/manga/random")).await;
        }
        assert_eq!(Instant::now(), start, "{name}: {value:?} must be ignored");
    }
    // An absurd (but well-formed) window end is clamped to the layer's cap.
    let log = Log::default();
    let respond: Responder = Arc::new(|_| {
        let mut response = Response::new(());
        *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        response
            .headers_mut()
            .insert("x-ratelimit-retry-after", HeaderValue::from(u64::MAX / 2));
        response
    });
    let layer = RateLimitLayer::builder()
        .max_wait(Duration::from_secs(120))
        .build();
    let service = stack(&layer, &log, respond);
    let start = Instant::now();
    send(&service, Method::GET, &api("/manga/random")).await;
    send(&service, Method::GET, &api("/manga/random")).await;
    assert_eq!(Instant::now() - start, Duration::from_secs(120));
}

#[tokio::test(start_paused = true)]
async fn other_hosts_pass_untouched_unless_limited() {
    let log = Log::default();
    let layer = RateLimitLayer::builder()
        .ratelimits(Ratelimits::default().with_global(1, Duration::from_secs(1)))
        .limit_host(
            Uri::from_static("https://uploads.mangadex.org"),
            2,
            Duration::from_secs(1),
        )
        .build();
    let service = stack(&layer, &log, Arc::new(ok));
    let start = Instant::now();
    for _ in 0..20 {
        let image = "https://cdn.example.mangadex.network:443/data/h/1.png";
        send(&service, Method::GET, image).await;
    }
    send(&service, Method::GET, "/manga").await; // relative = API
    assert_eq!(Instant::now(), start, "image nodes are not limited");
    for _ in 0..2 {
        let cover = "https://uploads.mangadex.org/covers/m/c.jpg";
        send(&service, Method::GET, cover).await;
    }
    assert_eq!(Instant::now(), start);
    service
        .clone()
        .oneshot(request(
            Method::GET,
            "https://UPLOADS.mangadex.org/covers/x",
        ))
        .await
        .unwrap();
    assert_eq!(Instant::now() - start, Duration::from_secs(1));
    // The API on another port is another origin: unlimited.
    send(&service, Method::GET, "https://api.mangadex.org:8443/manga").await;
    assert_eq!(Instant::now() - start, Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn api_base_with_a_path_prefix_is_stripped_for_route_matching() {
    let log = Log::default();
    let layer = RateLimitLayer::builder()
        .api_base(Uri::from_static("http://127.0.0.1:8080/api/"))
        .ratelimits(Ratelimits::default().without_global())
        .sleep_on_ratelimit(false)
        .build();
    let service = stack(&layer, &log, Arc::new(ok));
    for _ in 0..60 {
        let uri = "http://127.0.0.1:8080/api/manga/random";
        send(&service, Method::GET, uri).await;
    }
    let error = service
        .clone()
        .oneshot(request(
            Method::GET,
            "http://127.0.0.1:8080/api/manga/random",
        ))
        .await
        .unwrap_err();
    assert!(error.is::<Ratelimited>());
}

#[tokio::test(start_paused = true)]
async fn html_ban_page_pauses_the_host() {
    let log = Log::default();
    let respond: Responder = Arc::new(|request| {
        let mut response = Response::new(());
        if request.uri().path() == "/banned" {
            *response.status_mut() = StatusCode::FORBIDDEN;
            response
                .headers_mut()
                .insert("content-type", HeaderValue::from_static("text/html"));
        }
        response
    });
    let layer = RateLimitLayer::builder()
        .slowdown_pause(Duration::from_secs(30))
        .build();
    let service = stack(&layer, &log, respond);
    let start = Instant::now();
    let response = send(&service, Method::GET, &api("/banned")).await;
    assert!(response.extensions().get::<RatelimitPaused>().is_some());
    send(&service, Method::GET, &api("/manga")).await;
    assert_eq!(Instant::now() - start, Duration::from_secs(30));
}

#[tokio::test(start_paused = true)]
async fn sleep_and_check_reserve_before_returning() {
    let mut limits = Ratelimits::new([]).with_global(2, Duration::from_secs(1));
    limits.add(PathRatelimit::new(
        Path::new("x", "/x/{id}", None),
        3,
        Duration::from_secs(10),
    ));
    let limits = Arc::new(limits);
    let start = Instant::now();
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let limits = Arc::clone(&limits);
            tokio::spawn(async move {
                limits.sleep("/x/1", &Method::GET).await;
                Instant::now()
            })
        })
        .collect();
    let mut times = Vec::new();
    for task in tasks {
        times.push(task.await.unwrap() - start);
    }
    times.sort();
    let secs: Vec<u64> = times.iter().map(Duration::as_secs).collect();
    assert_eq!(secs, [0, 0, 1, 10, 10, 11]);
    let (wait, rule) = limits.check("/x/1?q=1", &Method::GET);
    assert!(wait.is_some());
    assert_eq!(rule.unwrap().ratelimit_used(), 3);
    let (wait, rule) = limits.check("/y", &Method::GET);
    assert!(rule.is_none());
    assert!(wait.is_none() || wait.unwrap() <= Duration::from_secs(1));
}

#[tokio::test(start_paused = true)]
async fn waiters_reserved_before_a_429_wait_for_the_pause_too() {
    let log = Log::default();
    let transport_log = log.clone();
    let transport = tower::service_fn(move |request: Request<()>| {
        let log = transport_log.clone();
        async move {
            let first = {
                let mut entries = log.0.lock().unwrap();
                entries.push((Method::GET, request.uri().path().to_owned(), Instant::now()));
                entries.len() == 1
            };
            let mut response = Response::new(());
            if first {
                // Slow answer: the others reserve their slots while this one is in flight.
                tokio::time::sleep(Duration::from_millis(500)).await;
                *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
                response
                    .headers_mut()
                    .insert("retry-after", HeaderValue::from_static("30"));
            }
            Ok::<_, Infallible>(response)
        }
    });
    let layer = RateLimitLayer::builder()
        .ratelimits(Ratelimits::default().with_global(1, Duration::from_secs(1)))
        .build();
    let service = BoxCloneService::new(layer.layer(transport));
    let start = Instant::now();
    send_concurrently(
        &service,
        (0..10).map(|_| request(Method::GET, &api("/manga"))),
    )
    .await;
    let times = log.times();
    assert_eq!(times.len(), 10);
    for later in &times[1..] {
        assert!(
            *later - start >= Duration::from_millis(30_500),
            "sent during the pause"
        );
    }
    assert_eq!(max_in_window(&times, Duration::from_secs(1)), 1);
}

#[tokio::test(start_paused = true)]
async fn callers_under_the_limit_are_not_serialised() {
    // One lock held across the sleep would make every request wait for the one before it.
    let transport = tower::service_fn(|_: Request<()>| async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        Ok::<_, Infallible>(Response::new(()))
    });
    let service = BoxCloneService::new(RateLimitLayer::mangadex().layer(transport));
    let start = Instant::now();
    send_concurrently(
        &service,
        (0..5).map(|_| request(Method::GET, &api("/manga"))),
    )
    .await;
    assert_eq!(Instant::now() - start, Duration::from_millis(300));
}

/// Counts how often the wrapped future is polled.
struct CountPolls<F> {
    inner: std::pin::Pin<Box<F>>,
    polls: Arc<std::sync::atomic::AtomicUsize>,
}

impl<F: std::future::Future> std::future::Future for CountPolls<F> {
    type Output = F::Output;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<F::Output> {
        self.polls
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.inner.as_mut().poll(cx)
    }
}

#[tokio::test(start_paused = true)]
async fn a_thousand_parked_waiters_are_each_woken_once() {
    let log = Log::default();
    let layer = RateLimitLayer::builder()
        .ratelimits(Ratelimits::default().with_global(10, Duration::from_secs(1)))
        .build();
    let service = stack(&layer, &log, Arc::new(ok));
    let polls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let tasks: Vec<_> = (0..1000)
        .map(|index| {
            let service = service.clone();
            // Half on a limited route, half global only: both queues.
            let path = if index % 2 == 0 {
                api("/manga/random")
            } else {
                api("/manga")
            };
            let future = CountPolls {
                inner: Box::pin(service.oneshot(request(Method::GET, &path))),
                polls: Arc::clone(&polls),
            };
            tokio::spawn(future)
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(log.len(), 1000);
    let polls = polls.load(std::sync::atomic::Ordering::Relaxed);
    // One first poll each, one wake for the global sleepers; the route queue adds one wake for
    // its turn and one for its slot. A thundering herd would be hundreds per task.
    assert!(polls <= 1000 * 4, "{polls} polls for 1000 requests");
}

#[test]
fn building_needs_no_runtime() {
    let layer = RateLimitLayer::builder()
        .ratelimits(Ratelimits::default().with_global(3, Duration::from_secs(1)))
        .limit_host(
            Uri::from_static("https://uploads.mangadex.org"),
            1,
            Duration::from_secs(1),
        )
        .build();
    let _service = layer.layer(tower::service_fn(|_: Request<()>| async {
        Ok::<_, Infallible>(Response::new(()))
    }));
    assert_eq!(layer.ratelimits().ratelimit_dictionary().len(), 28);
}

#[tokio::test(start_paused = true)]
async fn fail_fast_refusals_by_the_host_cost_the_route_nothing() {
    let log = Log::default();
    let layer = RateLimitLayer::builder()
        .ratelimits(Ratelimits::default().with_global(2, Duration::from_secs(1)))
        .sleep_on_ratelimit(false)
        .build();
    let service = stack(&layer, &log, Arc::new(ok));
    let mut refused = 0;
    for _ in 0..12 {
        let attempt = service
            .clone()
            .oneshot(request(Method::POST, &api("/forums/thread")))
            .await;
        refused += usize::from(attempt.is_err());
    }
    assert_eq!((log.len(), refused), (2, 10));
    // Ten refusals by the 2/s global bucket left the 10-per-minute route with 8 slots.
    let rule = layer
        .ratelimits()
        .ratelimit_dictionary()
        .into_iter()
        .find(|rule| rule.path().name() == "forums-thread-create")
        .unwrap();
    assert_eq!(rule.ratelimit_used(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_tagged_route_is_counted_under_its_rule_whatever_the_path() {
    let log = Log::default();
    let layer = RateLimitLayer::builder()
        .ratelimits(Ratelimits::default().without_global())
        .sleep_on_ratelimit(false)
        .build();
    let service = stack(&layer, &log, Arc::new(ok));
    let tagged = |route: &'static str| {
        let mut request = request(Method::GET, &api("/somewhere/else"));
        request.extensions_mut().insert(Route(route));
        request
    };
    for _ in 0..40 {
        let response = service
            .clone()
            .oneshot(tagged(routes::AT_HOME_SERVER_CHAPTER_ID));
        response.await.unwrap();
    }
    let error = service
        .clone()
        .oneshot(tagged(routes::AT_HOME_SERVER_CHAPTER_ID))
        .await
        .unwrap_err();
    let refused = error.downcast_ref::<Ratelimited>().unwrap();
    assert_eq!(refused.rule(), "at-home-server");
    // The same path untagged, or tagged with a template the table does not know, is matched
    // by its path: no rule, so it goes.
    send(&service, Method::GET, &api("/somewhere/else")).await;
    service
        .clone()
        .oneshot(tagged("/own/{template}"))
        .await
        .unwrap();
    assert_eq!(log.len(), 42);
}

#[tokio::test(start_paused = true)]
async fn a_layer_limits_the_api_origin_it_was_given() {
    let log = Log::default();
    let layer = RateLimitLayer::new(Uri::from_static("http://127.0.0.1:8080"));
    let service = stack(&layer, &log, Arc::new(ok));
    let start = Instant::now();
    let requests = (0..8).map(|_| request(Method::GET, "http://127.0.0.1:8080/manga"));
    send_concurrently(&service, requests).await;
    // 5 a second: the last three wait for the window to slide.
    assert_eq!(max_in_window(&log.times(), Duration::from_secs(1)), 5);
    assert!(Instant::now() - start >= Duration::from_secs(1));
    // MangaDex's own host is another origin for this layer: it passes at once.
    let before = Instant::now();
    send(&service, Method::GET, &api("/manga")).await;
    assert_eq!(Instant::now(), before);
}

#[tokio::test(start_paused = true)]
async fn a_refusal_says_whether_the_server_or_the_clients_own_count_decided() {
    let log = Log::default();
    let first = Arc::new(Mutex::new(true));
    let respond: Responder = Arc::new(move |_| {
        let mut response = Response::new(());
        if std::mem::take(&mut *first.lock().unwrap()) {
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            let retry = HeaderValue::from_static("5");
            response.headers_mut().insert("retry-after", retry);
        }
        response
    });
    let layer = RateLimitLayer::builder()
        .ratelimits(Ratelimits::default().with_global(2, Duration::from_secs(1)))
        .sleep_on_ratelimit(false)
        .build();
    let service = stack(&layer, &log, respond);
    let refusal = |service: BoxCloneService<Request<()>, Response<()>, BoxError>| async move {
        let error = service
            .oneshot(request(Method::GET, &api("/manga")))
            .await
            .unwrap_err();
        *error.downcast::<Ratelimited>().unwrap()
    };
    // The 429 pauses the host for 5 s: the server decided.
    send(&service, Method::GET, &api("/manga")).await;
    let paused = refusal(service.clone()).await;
    assert!(paused.decided_by_server(), "{paused}");
    assert_eq!(paused.retry_after(), Duration::from_secs(5));
    assert!(
        paused.to_string().contains("held back by the server"),
        "{paused}"
    );
    // After the pause, two sends fill the client's own window of 2 a second.
    tokio::time::advance(Duration::from_secs(5)).await;
    send(&service, Method::GET, &api("/manga")).await;
    send(&service, Method::GET, &api("/manga")).await;
    let full = refusal(service.clone()).await;
    assert!(!full.decided_by_server(), "{full}");
    assert_eq!((full.rule(), full.ratelimit_amount()), ("global", 2));
}
