//! The whole default `MangadexClient` stack (retry + auth + rate limit, limits set so wide
//! they never bind) against a bare hyper-util legacy `Client` and a plain `reqwest::Client`,
//! all three fetching the same 237 KB manga-list page from the same loopback server, in the
//! same run, at 1, 16, 64 and 256 concurrent tasks. Every request reads the whole body.
//!
//! Two measurements per run:
//!
//! 1. criterion (`stack_c{N}/{client}`): one iteration is N requests, one per task, so
//!    criterion's throughput figure is requests per second;
//! 2. a latency table printed at the end and saved to `target/criterion/stack-latency.md`:
//!    the three clients take turns (`ROUNDS` rounds of `ROUND` each, the order rotating every
//!    round so that a noisy neighbour hurts each alike); per client the median throughput of
//!    its rounds and p50/p99 of every request's latency.
//!
//! Run: `cargo bench --bench stack -- --warm-up-time 1 --measurement-time 3`. Under
//! `cargo test --benches` every criterion bench runs once and the table is a 50 ms smoke run.
#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented public functions"
)]

#[path = "support/server.rs"]
#[allow(dead_code, reason = "shared by several benches, each using part of it")]
mod server;

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use asyncdex::MangadexClient;
use asyncdex_tower::ratelimit::Ratelimits;
use bytes::Bytes;
use criterion::{Criterion, SamplingMode, Throughput};
use http::{Method, Uri};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use server::{MANGA_LIST, MANGA_LIST_PATH, Server};

const CONCURRENCY: [usize; 4] = [1, 16, 64, 256];
/// Server worker threads (see BENCHMARKS.md for why 2).
const SERVER_THREADS: usize = 2;

#[derive(Clone)]
#[allow(
    clippy::large_enum_variant,
    reason = "three long-lived clients, cloned once per task, never moved in a hot loop"
)]
enum Client {
    /// The default `MangadexClient` stack, anonymous, limits non-binding.
    Asyncdex(MangadexClient),
    /// hyper-util's legacy client on a plain `HttpConnector` (TCP_NODELAY on, like ours).
    Raw(HyperClient<HttpConnector, Empty<Bytes>>, Uri),
    /// `reqwest::Client::new()`: default settings, HTTP/1 only (no TLS compiled in).
    Reqwest(reqwest::Client, String),
}

impl Client {
    fn all(base: &str) -> [(&'static str, Self); 3] {
        let asyncdex = MangadexClient::builder()
            .api_url(base)
            .anonymous(true)
            .ratelimits(Ratelimits::default().with_global(1_000_000, Duration::from_secs(1)))
            .build()
            .expect("asyncdex client");
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let raw = HyperClient::builder(TokioExecutor::new()).build(connector);
        let uri: Uri = format!("{base}{MANGA_LIST_PATH}").parse().expect("uri");
        let reqwest = reqwest::Client::new();
        [
            ("raw_hyper", Self::Raw(raw, uri.clone())),
            ("asyncdex", Self::Asyncdex(asyncdex)),
            ("reqwest", Self::Reqwest(reqwest, uri.to_string())),
        ]
    }

    /// One request, the whole body read; returns the body's length.
    async fn fetch(&self) -> usize {
        match self {
            Self::Asyncdex(client) => client
                .request(Method::GET, "/manga")
                .param("limit", 100)
                .params("includes", ["author", "cover_art"])
                .send()
                .await
                .expect("asyncdex request")
                .bytes()
                .len(),
            Self::Raw(client, uri) => {
                let response = client.get(uri.clone()).await.expect("hyper request");
                assert!(response.status().is_success());
                let body = response.into_body().collect().await.expect("hyper body");
                body.to_bytes().len()
            }
            Self::Reqwest(client, url) => {
                let response = client.get(url).send().await.expect("reqwest request");
                assert!(response.status().is_success());
                response.bytes().await.expect("reqwest body").len()
            }
        }
    }
}

/// When the tasks stop taking new requests.
#[derive(Clone, Copy)]
enum Stop {
    /// After this many requests in all.
    Count(u64),
    /// At this instant.
    At(Instant),
}

/// `concurrency` tasks sending requests back to back until `stop`; returns the wall time and,
/// if `record`, every request's latency.
async fn drive(
    client: &Client,
    concurrency: usize,
    stop: Stop,
    record: bool,
) -> (Duration, Vec<Duration>) {
    let taken = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let client = client.clone();
            let taken = Arc::clone(&taken);
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                loop {
                    let go = match stop {
                        Stop::Count(total) => taken.fetch_add(1, Ordering::Relaxed) < total,
                        Stop::At(deadline) => Instant::now() < deadline,
                    };
                    if !go {
                        break;
                    }
                    let sent = Instant::now();
                    let len = client.fetch().await;
                    let latency = sent.elapsed();
                    assert_eq!(len, MANGA_LIST.len());
                    if record {
                        latencies.push(latency);
                    }
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("bench task"));
    }
    (start.elapsed(), latencies)
}

fn client_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("client runtime")
}

fn criterion_benches(
    c: &mut Criterion,
    runtime: &tokio::runtime::Runtime,
    clients: &[(&str, Client)],
) {
    for concurrency in CONCURRENCY {
        let mut group = c.benchmark_group(format!("stack_c{concurrency}"));
        group.throughput(Throughput::Elements(concurrency as u64));
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(20);
        for (name, client) in clients {
            group.bench_function(*name, |b| {
                b.iter_custom(|iters| {
                    let total = iters * concurrency as u64;
                    runtime
                        .block_on(drive(client, concurrency, Stop::Count(total), false))
                        .0
                })
            });
        }
        group.finish();
    }
}

struct Figures {
    /// Requests per second of each round.
    rates: Vec<f64>,
    /// Client-side CPU time per request of each round.
    cpu: Vec<f64>,
    latencies: Vec<Duration>,
}

/// CPU time so far of this process's threads other than the server's (the client runtime's
/// workers and the main thread), from `/proc/self/task/*/schedstat`, in nanoseconds.
fn client_cpu() -> u64 {
    let mut nanos = 0;
    for task in std::fs::read_dir("/proc/self/task")
        .into_iter()
        .flatten()
        .flatten()
    {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.starts_with("bench-server") {
            continue;
        }
        let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
        nanos += stat
            .split_whitespace()
            .next()
            .and_then(|field| field.parse::<u64>().ok())
            .unwrap_or(0);
    }
    nanos
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[rank]
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

/// The interleaved measurement behind the latency table.
fn latency_table(
    runtime: &tokio::runtime::Runtime,
    clients: &[(&str, Client)],
    rounds: usize,
    round: Duration,
) -> String {
    let mut table = String::new();
    let _ = writeln!(
        table,
        "| tasks | client | req/s (median of {rounds} rounds) | vs raw | client CPU per request | vs raw | p50 | p99 | p99 vs raw | requests |"
    );
    let _ = writeln!(table, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for concurrency in CONCURRENCY {
        let mut figures: Vec<Figures> = clients
            .iter()
            .map(|_| Figures {
                rates: Vec::new(),
                cpu: Vec::new(),
                latencies: Vec::new(),
            })
            .collect();
        // A short warm-up so every client has its connections open.
        for (_, client) in clients {
            runtime.block_on(drive(
                client,
                concurrency,
                Stop::At(Instant::now() + round / 4),
                false,
            ));
        }
        for r in 0..rounds {
            for k in 0..clients.len() {
                let index = (k + r) % clients.len();
                let deadline = Instant::now() + round;
                let cpu_before = client_cpu();
                let (wall, latencies) = runtime.block_on(drive(
                    &clients[index].1,
                    concurrency,
                    Stop::At(deadline),
                    true,
                ));
                let cpu = (client_cpu() - cpu_before) as f64 / 1e3;
                figures[index].cpu.push(cpu / latencies.len() as f64);
                figures[index]
                    .rates
                    .push(latencies.len() as f64 / wall.as_secs_f64());
                figures[index].latencies.extend(latencies);
            }
        }
        let mut summary = Vec::new();
        for figure in &mut figures {
            figure.latencies.sort_unstable();
            let rate = median(&mut figure.rates);
            let cpu = median(&mut figure.cpu);
            summary.push((
                rate,
                cpu,
                percentile(&figure.latencies, 0.50),
                percentile(&figure.latencies, 0.99),
                figure.latencies.len(),
            ));
        }
        let raw = clients
            .iter()
            .position(|(name, _)| *name == "raw_hyper")
            .expect("raw baseline");
        let (raw_rate, raw_cpu, _, raw_p99, _) = summary[raw];
        for ((name, _), (rate, cpu, p50, p99, count)) in clients.iter().zip(&summary) {
            let _ = writeln!(
                table,
                "| {concurrency} | {name} | {rate:.0} | {:.3} | {cpu:.1} µs | {:+.1} µs | {:.0} µs | {:.0} µs | {:.3} | {count} |",
                rate / raw_rate,
                cpu - raw_cpu,
                micros(*p50),
                micros(*p99),
                p99.as_secs_f64() / raw_p99.as_secs_f64(),
            );
        }
    }
    table
}

fn main() {
    let bench_mode = std::env::args().any(|arg| arg == "--bench");
    let server = Server::start(MANGA_LIST, SERVER_THREADS, false);
    let runtime = client_runtime();
    let clients = {
        let _guard = runtime.enter();
        Client::all(&server.url())
    };

    let mut criterion = Criterion::default().configure_from_args();
    criterion_benches(&mut criterion, &runtime, &clients);
    criterion.final_summary();

    let (rounds, round) = if bench_mode {
        (7, Duration::from_secs(1))
    } else {
        (1, Duration::from_millis(50))
    };
    let table = latency_table(&runtime, &clients, rounds, round);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "\nlatency table (load average before the table: {})\n{table}",
        load.trim()
    );
    if bench_mode {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("target/criterion/stack-latency.md");
        let _ = std::fs::create_dir_all(path.parent().expect("parent"));
        let _ = std::fs::write(&path, format!("load average: {}\n\n{table}", load.trim()));
        println!("saved to {}", path.display());
    }
}
