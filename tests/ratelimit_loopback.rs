//! The rate-limit layer over real TCP: 250 tasks through a 20 requests/second limit to the
//! fake MangaDex server on 127.0.0.1, which enforces the same limit and records when each
//! request arrives.
//!
//! The clock is tokio's, paused: the server times arrivals on the clock the limiter schedules
//! on, and the runtime moves it on only when every task waits, so the counts below are exact
//! instead of depending on how busy the machine is. What the limiter achieves on a real clock
//! over loopback is measured by `benches/limiter.rs` (see BENCHMARKS.md).

use std::time::Duration;

use asyncdex_mock::{Listener, MockServer};
use asyncdex_tower::ratelimit::{RateLimitLayer, Ratelimits};
use bytes::Bytes;
use http::{Request, Uri};
use http_body_util::Empty;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tokio::time::Instant;
use tower::{Layer, ServiceExt};

const LIMIT: u32 = 20;
const TASKS: usize = 250;
const WINDOW: Duration = Duration::from_secs(1);
const MARGIN: Duration = Duration::from_millis(20);

/// The most arrivals within any `window` (a window starts at an arrival; `times` sorted).
fn max_in_window(times: &[Instant], window: Duration) -> usize {
    let mut start = 0;
    let mut best = 0;
    for end in 0..times.len() {
        while times[end] - times[start] >= window {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best
}

#[tokio::test(start_paused = true)]
async fn many_tasks_over_tcp_never_exceed_the_limit_and_use_the_allowance() {
    // The server refuses (429) and counts any request over LIMIT in a sliding second.
    let server = MockServer::builder()
        .global_limit(LIMIT)
        .route_limits(false)
        .start()
        .await;
    let base: Uri = format!("{}/", server.url()).parse().unwrap();
    let layer = RateLimitLayer::builder()
        .api_base(base.clone())
        .ratelimits(Ratelimits::default().with_global(LIMIT, WINDOW))
        .safety_margin(MARGIN)
        .build();
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let service = layer.layer(client);
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let service = service.clone();
            let uri = format!("{base}ping");
            tokio::spawn(async move {
                // MangaDex, and so the mock, refuse API requests without a User-Agent.
                let request = Request::get(uri)
                    .header("user-agent", "asyncdex-tests/1.0")
                    .body(Empty::new())
                    .unwrap();
                service
                    .oneshot(request)
                    .await
                    .map(|response| response.status())
            })
        })
        .collect();
    for task in tasks {
        let status = task.await.unwrap().unwrap();
        assert!(status.is_success(), "{status}");
    }
    let mut times: Vec<Instant> = server
        .requests()
        .iter()
        .filter(|request| request.listener == Listener::Api)
        .map(|request| request.at)
        .collect();
    times.sort();
    assert_eq!(times.len(), TASKS);

    // Never over the limit: by the server's own count, and by the arrival times.
    assert_eq!(server.counters().violations, 0);
    let busiest = max_in_window(&times, WINDOW);
    // Most of the allowance used: the busiest second is full...
    assert_eq!(busiest, LIMIT as usize, "the busiest second");
    // ...and so is every window: a perfect limiter sends 250 requests at 20/s in 12 whole
    // windows after the first; this one lengthens each window by its safety margin and by
    // nothing else, which is 98.0 % of the allowance.
    let windows = ((TASKS - 1) / LIMIT as usize) as u32;
    let actual = *times.last().unwrap() - times[0];
    assert_eq!(actual, windows * (WINDOW + MARGIN));
    let used = (windows * WINDOW).as_secs_f64() / actual.as_secs_f64();
    assert!(
        used >= 0.95,
        "only {:.1} % of the allowance used",
        used * 100.0
    );
}
