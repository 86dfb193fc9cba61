//! The machine-local shared store: one reservation through `FileStore` (open the state file,
//! take its OS lock, read, decide, write, let go), and one heartbeat (the same round on the
//! peer registry). Target: a reservation under 50 µs.
//!
//! Run: `cargo bench --bench file_store`. The limit is set far above what the loop reaches,
//! so every reservation is committed at once and the log stays at its realistic size.
#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented public functions"
)]

use std::hint::black_box;
use std::time::Duration;

use asyncdex_tower::ratelimit::file_store::FileStore;
use asyncdex_tower::ratelimit::store::{SharedLimit, SharedStore};
use criterion::{Criterion, criterion_group, criterion_main};

fn limits() -> [SharedLimit; 2] {
    let limit = |name: &str, amount| SharedLimit {
        name: name.into(),
        amount,
        window: Duration::from_micros(50),
    };
    // A global and a route limit, as a request to a limited route passes.
    [limit("global", 300), limit("at-home-server", 40)]
}

fn reserve(c: &mut Criterion) {
    let dir =
        std::env::temp_dir().join(format!("asyncdex-bench-file-store-{}", std::process::id()));
    let store = FileStore::new(dir.join("limits"));
    let limits = limits();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let mut group = c.benchmark_group("shared_store");
    group.bench_function("file_store_reserve", |b| {
        b.iter(|| {
            runtime
                .block_on(store.reserve(black_box(&limits), true, Duration::ZERO))
                .unwrap()
        })
    });
    group.bench_function("file_store_peers", |b| {
        b.iter(|| runtime.block_on(store.peers()).unwrap())
    });
    group.finish();
    let _ = std::fs::remove_dir_all(dir);
}

criterion_group!(benches, reserve);
criterion_main!(benches);
