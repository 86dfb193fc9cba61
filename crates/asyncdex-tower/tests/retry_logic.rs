//! The retry layer's decisions, against a scripted inner service and tokio's paused clock.
#![cfg(feature = "retry")]

use std::collections::VecDeque;
use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use asyncdex_tower::hint::RatelimitPaused;
use asyncdex_tower::retry::{Attempts, Idempotent, Retries, Retry, RetryBudget, RetryLayer};
use http::{HeaderMap, Method, Request, Response};
use tokio::time::Instant;
use tower::{BoxError, Layer, Service, ServiceExt};

/// One scripted outcome of the inner service.
#[derive(Clone, Debug)]
enum Outcome {
    Status(u16),
    StatusWith(u16, Vec<(&'static str, String)>),
    /// A 429 as the rate-limit layer returns it after pausing its bucket.
    Paused(Duration),
    Io(io::ErrorKind),
    Other,
}

/// What the inner service saw of one send.
#[derive(Clone, Debug)]
struct Seen {
    at: Instant,
    method: Method,
    uri: String,
    headers: HeaderMap,
    tag: Option<Tag>,
    body: String,
}

/// A request extension, to check that extensions survive a resend.
#[derive(Clone, Debug, PartialEq)]
struct Tag(&'static str);

/// The error the rate-limit layer returns when it fails fast.
#[derive(Debug)]
struct Ratelimited;

impl fmt::Display for Ratelimited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("rate limited")
    }
}

impl StdError for Ratelimited {}

/// Plays a script of outcomes (then 200s) and records every send. Clones share both.
#[derive(Clone, Default)]
struct Scripted {
    script: Arc<Mutex<VecDeque<Outcome>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Scripted {
    fn new(script: impl IntoIterator<Item = Outcome>) -> Self {
        Self {
            script: Arc::new(Mutex::new(script.into_iter().collect())),
            seen: Arc::default(),
        }
    }

    /// Every request fails with `outcome`.
    fn always(outcome: Outcome) -> Self {
        Self::new(std::iter::repeat_n(outcome, 10_000))
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn sends(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    /// Gaps between consecutive sends.
    fn gaps(&self) -> Vec<Duration> {
        let seen = self.seen();
        seen.windows(2).map(|w| w[1].at - w[0].at).collect()
    }
}

impl Service<Request<String>> for Scripted {
    type Response = Response<String>;
    type Error = BoxError;
    type Future = std::future::Ready<Result<Response<String>, BoxError>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<String>) -> Self::Future {
        self.seen.lock().unwrap().push(Seen {
            at: Instant::now(),
            method: request.method().clone(),
            uri: request.uri().to_string(),
            headers: request.headers().clone(),
            tag: request.extensions().get::<Tag>().cloned(),
            body: request.body().clone(),
        });
        let outcome = self
            .script
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or(Outcome::Status(200));
        let response = |status: u16| {
            Response::builder()
                .status(status)
                .body(format!("body of {status}"))
                .unwrap()
        };
        std::future::ready(match outcome {
            Outcome::Status(status) => Ok(response(status)),
            Outcome::StatusWith(status, headers) => {
                let mut r = response(status);
                for (name, value) in headers {
                    r.headers_mut().insert(name, value.parse().unwrap());
                }
                Ok(r)
            }
            Outcome::Paused(for_) => {
                let mut r = response(429);
                r.extensions_mut().insert(RatelimitPaused {
                    until: Instant::now() + for_,
                });
                // The header the server sent; the layer must not sleep on it as well.
                r.headers_mut()
                    .insert("retry-after", for_.as_secs().to_string().parse().unwrap());
                Ok(r)
            }
            Outcome::Io(kind) => Err(Box::new(io::Error::from(kind)) as BoxError),
            Outcome::Other => Err(Box::new(Ratelimited) as BoxError),
        })
    }
}

fn layer() -> RetryLayer {
    RetryLayer::new()
        .seed(1)
        .no_budget()
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_secs(10))
}

fn get() -> Request<String> {
    Request::get("https://api.mangadex.org/manga")
        .body(String::new())
        .unwrap()
}

fn post() -> Request<String> {
    Request::post("https://api.mangadex.org/report")
        .body("{\"reason\":\"spam\"}".to_owned())
        .unwrap()
}

fn with<T: Clone + Send + Sync + 'static>(mut request: Request<String>, ext: T) -> Request<String> {
    request.extensions_mut().insert(ext);
    request
}

async fn send(
    layer: &RetryLayer,
    inner: &Scripted,
    request: Request<String>,
) -> Result<Response<String>, BoxError> {
    layer.layer(inner.clone()).oneshot(request).await
}

fn attempts(response: &Response<String>) -> u32 {
    Attempts::of(response)
}

#[tokio::test(start_paused = true)]
async fn each_retryable_status_is_retried_with_jittered_backoff() {
    for status in [408, 429, 500, 502, 503, 504] {
        let inner = Scripted::new([
            Outcome::Status(status),
            Outcome::Status(status),
            Outcome::Status(status),
        ]);
        let response = send(&layer(), &inner, get()).await.unwrap();
        assert_eq!(response.status(), 200, "status {status}");
        assert_eq!(attempts(&response), 4);
        assert_eq!(inner.sends(), 4);
        let caps = [100, 200, 400].map(Duration::from_millis);
        for (gap, cap) in inner.gaps().into_iter().zip(caps) {
            assert!(gap <= cap, "status {status}: {gap:?} > {cap:?}");
        }
    }
}

#[tokio::test(start_paused = true)]
async fn full_jitter_delays_stay_under_the_cap_and_grow_on_average() {
    const REQUESTS: u32 = 300;
    let layer = layer().max_backoff(Duration::from_millis(500));
    // Caps: 100, 200, 400, then 500 (max_backoff) for the 4th retry.
    let caps = [100u64, 200, 400, 500].map(Duration::from_millis);
    let mut sums = [Duration::ZERO; 4];
    for _ in 0..REQUESTS {
        let inner = Scripted::always(Outcome::Status(503));
        let response = send(&layer, &inner, with(get(), Retries(4))).await.unwrap();
        assert_eq!(response.status(), 503);
        assert_eq!(attempts(&response), 5);
        for (i, gap) in inner.gaps().into_iter().enumerate() {
            assert!(gap <= caps[i], "retry {i}: {gap:?} > {:?}", caps[i]);
            sums[i] += gap;
        }
    }
    // Uniform in [0, cap]: the mean is about half the cap, so it doubles with each retry
    // until max_backoff.
    for (i, sum) in sums.into_iter().enumerate() {
        let mean = sum / REQUESTS;
        let half = caps[i] / 2;
        assert!(
            mean > half * 8 / 10 && mean < half * 12 / 10,
            "retry {i}: mean {mean:?}, expected about {half:?}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_seed_makes_the_delays_reproducible() {
    async fn delays(seed: u64) -> Vec<Duration> {
        let inner = Scripted::always(Outcome::Status(500));
        send(&layer().seed(seed), &inner, get()).await.unwrap();
        inner.gaps()
    }
    let first = delays(7).await;
    assert_eq!(first.len(), 3);
    assert_eq!(first, delays(7).await);
    assert_ne!(first, delays(8).await);
}

#[tokio::test(start_paused = true)]
async fn other_statuses_are_returned_as_they_are() {
    for status in [200, 201, 204, 301, 400, 401, 403, 404, 409, 501] {
        let inner = Scripted::new([Outcome::Status(status)]);
        let response = send(&layer(), &inner, get()).await.unwrap();
        assert_eq!(response.status(), status);
        assert_eq!(response.body(), &format!("body of {status}"));
        assert_eq!(attempts(&response), 1);
        assert_eq!(inner.sends(), 1, "status {status}");
    }
}

#[tokio::test(start_paused = true)]
async fn the_retries_extension_sets_the_number_of_sends() {
    for (retries, sends) in [(Some(0), 1), (Some(1), 2), (Some(3), 4), (None, 6)] {
        let inner = Scripted::always(Outcome::Status(503));
        let request = match retries {
            Some(n) => with(get(), Retries(n)),
            None => get(),
        };
        let response = send(&layer().max_retries(5), &inner, request)
            .await
            .unwrap();
        // When retries run out, the last response is returned as it is.
        assert_eq!(response.status(), 503);
        assert_eq!(response.body(), "body of 503");
        assert_eq!(attempts(&response), sends as u32);
        assert_eq!(inner.sends(), sends, "{retries:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn transport_errors_are_retried_for_idempotent_methods() {
    use io::ErrorKind as K;
    for kind in [
        K::ConnectionRefused,
        K::ConnectionReset,
        K::ConnectionAborted,
        K::BrokenPipe,
        K::UnexpectedEof,
        K::TimedOut,
        K::NotConnected,
    ] {
        for method in [
            Method::GET,
            Method::HEAD,
            Method::PUT,
            Method::DELETE,
            Method::OPTIONS,
        ] {
            let inner = Scripted::new([Outcome::Io(kind), Outcome::Io(kind)]);
            let mut request = get();
            *request.method_mut() = method.clone();
            let response = send(&layer(), &inner, request).await.unwrap();
            assert_eq!(attempts(&response), 3, "{kind:?} {method}");
        }
    }
}

#[tokio::test(start_paused = true)]
async fn post_is_retried_only_when_it_cannot_have_been_processed() {
    // The server may have processed it: one send, and the error comes back.
    for kind in [io::ErrorKind::ConnectionReset, io::ErrorKind::UnexpectedEof] {
        for method in [Method::POST, Method::PATCH] {
            let inner = Scripted::new([Outcome::Io(kind)]);
            let mut request = post();
            *request.method_mut() = method;
            let error = send(&layer(), &inner, request).await.unwrap_err();
            assert_eq!(error.downcast_ref::<io::Error>().unwrap().kind(), kind);
            assert_eq!(inner.sends(), 1);
        }
    }
    // 500/503 on a POST: processed, or maybe processed.
    let inner = Scripted::new([Outcome::Status(503)]);
    let response = send(&layer(), &inner, post()).await.unwrap();
    assert_eq!((response.status().as_u16(), attempts(&response)), (503, 1));

    // Connection refused: never reached the server.
    let inner = Scripted::new(vec![Outcome::Io(io::ErrorKind::ConnectionRefused); 3]);
    let response = send(&layer(), &inner, post()).await.unwrap();
    assert_eq!(attempts(&response), 4);

    // 408 and 429: rejected unprocessed.
    let inner = Scripted::new([Outcome::Status(429), Outcome::Status(408)]);
    let response = send(&layer(), &inner, post()).await.unwrap();
    assert_eq!(attempts(&response), 3);

    // The caller opts in.
    let inner = Scripted::new([
        Outcome::Io(io::ErrorKind::ConnectionReset),
        Outcome::Status(503),
    ]);
    let response = send(&layer(), &inner, with(post(), Idempotent))
        .await
        .unwrap();
    assert_eq!(attempts(&response), 3);
}

#[tokio::test(start_paused = true)]
async fn errors_that_are_not_transport_errors_are_not_retried() {
    let inner = Scripted::new([Outcome::Other]);
    let error = send(&layer(), &inner, get()).await.unwrap_err();
    // Returned with its type intact, so the facade can still tell what it was.
    assert!(error.is::<Ratelimited>());
    assert_eq!(inner.sends(), 1);

    let inner = Scripted::new([Outcome::Io(io::ErrorKind::PermissionDenied)]);
    send(&layer(), &inner, get()).await.unwrap_err();
    assert_eq!(inner.sends(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_custom_classifier_decides() {
    // This classifier calls everything "not sent", even the fail-fast error.
    let layer =
        layer().classifier(|_: &(dyn StdError + 'static)| asyncdex_tower::retry::Failure::NotSent);
    let inner = Scripted::new([Outcome::Other, Outcome::Other]);
    let response = layer.layer(inner.clone()).oneshot(post()).await.unwrap();
    assert_eq!(Attempts::of(&response), 3);
}

#[tokio::test(start_paused = true)]
async fn an_exhausted_budget_stops_retries_for_every_clone() {
    // No deposits count (0 %); the floor allows 1 retry per second over 10 s: 10 retries.
    let budget = RetryBudget::new(Duration::from_secs(10), 1, 0.0);
    let layer = layer().budget(budget.clone());
    let inner = Scripted::always(Outcome::Status(503));
    let first = layer.layer(inner.clone());
    // A second service built from the same layer, and clones of both.
    let second = layer.layer(inner.clone());

    let mut sends = Vec::new();
    for i in 0..5 {
        let service = if i % 2 == 0 {
            first.clone()
        } else {
            second.clone()
        };
        let before = inner.sends();
        let response = service.oneshot(get()).await.unwrap();
        // The last response is returned as it is.
        assert_eq!(response.status(), 503);
        assert_eq!(response.body(), "body of 503");
        sends.push(inner.sends() - before);
    }
    // 3 + 3 + 3 retries, then 1, then none.
    assert_eq!(sends, [4, 4, 4, 2, 1]);
    assert_eq!(budget.deposits(), 5);
    assert_eq!(budget.withdrawals(), 10);
    assert_eq!(budget.refusals(), 2);
    assert_eq!(first.retry_budget().unwrap().withdrawals(), 10);
}

#[tokio::test(start_paused = true)]
async fn without_a_budget_only_the_retry_count_limits() {
    let layer = layer();
    assert!(layer.retry_budget().is_none());
    let inner = Scripted::always(Outcome::Status(503));
    for _ in 0..50 {
        send(&layer, &inner, get()).await.unwrap();
    }
    assert_eq!(inner.sends(), 200);
}

#[tokio::test(start_paused = true)]
async fn retry_after_seconds_is_honoured_and_capped() {
    let hint = |secs: &str| Outcome::StatusWith(503, vec![("retry-after", secs.to_owned())]);
    let inner = Scripted::new([hint("3"), hint("120"), hint("0")]);
    let layer = layer().max_backoff(Duration::from_secs(10));
    let response = send(&layer, &inner, get()).await.unwrap();
    assert_eq!(attempts(&response), 4);
    assert_eq!(
        inner.gaps(),
        [
            Duration::from_secs(3),
            Duration::from_secs(10),
            Duration::from_millis(100)
        ],
        "3 s as asked, 120 s capped to max_backoff, 0 s raised to the first backoff (100 ms)"
    );
}

/// `Retry-After: 0` on a 429 with the rate-limit layer below: its pause ends at once, and the
/// resend still waits the first backoff instead of going out immediately (three immediate
/// resends are how a client earns a ban).
#[tokio::test(start_paused = true)]
async fn a_zero_pause_still_waits_the_backoff_floor() {
    let inner = Scripted::new([
        Outcome::Paused(Duration::ZERO),
        Outcome::Paused(Duration::from_millis(30)),
    ]);
    let response = send(&layer(), &inner, get()).await.unwrap();
    assert_eq!((response.status().as_u16(), attempts(&response)), (200, 3));
    // The floor is 100 ms: all of it after no pause, what the 30 ms pause falls short of.
    assert_eq!(
        inner.gaps(),
        [Duration::from_millis(100), Duration::from_millis(70)]
    );
}

#[tokio::test(start_paused = true)]
async fn x_ratelimit_retry_after_is_an_absolute_unix_time() {
    let unix_now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let at = |t: u64| Outcome::StatusWith(429, vec![("x-ratelimit-retry-after", t.to_string())]);
    let inner = Scripted::new([at(unix_now + 5), at(unix_now - 100)]);
    let response = send(&layer(), &inner, get()).await.unwrap();
    assert_eq!(attempts(&response), 3);
    let gaps = inner.gaps();
    // The timestamp has whole seconds, so "5 s from now" is between 4 and 5 seconds away.
    assert!(
        gaps[0] > Duration::from_secs(4) && gaps[0] <= Duration::from_secs(5),
        "{gaps:?}"
    );
    // In the past: resend after the first backoff (100 ms), never at once.
    assert_eq!(gaps[1], Duration::from_millis(100));
}

#[tokio::test(start_paused = true)]
async fn a_paused_ratelimit_is_resent_without_sleeping() {
    let inner = Scripted::new([
        Outcome::Paused(Duration::from_secs(5)),
        Outcome::Paused(Duration::from_secs(20)),
    ]);
    let response = send(&layer(), &inner, get()).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(attempts(&response), 3);
    assert_eq!(inner.gaps(), [Duration::ZERO; 2]);
}

#[tokio::test(start_paused = true)]
async fn a_pause_past_the_deadline_returns_the_429() {
    let inner = Scripted::new([Outcome::Paused(Duration::from_secs(30))]);
    let layer = layer().max_elapsed(Duration::from_secs(10));
    let start = Instant::now();
    let response = send(&layer, &inner, get()).await.unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(attempts(&response), 1);
    // A response of one send carries no extension (it would cost an allocation each).
    assert_eq!(response.extensions().get::<Attempts>(), None);
    assert_eq!(start.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn the_deadline_caps_the_total_time() {
    // Backoff of up to 8 s per retry, 20 retries allowed, but nothing starts after 15 s.
    let layer = layer()
        .initial_backoff(Duration::from_secs(8))
        .max_backoff(Duration::from_secs(8))
        .max_elapsed(Duration::from_secs(15))
        .max_retries(20);
    let inner = Scripted::always(Outcome::Status(502));
    let start = Instant::now();
    let response = send(&layer, &inner, get()).await.unwrap();
    assert_eq!(response.status(), 502);
    let seen = inner.seen();
    assert!(seen.len() > 1 && seen.len() < 21, "{} sends", seen.len());
    assert!(seen.iter().all(|s| s.at - start <= Duration::from_secs(15)));
    assert!(start.elapsed() <= Duration::from_secs(15));

    // A server hint past the deadline: give up at once instead of sleeping for nothing.
    let inner = Scripted::new([Outcome::StatusWith(
        503,
        vec![("retry-after", "30".to_owned())],
    )]);
    let layer = layer.max_backoff(Duration::from_secs(60));
    let start = Instant::now();
    let response = send(&layer, &inner, get()).await.unwrap();
    assert_eq!((response.status().as_u16(), attempts(&response)), (503, 1));
    assert_eq!(start.elapsed(), Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn a_resend_is_identical_to_the_first_send() {
    let inner = Scripted::new([
        Outcome::Status(500),
        Outcome::Io(io::ErrorKind::ConnectionRefused),
    ]);
    let mut request = Request::put("https://api.mangadex.org/manga/42?x=1")
        .header("content-type", "application/json")
        .header("x-custom", "a")
        .header("x-custom", "b")
        .body("{\"title\":\"Frieren\"}".to_owned())
        .unwrap();
    request.extensions_mut().insert(Tag("kept"));
    send(&layer(), &inner, request).await.unwrap();
    let seen = inner.seen();
    assert_eq!(seen.len(), 3);
    for s in &seen {
        assert_eq!(s.method, Method::PUT);
        assert_eq!(s.uri, "https://api.mangadex.org/manga/42?x=1");
        assert_eq!(s.headers, seen[0].headers);
        assert_eq!(
            s.headers.get_all("x-custom").iter().collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(s.tag, Some(Tag("kept")));
        assert_eq!(s.body, "{\"title\":\"Frieren\"}");
    }
}

/// Panics when `call` is used on a clone that was not polled ready since its last call; says
/// "not yet" on every other poll.
struct Strict {
    ready: bool,
    polls: Arc<Mutex<u32>>,
    inner: Scripted,
}

impl Clone for Strict {
    fn clone(&self) -> Self {
        // Readiness belongs to one instance, like a semaphore permit: a clone starts unready.
        Self {
            ready: false,
            polls: Arc::clone(&self.polls),
            inner: self.inner.clone(),
        }
    }
}

impl Service<Request<String>> for Strict {
    type Response = Response<String>;
    type Error = BoxError;
    type Future = std::future::Ready<Result<Response<String>, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        let mut polls = self.polls.lock().unwrap();
        *polls += 1;
        if *polls % 2 == 1 {
            // Every other poll says "not yet", to exercise the pending path.
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        self.ready = true;
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<String>) -> Self::Future {
        assert!(self.ready, "called without being polled ready");
        self.ready = false;
        self.inner.call(request)
    }
}

#[tokio::test(start_paused = true)]
async fn every_send_is_preceded_by_readiness() {
    let inner = Scripted::new([
        Outcome::Status(503),
        Outcome::Io(io::ErrorKind::ConnectionReset),
        Outcome::Status(500),
    ]);
    let strict = Strict {
        ready: false,
        polls: Arc::default(),
        inner: inner.clone(),
    };
    let mut service: Retry<Strict> = layer().layer(strict);
    let response = service.ready().await.unwrap().call(get()).await.unwrap();
    assert_eq!(attempts(&response), 4);
    // A second request on the same service also works (the clone left behind is readied).
    let response = service.ready().await.unwrap().call(get()).await.unwrap();
    assert_eq!(attempts(&response), 1);
    assert_eq!(inner.sends(), 5);
}

/// The scripted transport, counting its clones.
struct CountsClones {
    clones: Arc<AtomicUsize>,
    inner: Scripted,
}

impl Clone for CountsClones {
    fn clone(&self) -> Self {
        self.clones.fetch_add(1, Ordering::Relaxed);
        Self {
            clones: Arc::clone(&self.clones),
            inner: self.inner.clone(),
        }
    }
}

impl Service<Request<String>> for CountsClones {
    type Response = Response<String>;
    type Error = BoxError;
    type Future = <Scripted as Service<Request<String>>>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<String>) -> Self::Future {
        self.inner.call(request)
    }
}

#[tokio::test(start_paused = true)]
async fn a_first_send_clones_nothing_and_a_resend_clones_the_wrapped_service_once() {
    let clones = Arc::new(AtomicUsize::new(0));
    let mut service = layer().layer(CountsClones {
        clones: Arc::clone(&clones),
        inner: Scripted::new([Outcome::Status(503)]),
    });
    let built = clones.load(Ordering::Relaxed);
    let response = service.ready().await.unwrap().call(get()).await.unwrap();
    assert_eq!(attempts(&response), 2);
    assert_eq!(
        clones.load(Ordering::Relaxed) - built,
        1,
        "one resend, one clone"
    );
    for _ in 0..3 {
        let response = service.ready().await.unwrap().call(get()).await.unwrap();
        assert_eq!(attempts(&response), 1);
    }
    assert_eq!(
        clones.load(Ordering::Relaxed) - built,
        1,
        "requests answered at once clone nothing"
    );
}

#[test]
fn building_needs_no_runtime() {
    let layer = RetryLayer::new().seed(3).max_retries(1);
    let service = layer.layer(Scripted::default());
    let clone = service.clone();
    assert_eq!(clone.retry_budget().map(RetryBudget::deposits), Some(0));
    assert_eq!(service.into_inner().sends(), 0);
    assert!(format!("{layer:?}").contains("RetryLayer"));
    assert!(format!("{:?}", Retry::new(())).contains("Retry"));
}
