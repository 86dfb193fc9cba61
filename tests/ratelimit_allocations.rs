//! The limiter's hot path allocates nothing: counted with an instrumented global allocator.
//! (Its own test binary, with one test, so no other test's allocations are counted.)

use std::alloc::System;
use std::time::Duration;

use asyncdex_tower::ratelimit::Ratelimits;
use http::Method;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

#[test]
fn try_acquire_allocates_nothing_once_warm() {
    let limits = Ratelimits::default().with_global(100_000, Duration::from_millis(10));
    let paths = [
        "/manga/8f3e1818-a015-491d-bd81-3addc4d7d56a/feed",
        "/at-home/server/8f3e1818-a015-491d-bd81-3addc4d7d56a",
        "/manga/random",
        "/upload/begin/x",
    ];
    let methods = [Method::GET, Method::GET, Method::GET, Method::POST];
    // Warm-up: each bucket's record grows to its full capacity once.
    for _ in 0..120_000 {
        for (path, method) in paths.iter().zip(&methods) {
            let _ = limits.try_acquire(path, method);
        }
    }
    let region = Region::new(GLOBAL);
    for _ in 0..10_000 {
        for (path, method) in paths.iter().zip(&methods) {
            let _ = std::hint::black_box(limits.try_acquire(path, method));
        }
    }
    let stats = region.change();
    assert_eq!(stats.allocations, 0, "{stats:?}");
    assert_eq!(stats.reallocations, 0, "{stats:?}");
}
