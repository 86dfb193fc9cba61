//! The shared stage with a store whose clock is tokio's (so it runs on paused time): two
//! layers stand for two processes.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::{Request, Response, StatusCode};
use tokio::time::Instant;
use tower::{BoxError, Layer, ServiceExt, service_fn};

use crate::ratelimit::file_store::log::Logs;
use crate::ratelimit::store::{Reserved, SharedLimit, SharedStore, StoreError, StoreFuture};
use crate::ratelimit::{OnStoreFailure, RateLimitLayer, Ratelimits};

/// The file store's model in memory, on tokio's clock; `failing` makes every call fail.
#[derive(Debug)]
struct ClockStore {
    logs: Arc<Mutex<Logs>>,
    epoch: Instant,
    failing: AtomicBool,
    peers: AtomicU32,
}

impl ClockStore {
    fn new() -> Arc<Self> {
        Arc::new(Self {
            logs: Arc::default(),
            epoch: Instant::now(),
            failing: AtomicBool::new(false),
            peers: AtomicU32::new(1),
        })
    }

    /// The same store as another process reaches it: it fails apart from this one.
    fn view(&self) -> Arc<Self> {
        Arc::new(Self {
            logs: Arc::clone(&self.logs),
            epoch: self.epoch,
            failing: AtomicBool::new(self.failing.load(Ordering::SeqCst)),
            peers: AtomicU32::new(self.peers.load(Ordering::SeqCst)),
        })
    }

    fn call<T: Send + 'static>(
        &self,
        change: impl FnOnce(&mut Logs, u64) -> T,
    ) -> StoreFuture<'_, T> {
        let result = if self.failing.load(Ordering::SeqCst) {
            Err(StoreError::msg("the test store is down"))
        } else {
            let now = 1_000_000 + self.epoch.elapsed().as_millis() as u64;
            Ok(change(&mut self.logs.lock().unwrap(), now))
        };
        Box::pin(std::future::ready(result))
    }

    fn holds_a_pause(&self) -> bool {
        self.logs
            .lock()
            .unwrap()
            .limits
            .values()
            .any(|log| log.paused_until > 0)
    }
}

impl SharedStore for ClockStore {
    fn reserve<'a>(
        &'a self,
        limits: &'a [SharedLimit],
        wait: bool,
        late: Duration,
    ) -> StoreFuture<'a, Reserved> {
        self.call(move |logs, now| logs.reserve(limits, wait, late, now))
    }

    fn pause<'a>(&'a self, limits: &'a [SharedLimit], duration: Duration) -> StoreFuture<'a, ()> {
        self.call(move |logs, now| logs.pause(limits, duration, now))
    }

    fn paused<'a>(&'a self, limits: &'a [SharedLimit]) -> StoreFuture<'a, Duration> {
        self.call(move |logs, now| logs.paused(limits, now))
    }

    fn correct<'a>(
        &'a self,
        limit: &'a SharedLimit,
        used: u32,
        end: Duration,
    ) -> StoreFuture<'a, ()> {
        self.call(move |logs, now| logs.correct(limit, used, end, now))
    }

    fn peers(&self) -> StoreFuture<'_, u32> {
        let peers = self.peers.load(Ordering::SeqCst);
        self.call(move |_, _| peers)
    }
}

type Sends = Arc<Mutex<Vec<Instant>>>;
type Process = tower::util::BoxService<Request<()>, Response<()>, BoxError>;

/// A 200 answered at once.
const AT_ONCE: (StatusCode, Duration) = (StatusCode::OK, Duration::ZERO);

/// A "process": a layer over a service that records when each request reaches it and
/// answers `status` after `latency`. Its first sends are counted on time (no startup margin)
/// unless a test says otherwise.
fn process(
    store: &Arc<ClockStore>,
    sends: &Sends,
    answer: (StatusCode, Duration),
    on_failure: OnStoreFailure,
    wait: bool,
) -> impl Fn() -> Process + use<> {
    starting_process(store, sends, answer, on_failure, wait, Duration::ZERO)
}

/// A [`process`] whose sends in its first second may reach the server `startup_margin` late.
fn starting_process(
    store: &Arc<ClockStore>,
    sends: &Sends,
    (status, latency): (StatusCode, Duration),
    on_failure: OnStoreFailure,
    wait: bool,
    startup_margin: Duration,
) -> impl Fn() -> Process + use<> {
    let layer = RateLimitLayer::builder()
        .api_base(http::Uri::from_static("http://api.test"))
        .ratelimits(Ratelimits::new([]))
        .sleep_on_ratelimit(wait)
        .shared_store(Arc::clone(store) as Arc<dyn SharedStore>)
        .on_store_failure(on_failure)
        .startup_margin(startup_margin)
        .build();
    let sends = Arc::clone(sends);
    move || {
        let sends = Arc::clone(&sends);
        let inner = service_fn(move |_: Request<()>| {
            sends.lock().unwrap().push(Instant::now());
            let mut response = Response::new(());
            *response.status_mut() = status;
            if status == StatusCode::TOO_MANY_REQUESTS {
                response
                    .headers_mut()
                    .insert("retry-after", "10".parse().unwrap());
            }
            async move {
                tokio::time::sleep(latency).await;
                Ok::<_, BoxError>(response)
            }
        });
        tower::util::BoxService::new(layer.layer(inner))
    }
}

/// A "process" with the default failure mode, waiting for slots.
fn waiting(
    store: &Arc<ClockStore>,
    sends: &Sends,
    status: StatusCode,
) -> impl Fn() -> Process + use<> {
    let answer = (status, Duration::ZERO);
    process(store, sends, answer, OnStoreFailure::default(), true)
}

fn get() -> Request<()> {
    Request::get("http://api.test/manga").body(()).unwrap()
}

fn most_in_any_window(sends: &[Instant], window: Duration) -> usize {
    let mut sends = sends.to_vec();
    sends.sort();
    (0..sends.len())
        .map(|i| {
            sends[i..]
                .iter()
                .take_while(|&&at| at < sends[i] + window)
                .count()
        })
        .max()
        .unwrap_or(0)
}

async fn send_many(make: &impl Fn() -> Process, n: usize) {
    let calls: Vec<_> = (0..n).map(|_| make().oneshot(get())).collect();
    for result in futures_join(calls).await {
        result.expect("sent");
    }
}

async fn futures_join<F>(futures: Vec<F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.expect("task"));
    }
    out
}

#[tokio::test(start_paused = true)]
async fn two_processes_share_one_global_limit_and_use_all_of_it() {
    let store = ClockStore::new();
    let sends = Sends::default();
    let a = waiting(&store, &sends, StatusCode::OK);
    let b = waiting(&store, &sends, StatusCode::OK);
    let start = Instant::now();
    tokio::join!(send_many(&a, 20), send_many(&b, 20));
    let sends = sends.lock().unwrap().clone();
    assert_eq!(sends.len(), 40);
    // Each process alone would send 5 a second; together they still send 5.
    assert_eq!(most_in_any_window(&sends, Duration::from_secs(1)), 5);
    let last = sends.iter().max().unwrap().duration_since(start);
    assert!(
        last < Duration::from_millis(7_100),
        "40 sends took {last:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_starting_process_counts_its_first_second_late_and_then_sends_on_time() {
    let store = ClockStore::new();
    let sends = Sends::default();
    let margin = Duration::from_millis(300);
    let a = starting_process(
        &store,
        &sends,
        AT_ONCE,
        OnStoreFailure::default(),
        true,
        margin,
    );
    let start = Instant::now();
    send_many(&a, 15).await;
    let mut after: Vec<Duration> = sends
        .lock()
        .unwrap()
        .iter()
        .map(|sent| sent.duration_since(start))
        .collect();
    after.sort();
    let ms = |ms| Duration::from_millis(ms);
    // The first five go at once; they may arrive 300 ms late, so the next five wait a window
    // from then. Those were placed after the first second: on time, the last five wait
    // one window only.
    assert!(after[..5].iter().all(|&at| at < ms(10)), "{after:?}");
    assert!(
        after[5..10]
            .iter()
            .all(|&at| at >= ms(1_300) && at < ms(1_310)),
        "{after:?}"
    );
    assert!(
        after[10..]
            .iter()
            .all(|&at| at >= ms(2_300) && at < ms(2_310)),
        "{after:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_429_served_to_one_process_pauses_the_other() {
    let store = ClockStore::new();
    let refused = Sends::default();
    let sends = Sends::default();
    let a = waiting(&store, &refused, StatusCode::TOO_MANY_REQUESTS);
    let b = waiting(&store, &sends, StatusCode::OK);
    let response = a().oneshot(get()).await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let served = Instant::now();
    // The store hears of the 429 in the background: let that task run (no time passes).
    while !store.holds_a_pause() {
        tokio::task::yield_now().await;
    }
    b().oneshot(get()).await.unwrap();
    let waited = sends.lock().unwrap()[0].duration_since(served);
    assert!(
        waited >= Duration::from_secs(10),
        "the other process sent after {waited:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_429_stored_while_the_other_sleeps_to_its_slot_holds_that_send_back_to_a_new_slot() {
    let store = ClockStore::new();
    let refused = Sends::default();
    let sends = Sends::default();
    // A's request is sent at once and its 429 (Retry-After: 10) takes 0.5 s to arrive.
    let slow_429 = (StatusCode::TOO_MANY_REQUESTS, Duration::from_millis(500));
    let a = process(&store, &refused, slow_429, OnStoreFailure::default(), true);
    let b = waiting(&store, &sends, StatusCode::OK);
    let refusal = tokio::spawn(a().oneshot(get()));
    send_many(&b, 4).await; // with A's, the whole window
    tokio::time::sleep(Duration::from_millis(100)).await;
    // Within a second of its slot: committed ahead, B's request sleeps until it.
    let sleeper = tokio::spawn(b().oneshot(get()));
    let response = refusal.await.unwrap().unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let served = Instant::now();
    // Placed after the pause: the sleeper must not come on top of them there.
    send_many(&b, 5).await;
    sleeper.await.unwrap().unwrap();
    let sends = sends.lock().unwrap().clone();
    assert_eq!(sends.len(), 10);
    let first_after = sends[4..].iter().min().unwrap().duration_since(served);
    assert!(
        first_after >= Duration::from_secs(10),
        "B sent {first_after:?} after the 429"
    );
    assert_eq!(most_in_any_window(&sends, Duration::from_secs(1)), 5);
}

#[tokio::test(start_paused = true)]
async fn a_failed_pause_check_sends_at_the_slot_or_waits_for_the_store_as_chosen() {
    for (on_failure, sent_in_the_outage) in
        [(OnStoreFailure::ShareLocally, 6), (OnStoreFailure::Wait, 5)]
    {
        let store = ClockStore::new();
        let sends = Sends::default();
        let a = process(&store, &sends, AT_ONCE, on_failure, true);
        let b = process(&store, &sends, AT_ONCE, on_failure, true);
        send_many(&a, 5).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        let sleeper = tokio::spawn(b().oneshot(get())); // committed ahead, asleep
        tokio::time::sleep(Duration::from_millis(400)).await;
        store.failing.store(true, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(
            sends.lock().unwrap().len(),
            sent_in_the_outage,
            "{on_failure:?}"
        );
        store.failing.store(false, Ordering::SeqCst);
        sleeper.await.unwrap().unwrap();
        assert_eq!(sends.lock().unwrap().len(), 6, "{on_failure:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn without_the_store_a_process_keeps_to_its_share_then_returns() {
    let store = ClockStore::new();
    store.peers.store(2, Ordering::SeqCst);
    let sends = Sends::default();
    let a = waiting(&store, &sends, StatusCode::OK);
    send_many(&a, 1).await; // learns of 2 peers
    tokio::task::yield_now().await;
    store.failing.store(true, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(2)).await;
    sends.lock().unwrap().clear();
    send_many(&a, 10).await;
    let outage = sends.lock().unwrap().clone();
    // Half of 5 a second, rounded down, for each of the 2 processes.
    assert_eq!(most_in_any_window(&outage, Duration::from_secs(1)), 2);
    store.failing.store(false, Ordering::SeqCst);
    send_many(&a, 1).await; // finds the store back
    // Its peers find it back within 2 s; then its share holds for one more window.
    tokio::time::sleep(Duration::from_secs(3)).await;
    sends.lock().unwrap().clear();
    send_many(&a, 10).await;
    let back = sends.lock().unwrap().clone();
    assert_eq!(most_in_any_window(&back, Duration::from_secs(1)), 5);
}

#[tokio::test(start_paused = true)]
async fn failing_closed_without_waiting_is_the_store_error() {
    let store = ClockStore::new();
    store.failing.store(true, Ordering::SeqCst);
    let sends = Sends::default();
    let a = process(&store, &sends, AT_ONCE, OnStoreFailure::Wait, false);
    let error = a().oneshot(get()).await.unwrap_err();
    assert!(error.downcast_ref::<StoreError>().is_some(), "{error}");
    assert!(sends.lock().unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn failing_closed_while_waiting_sends_once_the_store_is_back() {
    let store = ClockStore::new();
    store.failing.store(true, Ordering::SeqCst);
    let sends = Sends::default();
    let a = process(&store, &sends, AT_ONCE, OnStoreFailure::Wait, true);
    let call = tokio::spawn(a().oneshot(get()));
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert!(
        sends.lock().unwrap().is_empty(),
        "sent while the store was down"
    );
    store.failing.store(false, Ordering::SeqCst);
    call.await.unwrap().unwrap();
    assert_eq!(sends.lock().unwrap().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_store_that_comes_back_empty_does_not_add_to_what_the_outage_sent() {
    let store = ClockStore::new();
    store.peers.store(2, Ordering::SeqCst);
    let sends = Sends::default();
    let a = waiting(&store, &sends, StatusCode::OK);
    let b = waiting(&store, &sends, StatusCode::OK);
    tokio::join!(send_many(&a, 1), send_many(&b, 1)); // both learn of 2 peers
    tokio::task::yield_now().await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    store.failing.store(true, Ordering::SeqCst);
    tokio::join!(send_many(&a, 6), send_many(&b, 6));
    // A restarted Redis: reachable again, and it remembers nothing.
    *store.logs.lock().unwrap() = Logs::default();
    store.failing.store(false, Ordering::SeqCst);
    tokio::join!(send_many(&a, 10), send_many(&b, 10));
    let sends = sends.lock().unwrap().clone();
    assert_eq!(sends.len(), 34);
    assert!(most_in_any_window(&sends, Duration::from_secs(1)) <= 5);
}

#[tokio::test(start_paused = true)]
async fn a_share_is_not_used_until_the_window_the_store_gave_away_has_passed() {
    let store = ClockStore::new();
    store.peers.store(2, Ordering::SeqCst);
    let sends = Sends::default();
    let a = waiting(&store, &sends, StatusCode::OK);
    let b = waiting(&store, &sends, StatusCode::OK);
    send_many(&b, 1).await; // b learns of 2 peers
    tokio::task::yield_now().await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    send_many(&a, 5).await; // a takes the whole window through the store
    store.failing.store(true, Ordering::SeqCst);
    send_many(&b, 2).await; // b, on its share of 2, must still wait for that window
    let sends = sends.lock().unwrap().clone();
    assert_eq!(sends.len(), 8);
    assert_eq!(most_in_any_window(&sends, Duration::from_secs(1)), 5);
}

/// `tasks` tasks sending through `make`, each one request after another, until `until`.
async fn hammer(make: impl Fn() -> Process + Send + Sync + 'static, tasks: usize, until: Instant) {
    let make = Arc::new(make);
    let tasks: Vec<_> = (0..tasks)
        .map(|_| {
            let make = Arc::clone(&make);
            tokio::spawn(async move {
                while Instant::now() < until {
                    let send = make().oneshot(get());
                    let _ = tokio::time::timeout_at(until, send).await;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task");
    }
}

/// Asserts no second held more than 5 of `sends`; says how many each second from `start` held.
fn never_over_5_a_second(sends: &[Instant], start: Instant) {
    let mut per_second = Vec::new();
    for at in sends {
        let second = at.duration_since(start).as_secs() as usize;
        per_second.resize(per_second.len().max(second + 1), 0);
        per_second[second] += 1;
    }
    assert!(
        most_in_any_window(sends, Duration::from_secs(1)) <= 5,
        "sends in each second: {per_second:?}"
    );
}

/// One store, counting 2 peers, as two processes reach it (each fails on its own).
fn two_views_of_one_store() -> [Arc<ClockStore>; 2] {
    let store = ClockStore::new();
    store.peers.store(2, Ordering::SeqCst);
    let other = store.view();
    [store, other]
}

fn fail(views: &[&Arc<ClockStore>], failing: bool) {
    for view in views {
        view.failing.store(failing, Ordering::SeqCst);
    }
}

#[tokio::test(start_paused = true)]
async fn processes_that_find_the_store_back_apart_stay_under_the_limit_together() {
    let [store_a, store_b] = two_views_of_one_store();
    let (sends, start) = (Sends::default(), Instant::now());
    let end = start + Duration::from_secs(12);
    let a = tokio::spawn(hammer(waiting(&store_a, &sends, StatusCode::OK), 8, end));
    let b = tokio::spawn(hammer(waiting(&store_b, &sends, StatusCode::OK), 8, end));
    tokio::time::sleep_until(start + Duration::from_secs(3)).await;
    fail(&[&store_a, &store_b], true);
    tokio::time::sleep_until(start + Duration::from_millis(6_900)).await;
    // A restarted Redis, empty. A finds it back at its next heartbeat; B a heartbeat later
    // (its heartbeat's phase, or its reconnection, is later), and sends on its share alone
    // until then, which the store never hears of.
    *store_a.logs.lock().unwrap() = Logs::default();
    store_a.failing.store(false, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(900)).await;
    store_b.failing.store(false, Ordering::SeqCst);
    a.await.unwrap();
    b.await.unwrap();
    never_over_5_a_second(&sends.lock().unwrap(), start);
}

#[tokio::test(start_paused = true)]
async fn a_process_idle_since_the_outage_asks_the_store_before_it_sends_again() {
    let [store_a, store_b] = two_views_of_one_store();
    let (sends, start) = (Sends::default(), Instant::now());
    let end = start + Duration::from_secs(12);
    let a = tokio::spawn(hammer(waiting(&store_a, &sends, StatusCode::OK), 8, end));
    let b = waiting(&store_b, &sends, StatusCode::OK);
    tokio::time::sleep_until(start + Duration::from_secs(2)).await;
    fail(&[&store_a, &store_b], true);
    tokio::time::sleep(Duration::from_millis(500)).await;
    send_many(&b, 1).await; // B learns of the outage, sends on its share, and goes idle
    tokio::time::sleep_until(start + Duration::from_secs(5)).await;
    *store_a.logs.lock().unwrap() = Logs::default();
    fail(&[&store_a, &store_b], false);
    // A is back on the store alone, at the whole limit, when B sends again.
    tokio::time::sleep_until(start + Duration::from_millis(9_500)).await;
    send_many(&b, 3).await;
    a.await.unwrap();
    never_over_5_a_second(&sends.lock().unwrap(), start);
}
