//! What the Redis store costs on loopback: one reservation against a bare `PING` round trip
//! (issue 13's target: at most 1.5 times) and against the cheapest script that reads the
//! clock and both states and writes both back, and reservations per second with 256 tasks.
//!
//! `cargo bench -p asyncdex-redis --bench reserve` (starts its own `redis-server`).

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use asyncdex_redis::RedisStore;
use asyncdex_tower::ratelimit::{SharedLimit, SharedStore};
use criterion::{Criterion, Throughput};
use support::{RedisServer, limit, store};
use tokio::runtime::Runtime;

const TASKS: u64 = 256;

/// MangaDex's global limit and its at-home rule (5 and 40 sends), with a window so short
/// (1 µs) that nothing ever waits: every reservation reads both logs, commits in both and
/// trims the send before it.
fn roomy_limits() -> [SharedLimit; 2] {
    let window = Duration::from_micros(1);
    [
        limit("global", 5, window),
        limit("GET /at-home/server/{id}", 40, window),
    ]
}

fn round_trips(c: &mut Criterion, server: &RedisServer) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let mut ping_connection = runtime.block_on(async {
        redis::Client::open(server.url())
            .expect("a valid URL")
            .get_connection_manager()
            .await
            .expect("the bench server accepts connections")
    });
    let store = store(server, "bench.test");
    let limits = roomy_limits();
    runtime
        .block_on(store.reserve(&limits, false, Duration::ZERO))
        .expect("Redis answers");

    let mut group = c.benchmark_group("redis_round_trip");
    group.bench_function("ping", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let () = redis::cmd("PING")
                    .query_async(&mut ping_connection)
                    .await
                    .map(|_: String| ())
                    .expect("PONG");
            });
        });
    });
    // What any reservation script must do at the least, and nothing else: read Redis's
    // clock, read both limits' states, write both back (constant values). Its cost against
    // `ping` bounds what a script can reach.
    let floor = redis::Script::new(
        "local clock = redis.call('TIME')
        redis.call('MGET', KEYS[1], KEYS[2])
        redis.call('SET', KEYS[1], '0123456789abcdef0123456789abcdef', 'PX', 1000)
        redis.call('SET', KEYS[2], '0123456789abcdef0123456789abcdef', 'PX', 1000)
        return {1, 0, tonumber(clock[1])}",
    );
    group.bench_function("script_floor", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let _: (u8, u64, u64) = floor
                    .key("{floor}:global")
                    .key("{floor}:route")
                    .invoke_async(&mut ping_connection)
                    .await
                    .expect("Redis answers");
            });
        });
    });
    group.bench_function("reserve", |b| {
        b.iter(|| {
            runtime
                .block_on(store.reserve(&limits, false, Duration::ZERO))
                .expect("Redis answers")
        });
    });
    group.finish();
}

/// `iters` reservations spread over 256 tasks sharing one store; the time they all took.
async fn reserve_concurrently(store: &Arc<RedisStore>, iters: u64) -> Duration {
    let per_task = iters.div_ceil(TASKS);
    let started = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let store = Arc::clone(store);
            tokio::spawn(async move {
                let limits = roomy_limits();
                for _ in 0..per_task {
                    store
                        .reserve(&limits, false, Duration::ZERO)
                        .await
                        .expect("Redis answers");
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("no task panicked");
    }
    started
        .elapsed()
        .mul_f64(iters as f64 / (per_task * TASKS) as f64)
}

fn throughput(c: &mut Criterion, server: &RedisServer) {
    let runtime = Runtime::new().expect("a runtime");
    let store = Arc::new(store(server, "bench-throughput.test"));
    runtime
        .block_on(store.reserve(&roomy_limits(), false, Duration::ZERO))
        .expect("Redis answers");
    let mut group = c.benchmark_group("redis_reservations");
    group.throughput(Throughput::Elements(1));
    group.bench_function("256_tasks", |b| {
        b.iter_custom(|iters| runtime.block_on(reserve_concurrently(&store, iters)));
    });
    group.finish();
}

fn configured() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .measurement_time(Duration::from_secs(4))
}

fn run(c: &mut Criterion) {
    let server = RedisServer::start();
    round_trips(c, &server);
    throughput(c, &server);
}

fn main() {
    let mut criterion = configured().configure_from_args();
    run(&mut criterion);
    criterion.final_summary();
}
