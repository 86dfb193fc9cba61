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
//!    the three clients take turns (7 rounds of 1 s each, the order rotating every round so
//!    that a noisy neighbour hurts each alike); per client the median throughput of its
//!    rounds, the client threads' CPU time (and its user-space part) and sleeps per request,
//!    and p50/p99 of every request's latency (see `support/load.rs`).
//!
//! Run: `cargo bench --bench stack -- --warm-up-time 1 --measurement-time 3` (`-- latency`
//! for the table alone, `BENCH_ROUNDS=15` for more rounds). Under `cargo test --benches` every criterion bench runs once and the
//! table is a 50 ms smoke run.
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
use server::{
    MANGA_LIST, MANGA_LIST_PATH, RawClient, Server, fetch_manga_list, raw_client, read_raw,
    unlimited_client,
};

const CONCURRENCY: [usize; 4] = [1, 16, 64, 256];
/// Server worker threads (see BENCHMARKS.md for why 2).
const SERVER_THREADS: usize = 2;

/// The three clients, each fetching the page and reading its whole body.
fn contenders(base: &str) -> [Contender; 3] {
    let uri: Uri = format!("{base}{MANGA_LIST_PATH}").parse().expect("uri");

    // hyper-util's legacy client on a plain `HttpConnector` (TCP_NODELAY on, like ours).
    let raw: RawClient = raw_client();
    let raw_uri = uri.clone();
    let raw = Contender::new("raw_hyper", move || {
        let response = raw.get(raw_uri.clone());
        async move { read_raw(response).await }
    });

    // The default `MangadexClient` stack, anonymous, limits non-binding.
    let client = unlimited_client(base, None);
    let asyncdex = Contender::new("asyncdex", move || {
        let client = client.clone();
        async move { fetch_manga_list(&client).await }
    });

    // `reqwest::Client::new()`: default settings, HTTP/1 only (no TLS compiled in).
    let reqwest = reqwest::Client::new();
    let url = uri.to_string();
    let reqwest = Contender::new("reqwest", move || {
        let request = reqwest.get(&url).send();
        async move {
            let response = request.await.expect("reqwest request");
            assert!(response.status().is_success());
            response.bytes().await.expect("reqwest body").len()
        }
    });

    [raw, asyncdex, reqwest]
}

fn criterion_benches(c: &mut Criterion, runtime: &tokio::runtime::Runtime, clients: &[Contender]) {
    for concurrency in CONCURRENCY {
        let mut group = c.benchmark_group(format!("stack_c{concurrency}"));
        group.throughput(Throughput::Elements(concurrency as u64));
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(20);
        for client in clients {
            group.bench_function(client.name, |b| {
                b.iter_custom(|iters| {
                    let total = iters * concurrency as u64;
                    runtime
                        .block_on(load::drive(
                            client,
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
    let plan = Plan {
        concurrency: &CONCURRENCY,
        rounds: if bench_mode { load::rounds(7) } else { 1 },
        round: if bench_mode {
            Duration::from_secs(1)
        } else {
            Duration::from_millis(50)
        },
        baseline: "raw_hyper",
        expected_len: MANGA_LIST.len(),
    };
    let load_before = load::load_average();
    let table = load::interleaved_table(&runtime, &clients, &plan);
    load::publish(&table, &load_before, "stack-latency.md", bench_mode);
}
