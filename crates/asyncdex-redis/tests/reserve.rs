//! Reservations, pauses and corrections against a real Redis, by two stores at once.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, SystemTime};

use asyncdex_redis::RedisStore;
use asyncdex_tower::ratelimit::store::Reserved;
use asyncdex_tower::ratelimit::{SharedLimit, SharedStore};
use redis::AsyncCommands;
use support::{RedisServer, limit, raw_connection, sends_kept, store};
use tokio::sync::Mutex;

const MS: Duration = Duration::from_millis(1);

/// Asserts that no `amount + 1` of `sends` (sorted) fall within one `window`.
fn assert_never_over(sends: &[SystemTime], amount: usize, window: Duration) {
    for (first, last) in sends.iter().zip(&sends[amount..]) {
        let span = last.duration_since(*first).expect("sorted");
        assert!(
            span >= window,
            "{} sends within {span:?}, the limit is {amount} per {window:?}",
            amount + 1
        );
    }
}

/// One task: reserves until `remaining` runs out, recording each committed send's instant on
/// Redis's clock, and waits as told (a committed send until its instant, a busy one until it
/// may ask again), as the rate-limit layer does.
async fn reserve_until_done(
    store: Arc<RedisStore>,
    limits: Vec<SharedLimit>,
    remaining: Arc<AtomicI32>,
    sends: Arc<Mutex<Vec<(SystemTime, bool)>>>,
) {
    let on_route = limits.len() == 2;
    while remaining.load(Ordering::Relaxed) > 0 {
        match store
            .reserve_timed(&limits, true, Duration::ZERO)
            .await
            .expect("Redis answers")
        {
            (Reserved::Send(wait), now) => {
                remaining.fetch_sub(1, Ordering::Relaxed);
                sends.lock().await.push((now + wait, on_route));
                tokio::time::sleep(wait).await;
            }
            (Reserved::Busy(wait), _) => tokio::time::sleep(wait).await,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_reservations_of_two_stores_never_put_more_than_the_amount_in_a_window() {
    let server = RedisServer::shared();
    let stores = [
        Arc::new(store(&server, "atomic.test")),
        Arc::new(store(&server, "atomic.test")),
    ];
    let global = limit("global", 10, 200 * MS);
    let route = limit("GET /at-home/server/{id}", 3, 100 * MS);
    let remaining = Arc::new(AtomicI32::new(60));
    let sends = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for task in 0..64 {
        let limits = match task % 4 {
            0 | 1 => vec![global.clone()],
            _ => vec![global.clone(), route.clone()],
        };
        tasks.push(tokio::spawn(reserve_until_done(
            Arc::clone(&stores[task % 2]),
            limits,
            Arc::clone(&remaining),
            Arc::clone(&sends),
        )));
    }
    for task in tasks {
        task.await.expect("no task panicked");
    }

    let mut sends = sends.lock().await.clone();
    sends.sort();
    let all: Vec<_> = sends.iter().map(|(at, _)| *at).collect();
    let on_route: Vec<_> = sends.iter().filter(|s| s.1).map(|(at, _)| *at).collect();
    assert!(all.len() >= 60, "{} sends", all.len());
    assert!(on_route.len() >= 4, "{} sends on the route", on_route.len());
    assert_never_over(&all, 10, 200 * MS);
    assert_never_over(&on_route, 3, 100 * MS);
}

#[tokio::test]
async fn a_late_send_holds_the_window_from_its_latest_arrival_and_delays_no_other() {
    let server = RedisServer::shared();
    let store = store(&server, "late.test");
    let late = 60_000 * MS;
    // One send a second: a send that may arrive a minute late holds the next for a minute.
    let one = [limit("GET /one", 1, 1000 * MS)];
    assert_eq!(
        store.reserve(&one, true, late).await.unwrap(),
        Reserved::Send(Duration::ZERO)
    );
    let Reserved::Busy(free_in) = store.reserve(&one, false, Duration::ZERO).await.unwrap() else {
        panic!("the window is full");
    };
    assert!(free_in > 59_000 * MS, "{free_in:?}");

    // Three a second: a late send, then two on time, all at once (lateness serialises
    // nothing). The window opens a second after the earliest arrival, an on-time send's, not
    // after the late one: its arrival was counted in its place among the others.
    let three = [limit("GET /three", 3, 1000 * MS)];
    for late in [late, Duration::ZERO, Duration::ZERO] {
        assert_eq!(
            store.reserve(&three, true, late).await.unwrap(),
            Reserved::Send(Duration::ZERO)
        );
    }
    let Reserved::Busy(free_in) = store.reserve(&three, false, Duration::ZERO).await.unwrap()
    else {
        panic!("the window is full");
    };
    assert!(free_in <= 1000 * MS, "{free_in:?}");
    let mut redis = raw_connection(&server).await;
    let kept = sends_kept(&mut redis, "{asyncdex:late.test}:state:GET /three").await;
    assert_eq!(kept, 3);
}

#[tokio::test]
async fn a_slot_beyond_commit_ahead_is_busy_and_commits_nothing() {
    let server = RedisServer::shared();
    let store = store(&server, "ahead.test");
    let global = [limit("global", 2, 3000 * MS)];
    assert_eq!(
        store.reserve(&global, true, Duration::ZERO).await.unwrap(),
        Reserved::Send(Duration::ZERO)
    );
    assert_eq!(
        store.reserve(&global, true, Duration::ZERO).await.unwrap(),
        Reserved::Send(Duration::ZERO)
    );

    // The next slot is 3 s after the first send: 2 s past the 1 s a store commits ahead.
    let Reserved::Busy(ask_again) = store.reserve(&global, true, Duration::ZERO).await.unwrap()
    else {
        panic!("a slot 3 s ahead must not be committed");
    };
    assert!(
        ask_again <= 3000 * MS && ask_again > 2500 * MS,
        "busy until the slot: {ask_again:?}"
    );
    let Reserved::Busy(free_in) = store.reserve(&global, false, Duration::ZERO).await.unwrap()
    else {
        panic!("without waiting, only a send for now is committed");
    };
    assert!(free_in <= 3000 * MS && free_in > 2500 * MS, "{free_in:?}");

    let mut redis = raw_connection(&server).await;
    let log = "{asyncdex:ahead.test}:state:global";
    let committed = sends_kept(&mut redis, log).await;
    assert_eq!(committed, 2, "the busy answers committed nothing");
    // The log expires once its last send has left the window.
    let ttl: i64 = redis.pttl(log).await.unwrap();
    assert!(ttl > 0 && ttl <= 3001, "{ttl} ms");
}

#[tokio::test]
async fn a_send_within_commit_ahead_is_committed_only_when_the_caller_waits() {
    let server = RedisServer::shared();
    let store = store(&server, "wait.test");
    let global = [limit("global", 1, 500 * MS)];
    assert_eq!(
        store.reserve(&global, false, Duration::ZERO).await.unwrap(),
        Reserved::Send(Duration::ZERO)
    );
    let Reserved::Busy(free_in) = store.reserve(&global, false, Duration::ZERO).await.unwrap()
    else {
        panic!("the next slot is not now");
    };
    assert!(
        free_in > Duration::ZERO && free_in <= 500 * MS,
        "{free_in:?}"
    );
    let Reserved::Send(wait) = store.reserve(&global, true, Duration::ZERO).await.unwrap() else {
        panic!("a slot within a second is committed");
    };
    assert!(wait > Duration::ZERO && wait <= 500 * MS, "{wait:?}");
}

#[tokio::test]
async fn a_pause_from_one_store_holds_the_other_back() {
    let server = RedisServer::shared();
    let (pauser, other) = (store(&server, "pause.test"), store(&server, "pause.test"));
    let global = limit("global", 100, 1000 * MS);
    let route = limit("GET /manga", 100, 1000 * MS);
    pauser
        .pause(std::slice::from_ref(&global), 1500 * MS)
        .await
        .unwrap();
    // A shorter pause never shortens the longer one.
    pauser
        .pause(std::slice::from_ref(&global), 100 * MS)
        .await
        .unwrap();

    let both = [global.clone(), route.clone()];
    let Reserved::Busy(ask_again) = other.reserve(&both, true, Duration::ZERO).await.unwrap()
    else {
        panic!("a send 1.5 s ahead must not be committed");
    };
    assert!(
        ask_again > 1000 * MS && ask_again <= 1500 * MS,
        "busy until the pause ends: {ask_again:?}"
    );
    let Reserved::Busy(free_in) = other.reserve(&both, false, Duration::ZERO).await.unwrap() else {
        panic!("the pause holds the send back");
    };
    assert!(free_in > 1000 * MS && free_in <= 1500 * MS, "{free_in:?}");
    // A pause of the route alone leaves the other routes free.
    let other_route = [global, limit("GET /chapter", 100, 1000 * MS)];
    pauser.pause(&[route], 1500 * MS).await.unwrap();
    let reserved = other
        .reserve(&other_route, false, Duration::ZERO)
        .await
        .unwrap();
    assert!(
        matches!(reserved, Reserved::Busy(_)),
        "the global pause still holds"
    );
}

#[tokio::test]
async fn paused_answers_what_is_left_of_a_pause_and_zero_without_one() {
    let server = RedisServer::shared();
    let (pauser, other) = (store(&server, "paused.test"), store(&server, "paused.test"));
    let global = limit("global", 5, 1000 * MS);
    let route = limit("GET /manga", 5, 1000 * MS);
    let both = [global.clone(), route];
    assert_eq!(other.paused(&both).await.unwrap(), Duration::ZERO);
    let started = std::time::Instant::now();
    pauser
        .pause(std::slice::from_ref(&global), 1500 * MS)
        .await
        .unwrap();
    // The longest pause on any of the limits, less the time since it was stored (on Redis's
    // clock, which reads whole microseconds: at most the two calls' time apart).
    let left = other.paused(&both).await.unwrap();
    let apart = started.elapsed() + Duration::from_micros(1);
    assert!(left <= 1500 * MS, "{left:?}");
    assert!(left + apart >= 1500 * MS, "{left:?} {apart:?}");
    // The pause of the global limit is not the route's.
    let route_only = &both[1..];
    assert_eq!(other.paused(route_only).await.unwrap(), Duration::ZERO);
}

#[tokio::test]
async fn a_short_pause_delays_the_send_by_what_is_left_of_it() {
    let server = RedisServer::shared();
    let (pauser, other) = (store(&server, "short.test"), store(&server, "short.test"));
    let global = [limit("global", 100, 1000 * MS)];
    pauser.pause(&global, 800 * MS).await.unwrap();
    let Reserved::Send(wait) = other.reserve(&global, true, Duration::ZERO).await.unwrap() else {
        panic!("a send 0.8 s ahead is committed");
    };
    assert!(wait > 400 * MS && wait <= 800 * MS, "{wait:?}");
}

#[tokio::test]
async fn a_short_pause_keeps_the_sends_that_hold_the_next_one_back() {
    let server = RedisServer::shared();
    let store = store(&server, "both.test");
    let global = [limit("global", 2, 3000 * MS)];
    for _ in 0..2 {
        let reserved = store.reserve(&global, true, Duration::ZERO).await.unwrap();
        assert_eq!(reserved, Reserved::Send(Duration::ZERO));
    }
    // A short pause, over a full window: the sends still hold the next one back 3 s.
    store.pause(&global, 100 * MS).await.unwrap();
    let Reserved::Busy(free_in) = store.reserve(&global, false, Duration::ZERO).await.unwrap()
    else {
        panic!("the window is full");
    };
    assert!(free_in > 2500 * MS && free_in <= 3000 * MS, "{free_in:?}");
}

#[tokio::test]
async fn a_correction_fills_the_window_the_server_counted() {
    let server = RedisServer::shared();
    let (sender, corrector) = (
        store(&server, "correct.test"),
        store(&server, "correct.test"),
    );
    let global = limit("global", 5, 2000 * MS);
    let limits = [global.clone()];
    assert_eq!(
        sender.reserve(&limits, true, Duration::ZERO).await.unwrap(),
        Reserved::Send(Duration::ZERO)
    );

    // The server saw 5 sends in its window, which ends in 1.5 s: 4 more than this log holds.
    corrector.correct(&global, 5, 1500 * MS).await.unwrap();
    // The same window, told again a little later: nothing is missing any more.
    corrector.correct(&global, 5, 1000 * MS).await.unwrap();
    let mut redis = raw_connection(&server).await;
    let counted = sends_kept(&mut redis, "{asyncdex:correct.test}:state:global").await;
    assert_eq!(counted, 5, "the missing sends are counted once");

    let Reserved::Busy(free_in) = sender
        .reserve(&limits, false, Duration::ZERO)
        .await
        .unwrap()
    else {
        panic!("the window is full");
    };
    assert!(free_in > 1000 * MS && free_in <= 1500 * MS, "{free_in:?}");
}

#[tokio::test]
async fn a_correction_leaves_a_send_committed_for_later_on_top_of_the_servers_count() {
    let server = RedisServer::shared();
    let store = store(&server, "later.test");
    let global = limit("global", 5, 2000 * MS);
    let route = limit("GET /manga", 5, 2000 * MS);
    // A send due later in the global log, held back by the route's pause alone.
    store
        .pause(std::slice::from_ref(&route), 500 * MS)
        .await
        .unwrap();
    let Reserved::Send(later) = store
        .reserve(&[global.clone(), route], true, Duration::ZERO)
        .await
        .unwrap()
    else {
        panic!("a send 0.5 s ahead is committed");
    };
    assert!(later > Duration::ZERO, "{later:?}");

    // The send due later has not reached the server: all 3 counted sends are missing. They
    // go in at the server's window start, before the later one, which stays the last.
    store.correct(&global, 3, 1500 * MS).await.unwrap();
    let mut redis = raw_connection(&server).await;
    let kept = sends_kept(&mut redis, "{asyncdex:later.test}:state:global").await;
    assert_eq!(kept, 4);
    let Reserved::Busy(free_in) = store
        .reserve(&[global], false, Duration::ZERO)
        .await
        .unwrap()
    else {
        panic!("no send before the one committed for later");
    };
    assert!(free_in > Duration::ZERO && free_in <= later, "{free_in:?}");
}

#[tokio::test]
async fn a_limit_that_allows_nothing_is_an_error() {
    let server = RedisServer::shared();
    let store = store(&server, "zero.test");
    let error = store
        .reserve(&[limit("global", 0, 1000 * MS)], true, Duration::ZERO)
        .await
        .unwrap_err();
    assert!(error.to_string().contains("allows no sends"), "{error}");
}

#[tokio::test]
async fn a_log_keeps_only_the_sends_that_can_still_hold_one_back() {
    let server = RedisServer::shared();
    let store = store(&server, "trim.test");
    let mut redis = raw_connection(&server).await;
    // A full log keeps the amount most recent sends (10 sends within 0.4 s, all committed).
    let full = [limit("global", 3, 100 * MS)];
    for _ in 0..10 {
        let reserved = store.reserve(&full, true, Duration::ZERO).await.unwrap();
        assert!(matches!(reserved, Reserved::Send(_)), "{reserved:?}");
    }
    let kept = sends_kept(&mut redis, "{asyncdex:trim.test}:state:global").await;
    assert_eq!(kept, 3);
    // A log far from its amount drops the sends that left the window: of 4 sends 120 ms
    // apart, at most the last 2 are within 200 ms (Redis's clock: these waits are real).
    let roomy = [limit("GET /manga", 1000, 200 * MS)];
    for _ in 0..4 {
        store.reserve(&roomy, false, Duration::ZERO).await.unwrap();
        tokio::time::sleep(120 * MS).await;
    }
    let kept = sends_kept(&mut redis, "{asyncdex:trim.test}:state:GET /manga").await;
    assert!(kept <= 2, "{kept} sends kept");
}
