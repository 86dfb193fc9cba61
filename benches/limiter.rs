//! The rate-limit layer while it makes callers wait, and its precision over loopback TCP.
//! (The hot path, where nothing waits, is `benches/ratelimit.rs`.)
//!
//! 1. criterion, `park_and_release/*`: 1,000 tasks through a binding limit on a paused clock
//!    (so no wall time is spent sleeping): the CPU cost of parking, the timer, the wake-up and
//!    the second reservation, against the same 1,000 requests through a limit that never binds.
//! 2. `parked` table: 1,000 tasks parked on a binding limit on a real clock and a two-worker
//!    runtime; every task's future is wrapped in a poll counter, so wake-ups per released
//!    request = (polls - 1) per task; and the process's CPU time (sum over its threads of
//!    `/proc/self/task/*/schedstat`) over 2 s while all 1,000 are parked.
//! 3. `precision` table: the full `MangadexClient` stack, 256 tasks against a 200 requests per
//!    second global limit for 10 s, to a loopback server that records arrival times: the most
//!    arrivals in any sliding 1 s window (must be <= 200), and the allowance used: 1 s over
//!    the mean gap between arrival `i` and arrival `i - 200` (a perfect sliding-window limiter
//!    spaces them exactly 1 s apart: 100 %).
//!
//! Run: `cargo bench --bench limiter`. Under `cargo test --benches` everything runs once,
//! scaled down.
#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented public functions"
)]

#[path = "support/server.rs"]
#[allow(dead_code, reason = "shared by several benches, each using part of it")]
mod server;

use std::convert::Infallible;
use std::fmt::Write as _;
use std::future::{Future, ready};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use asyncdex::MangadexClient;
use asyncdex_tower::ratelimit::{Path, PathRatelimit, RateLimitLayer, Ratelimits};
use criterion::Criterion;
use http::{Method, Request, Response, Uri};
use tower::{Layer, ServiceExt};

use server::{MANGA_LIST, Server, fetch_manga_list};

const AT_HOME: &str =
    "https://api.mangadex.org/at-home/server/8f3e1818-a015-491d-bd81-3addc4d7d56a";
const GLOBAL_ONLY: &str =
    "https://api.mangadex.org/manga/8f3e1818-a015-491d-bd81-3addc4d7d56a/feed";

type Transport =
    tower::util::ServiceFn<fn(Request<()>) -> std::future::Ready<Result<Response<()>, Infallible>>>;

fn transport() -> Transport {
    tower::service_fn(|_: Request<()>| ready(Ok::<_, Infallible>(Response::new(()))))
}

/// A global limit of `global` per `per`, and, if `route`, the at-home route limited to
/// `route_amount` per `per` (the global then made wide).
fn limits(amount: u32, per: Duration, route: bool) -> Ratelimits {
    if route {
        let mut limits = Ratelimits::default().with_global(1_000_000, Duration::from_secs(1));
        limits.add(PathRatelimit::new(
            Path::new("at-home-server", "/at-home/server/{id}", Some(Method::GET)),
            amount,
            per,
        ));
        limits
    } else {
        Ratelimits::default().with_global(amount, per)
    }
}

fn service(limits: Ratelimits) -> asyncdex_tower::ratelimit::RateLimit<Transport> {
    RateLimitLayer::builder()
        .ratelimits(limits)
        .build()
        .layer(transport())
}

fn request(url: &'static str) -> Request<()> {
    let mut request = Request::new(());
    *request.uri_mut() = Uri::from_static(url);
    request
}

/// Counts the polls of the future it wraps.
struct CountPolls<F> {
    inner: Pin<Box<F>>,
    polls: Arc<AtomicUsize>,
}

impl<F: Future> Future for CountPolls<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.polls.fetch_add(1, Ordering::Relaxed);
        self.inner.as_mut().poll(cx)
    }
}

// ---- 1. criterion: CPU cost of parking and releasing, on a paused clock ----

async fn thousand(limits: Ratelimits, url: &'static str) {
    let service = service(limits);
    let tasks: Vec<_> = (0..1000)
        .map(|_| tokio::spawn(service.clone().oneshot(request(url))))
        .collect();
    for task in tasks {
        task.await.expect("task").expect("request");
    }
}

fn park_and_release(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("paused runtime");
    let mut group = c.benchmark_group("park_and_release_1000_tasks");
    group.sample_size(20);
    let cases: [(&str, &'static str, bool, u32); 4] = [
        ("global_never_binds", GLOBAL_ONLY, false, 1_000_000),
        ("global_10_per_s", GLOBAL_ONLY, false, 10),
        ("route_never_binds", AT_HOME, true, 1_000_000),
        ("route_10_per_s", AT_HOME, true, 10),
    ];
    for (name, url, route, amount) in cases {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                let start = Instant::now();
                for _ in 0..iters {
                    runtime.block_on(async {
                        thousand(limits(amount, Duration::from_secs(1), route), url).await;
                    });
                }
                start.elapsed()
            })
        });
    }
    group.finish();
}

// ---- 2. wake-ups per released request and CPU while parked, real clock ----

/// CPU time of every thread of this process so far.
fn process_cpu() -> Duration {
    let mut nanos = 0u64;
    if let Ok(tasks) = std::fs::read_dir("/proc/self/task") {
        for task in tasks.flatten() {
            let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
            nanos += stat
                .split_whitespace()
                .next()
                .and_then(|field| field.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    Duration::from_nanos(nanos)
}

struct Parked {
    scenario: String,
    polls: usize,
    max_polls: usize,
    parked_cpu: Option<(Duration, Duration)>,
    elapsed: Duration,
}

/// `tasks` requests to `url`, `prefill` requests sent first (they go at once and fill the
/// window), then the measured tasks; with `measure_parked`, CPU is measured over `parked`
/// (starting 250 ms after the tasks were spawned) while they wait.
fn parked_scenario(
    runtime: &tokio::runtime::Runtime,
    scenario: &str,
    limits: Ratelimits,
    url: &'static str,
    prefill: usize,
    tasks: usize,
    measure_parked: Option<Duration>,
) -> Parked {
    runtime.block_on(async {
        let service = service(limits);
        for _ in 0..prefill {
            service
                .clone()
                .oneshot(request(url))
                .await
                .expect("prefill");
        }
        let counters: Vec<Arc<AtomicUsize>> =
            (0..tasks).map(|_| Arc::new(AtomicUsize::new(0))).collect();
        let start = Instant::now();
        let handles: Vec<_> = counters
            .iter()
            .map(|polls| {
                tokio::spawn(CountPolls {
                    inner: Box::pin(service.clone().oneshot(request(url))),
                    polls: Arc::clone(polls),
                })
            })
            .collect();
        let parked_cpu = match measure_parked {
            Some(window) => {
                tokio::time::sleep(Duration::from_millis(250)).await;
                let (cpu, wall) = (process_cpu(), Instant::now());
                tokio::time::sleep(window).await;
                Some((process_cpu() - cpu, wall.elapsed()))
            }
            None => None,
        };
        for handle in handles {
            handle.await.expect("task").expect("request");
        }
        let elapsed = start.elapsed();
        let polls: Vec<usize> = counters.iter().map(|c| c.load(Ordering::Relaxed)).collect();
        Parked {
            scenario: scenario.to_owned(),
            polls: polls.iter().sum(),
            max_polls: polls.iter().copied().max().unwrap_or(0),
            parked_cpu,
            elapsed,
        }
    })
}

fn parked_table(full: bool) -> String {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let tasks = 1000;
    let (hold, parked, step) = if full {
        (
            Duration::from_secs(3),
            Duration::from_secs(2),
            Duration::from_millis(100),
        )
    } else {
        (
            Duration::from_millis(400),
            Duration::from_millis(100),
            Duration::from_millis(10),
        )
    };
    let rows = [
        parked_scenario(
            &runtime,
            "global: window full, all 1,000 parked, then released together",
            limits(1000, hold, false),
            GLOBAL_ONLY,
            1000,
            tasks,
            Some(parked),
        ),
        parked_scenario(
            &runtime,
            &format!("global: 100 per {step:?}, released 100 at a time"),
            limits(100, step, false),
            GLOBAL_ONLY,
            0,
            tasks,
            None,
        ),
        parked_scenario(
            &runtime,
            "route (at-home): window full, all 1,000 parked, then released together",
            limits(1000, hold, true),
            AT_HOME,
            1000,
            tasks,
            Some(parked),
        ),
        parked_scenario(
            &runtime,
            &format!("route (at-home): 100 per {step:?}, released 100 at a time"),
            limits(100, step, true),
            AT_HOME,
            0,
            tasks,
            None,
        ),
    ];
    let mut table = String::new();
    let _ = writeln!(
        table,
        "| scenario (1,000 tasks) | polls | wake-ups per released request | most polls of one task | CPU while all parked | wall |"
    );
    let _ = writeln!(table, "|---|---:|---:|---:|---:|---:|");
    for row in rows {
        let cpu = row.parked_cpu.map_or_else(
            || "-".to_owned(),
            |(cpu, wall)| {
                format!(
                    "{:.2} ms over {:.2} s ({:.3} % of one core)",
                    cpu.as_secs_f64() * 1e3,
                    wall.as_secs_f64(),
                    cpu.as_secs_f64() / wall.as_secs_f64() * 100.0
                )
            },
        );
        let _ = writeln!(
            table,
            "| {} | {} | {:.3} | {} | {cpu} | {:.2} s |",
            row.scenario,
            row.polls,
            (row.polls - tasks) as f64 / tasks as f64,
            row.max_polls,
            row.elapsed.as_secs_f64(),
        );
    }
    table
}

// ---- 3. precision of the full stack over loopback ----

struct Precision {
    requests: usize,
    max_in_window: usize,
    windows_over: usize,
    min_gap: Duration,
    used: f64,
}

/// Arrival analysis for `amount` per `per`.
fn analyse(mut arrivals: Vec<Instant>, amount: usize, per: Duration) -> Precision {
    arrivals.sort_unstable();
    let mut max_in_window = 0;
    let mut windows_over = 0;
    let mut end = 0;
    for (start, at) in arrivals.iter().enumerate() {
        while end < arrivals.len() && arrivals[end] < *at + per {
            end += 1;
        }
        let count = end - start;
        max_in_window = max_in_window.max(count);
        if count > amount {
            windows_over += 1;
        }
    }
    let gaps: Vec<Duration> = (amount..arrivals.len())
        .map(|i| arrivals[i] - arrivals[i - amount])
        .collect();
    let mean_gap = gaps.iter().sum::<Duration>() / u32::try_from(gaps.len().max(1)).unwrap_or(1);
    Precision {
        requests: arrivals.len(),
        max_in_window,
        windows_over,
        min_gap: gaps.iter().copied().min().unwrap_or_default(),
        used: per.as_secs_f64() / mean_gap.as_secs_f64(),
    }
}

fn precision_run(
    runtime: &tokio::runtime::Runtime,
    amount: u32,
    per: Duration,
    margin: Duration,
    tasks: usize,
    run_for: Duration,
) -> Precision {
    let server = Server::start(MANGA_LIST, 1, true);
    let client = MangadexClient::builder()
        .api_url(server.url())
        .anonymous(true)
        .ratelimits(Ratelimits::default().with_global(amount, per))
        .safety_margin(margin)
        .build()
        .expect("client");
    runtime.block_on(async {
        let deadline = Instant::now() + run_for;
        let handles: Vec<_> = (0..tasks)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move {
                    while Instant::now() < deadline {
                        fetch_manga_list(&client).await;
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.await.expect("task");
        }
    });
    analyse(server.take_arrivals(), amount as usize, per)
}

fn precision_table(full: bool) -> String {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (amount, per, tasks, run_for) = if full {
        (200, Duration::from_secs(1), 256, Duration::from_secs(10))
    } else {
        (
            20,
            Duration::from_millis(100),
            32,
            Duration::from_millis(300),
        )
    };
    let mut table = String::new();
    let _ = writeln!(
        table,
        "| safety margin | requests | most in any sliding {per:?} (limit {amount}) | windows over | shortest gap i-{amount} -> i | allowance used |"
    );
    let _ = writeln!(table, "|---:|---:|---:|---:|---:|---:|");
    for margin in [Duration::from_millis(20), Duration::from_millis(5)] {
        let row = precision_run(&runtime, amount, per, margin, tasks, run_for);
        let _ = writeln!(
            table,
            "| {margin:?}{} | {} | {} | {} | {:.1} ms | {:.2} % |",
            if margin == Duration::from_millis(20) {
                " (default)"
            } else {
                ""
            },
            row.requests,
            row.max_in_window,
            row.windows_over,
            row.min_gap.as_secs_f64() * 1e3,
            row.used * 100.0,
        );
        assert_eq!(row.windows_over, 0, "the limiter let a window overshoot");
    }
    table
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let mut criterion = Criterion::default().configure_from_args();
    park_and_release(&mut criterion);
    criterion.final_summary();

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let parked = parked_table(full);
    let precision = precision_table(full);
    let report = format!(
        "load average at start: {}\n\n{parked}\n{precision}",
        load.trim()
    );
    println!("\n{report}");
    if full {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/criterion/limiter-tables.md");
        let _ = std::fs::create_dir_all(path.parent().expect("parent"));
        let _ = std::fs::write(&path, &report);
        println!("saved to {}", path.display());
    }
}
