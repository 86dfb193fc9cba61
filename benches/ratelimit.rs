//! Criterion benches of the rate-limit layer's hot path, with governor's direct check and
//! tower's `Buffer<RateLimit>` measured in the same run as baselines.
//!
//! Run: `cargo bench --bench ratelimit`. Every limit here is set far above what the loop can
//! reach, so nothing ever waits: this is the cost of the check itself.
#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented public functions"
)]

use std::convert::Infallible;
use std::future::ready;
use std::hint::black_box;
use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use asyncdex_tower::ratelimit::{Path, PathRatelimit, RateLimitLayer, Ratelimits};
use criterion::{Criterion, criterion_group, criterion_main};
use governor::{Quota, RateLimiter};
use http::{Method, Request, Response, Uri};
use tower::{Layer, Service, ServiceExt};

const AT_HOME: &str = "/at-home/server/8f3e1818-a015-491d-bd81-3addc4d7d56a";
const UNLIMITED_ROUTE: &str = "/manga/8f3e1818-a015-491d-bd81-3addc4d7d56a/feed";

/// MangaDex's real table, with the global and at-home rules made so wide no loop can bind
/// them: 1,000 requests per 10 µs (a record of realistic size: MangaDex's largest is 300).
fn non_binding() -> Ratelimits {
    let window = Duration::from_micros(10);
    let mut limits = Ratelimits::default().with_global(1_000, window);
    limits.add(PathRatelimit::new(
        Path::new("at-home-server", "/at-home/server/{id}", Some(Method::GET)),
        1_000,
        window,
    ));
    limits
}

fn governor_limiter() -> governor::DefaultDirectRateLimiter {
    RateLimiter::direct(Quota::per_second(NonZeroU32::MAX))
}

fn single_thread(c: &mut Criterion) {
    let mut group = c.benchmark_group("hot_path_1_thread");
    let governor = governor_limiter();
    group.bench_function("governor_direct_check", |b| {
        b.iter(|| black_box(governor.check()).is_ok())
    });
    // The same check on the clock asyncdex must use (std's monotonic clock, which tokio's
    // paused time controls) instead of governor's TSC clock: isolates the cost of the clock.
    let governor_std_clock = RateLimiter::direct_with_clock(
        Quota::per_second(NonZeroU32::MAX),
        governor::clock::MonotonicClock,
    );
    group.bench_function("governor_direct_check_std_clock", |b| {
        b.iter(|| black_box(governor_std_clock.check()).is_ok())
    });
    group.bench_function("clock_read_tokio_instant_now", |b| {
        b.iter(tokio::time::Instant::now)
    });
    let limits = non_binding();
    group.bench_function("asyncdex_global_only", |b| {
        b.iter(|| limits.try_acquire(black_box(UNLIMITED_ROUTE), &Method::GET))
    });
    group.bench_function("asyncdex_route_and_global", |b| {
        b.iter(|| limits.try_acquire(black_box(AT_HOME), &Method::GET))
    });
    group.finish();
}

/// Both cores hammer one shared limiter; the figure is time per check across both threads.
fn two_threads(c: &mut Criterion) {
    let mut group = c.benchmark_group("hot_path_2_threads");
    fn contended(iters: u64, check: &(dyn Fn() + Sync)) -> Duration {
        let start = Instant::now();
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    for _ in 0..iters / 2 {
                        check();
                    }
                });
            }
        });
        start.elapsed()
    }
    let governor = governor_limiter();
    group.bench_function("governor_direct_check", |b| {
        b.iter_custom(|iters| {
            contended(iters, &|| {
                black_box(governor.check().is_ok());
            })
        })
    });
    let limits = non_binding();
    group.bench_function("asyncdex_global_only", |b| {
        b.iter_custom(|iters| {
            contended(iters, &|| {
                black_box(
                    limits
                        .try_acquire(black_box(UNLIMITED_ROUTE), &Method::GET)
                        .is_ok(),
                );
            })
        })
    });
    group.bench_function("asyncdex_route_and_global", |b| {
        b.iter_custom(|iters| {
            contended(iters, &|| {
                black_box(limits.try_acquire(black_box(AT_HOME), &Method::GET).is_ok());
            })
        })
    });
    group.finish();
}

/// One request through each whole service (ready + call + response future) around a
/// transport that answers at once: on a current-thread runtime (tower's `Buffer` at its best:
/// its worker shares the thread) and on a two-worker runtime (as most users run it: each
/// request crosses to the worker task and back).
fn service_round_trip(c: &mut Criterion) {
    let current_thread = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let multi_thread = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .unwrap();
    for (flavor, runtime) in [
        ("current_thread", &current_thread),
        ("multi_thread", &multi_thread),
    ] {
        let mut group = c.benchmark_group(format!("service_round_trip_{flavor}"));
        let transport =
            tower::service_fn(|_: Request<()>| ready(Ok::<_, Infallible>(Response::new(()))));
        let mut bare = transport;
        group.bench_function("bare_transport", |b| {
            b.iter_custom(|iters| run(runtime, &mut bare, iters))
        });
        let mut ours = RateLimitLayer::builder()
            .ratelimits(non_binding())
            .build()
            .layer(transport);
        group.bench_function("asyncdex_RateLimit", |b| {
            b.iter_custom(|iters| run(runtime, &mut ours, iters))
        });
        let mut buffered = {
            let _guard = runtime.enter();
            let limited = tower::limit::RateLimit::new(
                transport,
                tower::limit::rate::Rate::new(u64::MAX, Duration::from_secs(1)),
            );
            tower::buffer::Buffer::new(limited, 1024)
        };
        group.bench_function("tower_Buffer_RateLimit", |b| {
            b.iter_custom(|iters| run(runtime, &mut buffered, iters))
        });
        group.finish();
    }
}

fn run<S>(runtime: &tokio::runtime::Runtime, service: &mut S, iters: u64) -> Duration
where
    S: Service<Request<()>, Response = Response<()>>,
    S::Error: std::fmt::Debug,
{
    let uri = Uri::from_static(
        "https://api.mangadex.org/at-home/server/8f3e1818-a015-491d-bd81-3addc4d7d56a",
    );
    runtime.block_on(async {
        let start = Instant::now();
        for _ in 0..iters {
            let mut request = Request::new(());
            *request.uri_mut() = uri.clone();
            let response = service.ready().await.unwrap().call(request).await.unwrap();
            black_box(response);
        }
        start.elapsed()
    })
}

criterion_group!(benches, single_thread, two_threads, service_round_trip);
criterion_main!(benches);
