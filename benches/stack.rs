//! The whole default `MangadexClient` stack (retry + auth + rate limit, limits set so wide
//! they never bind) against a bare hyper-util legacy `Client` and a plain `reqwest::Client`,
//! all fetching the same 237 KB manga-list page from the same loopback server, in the same
//! run, at 1, 16, 64 and 256 concurrent tasks. Every request reads the whole body.
//!
//! Two measurements per run:
//!
//! 1. criterion (`stack_c{N}/{client}`): one iteration is N requests, one per task, so
//!    criterion's throughput figure is requests per second;
//! 2. a latency table printed at the end and saved to `target/criterion/stack-latency.md`:
//!    the clients take turns (31 rounds of 250 ms each, the order rotating every round, a
//!    new client with new connections for every turn); per client the median throughput of
//!    its rounds and the median of its round-by-round ratios to raw hyper ("paired"), the
//!    client threads' CPU time (and its user-space part), sleeps and preemptions per request,
//!    the server threads' CPU time and the machine's idle time per request (both sides share
//!    its cores), and p50/p99 of every request's latency, p99 paired too (see
//!    `support/load.rs`). Raw hyper runs twice: the second, `raw_hyper_again`, is the
//!    control, and how far its ratios are from 1 is how far this table can be trusted.
//!
//! Run: `cargo bench --bench stack -- --warm-up-time 1 --measurement-time 3` (`-- latency`
//! for the table alone; `STACK_TASKS=64` for some concurrencies only, `BENCH_ROUNDS=41` for
//! more rounds, `BENCH_ROUND_MS=1000` for longer ones, `BENCH_DUMP=1` to print every round's
//! throughput and each client's latency percentiles from p50 to p99.9). Under `cargo test
//! --benches` every criterion bench runs once and the table is a 50 ms smoke run.
#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented public functions"
)]

#[path = "support/load.rs"]
mod load;
#[path = "support/server.rs"]
#[allow(dead_code, reason = "shared by several benches, each using part of it")]
mod server;

use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput};
use http::Uri;

use load::{Contender, Plan, Stop};
use server::{MANGA_LIST, MANGA_LIST_PATH, Server, fetch_manga_list, unlimited_client};

const CONCURRENCY: [usize; 4] = [1, 16, 64, 256];
/// Server worker threads (see BENCHMARKS.md for why 2).
const SERVER_THREADS: usize = 2;

/// The clients, each fetching the page and reading its whole body, each built anew (new
/// connections) for every round of the table; raw hyper twice, the second as a control: its
/// ratio to the first is what the table cannot tell apart from 1.
fn contenders(base: &str) -> [Contender; 4] {
    let uri: Uri = format!("{base}{MANGA_LIST_PATH}").parse().expect("uri");
    [
        load::raw_hyper("raw_hyper", &uri),
        load::raw_hyper("raw_hyper_again", &uri),
        asyncdex_contender(base),
        reqwest_contender(&uri),
    ]
}

/// The default `MangadexClient` stack, anonymous, limits non-binding.
fn asyncdex_contender(base: &str) -> Contender {
    let base = base.to_owned();
    Contender::new("asyncdex", move || {
        let client = unlimited_client(&base, None);
        move || {
            let client = client.clone();
            async move { fetch_manga_list(&client).await }
        }
    })
}

/// `reqwest::Client::new()`: default settings, HTTP/1 only (no TLS compiled in).
fn reqwest_contender(uri: &Uri) -> Contender {
    let url = uri.to_string();
    Contender::new("reqwest", move || {
        let reqwest = reqwest::Client::new();
        let url = url.clone();
        move || {
            let request = reqwest.get(&url).send();
            async move {
                let response = request.await.expect("reqwest request");
                assert!(response.status().is_success());
                response.bytes().await.expect("reqwest body").len()
            }
        }
    })
}

fn criterion_benches(c: &mut Criterion, runtime: &tokio::runtime::Runtime, clients: &[Contender]) {
    for concurrency in CONCURRENCY {
        let mut group = c.benchmark_group(format!("stack_c{concurrency}"));
        group.throughput(Throughput::Elements(concurrency as u64));
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(20);
        for client in clients {
            let instance = {
                let _guard = runtime.enter();
                client.instance()
            };
            group.bench_function(client.name, |b| {
                b.iter_custom(|iters| {
                    let total = iters * concurrency as u64;
                    runtime
                        .block_on(load::drive(
                            &instance,
                            concurrency,
                            Stop::Count(total),
                            false,
                            MANGA_LIST.len(),
                        ))
                        .0
                })
            });
        }
        group.finish();
    }
}

fn main() {
    let bench_mode = std::env::args().any(|arg| arg == "--bench");
    let server = Server::start(MANGA_LIST, SERVER_THREADS, false);
    let runtime = load::client_runtime();
    let clients = {
        let _guard = runtime.enter();
        contenders(&server.url())
    };

    let mut criterion = Criterion::default().configure_from_args();
    criterion_benches(&mut criterion, &runtime, &clients);
    criterion.final_summary();

    if !load::table_selected("latency") {
        return;
    }
    // `STACK_TASKS=64` narrows the table to those concurrencies.
    let concurrency = load::tasks("STACK_TASKS", &CONCURRENCY);
    let plan = Plan {
        concurrency: &concurrency,
        rounds: if bench_mode { load::rounds(31) } else { 1 },
        round: if bench_mode {
            load::round(Duration::from_millis(250))
        } else {
            Duration::from_millis(50)
        },
        baseline: "raw_hyper",
        expected_len: MANGA_LIST.len(),
        settle: &|| server.wait_until_closed(Duration::from_secs(2)),
    };
    let load_before = load::load_average();
    let table = load::interleaved_table(&runtime, &clients, &plan);
    load::publish(&table, &load_before, "stack-latency.md", bench_mode);
}
