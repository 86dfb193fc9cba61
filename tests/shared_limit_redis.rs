//! Separate OS processes share MangaDex's limits through a real `redis-server`: four copies
//! of this test binary, each a `MangadexClient` with a `RedisStore` and 64 tasks sending as
//! fast as the limiter lets them, against one fake server that enforces 5 requests a second
//! and the at-home route's 40 a minute (answering 429 above them) and logs every arrival.
//!
//! - `cargo test --test shared_limit_redis`: 30 s runs (`ASYNCDEX_SHARED_SECONDS` changes it);
//!   the outage test kills Redis a third of the way in and starts it again (empty) at two
//!   thirds.
//!
//! A third test moves two of the four processes' wall clocks 3 s ahead and behind (libfaketime,
//! Debian's `libfaketime`) and checks the skew took. A missing `redis-server` or libfaketime
//! fails the tests with the command that installs it.
//!
//! A fourth (10 s) has the server answer one request with a 429 and `Retry-After: 3`, and
//! checks on the machine's wall clock that no process starts a send from the moment that
//! process stored the pause until the pause ends.

#[path = "../crates/asyncdex-redis/tests/support/mod.rs"]
mod redis_support;

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use asyncdex::http::{Method, StatusCode};
use asyncdex::ratelimit::OnStoreFailure;
use asyncdex::{HttpService, MangadexClient, RequestBody, http_service};
use asyncdex_mock::{FaultKind, FaultPlan, FaultRule, Listener, MockServer};
use asyncdex_redis::RedisStore;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use redis_support::RedisServer;
use tokio::time::Instant;
use tower::BoxError;
use tracing::subscriber::Interest;

const CHILD_API: &str = "ASYNCDEX_SHARED_CHILD_API";
const CHILD_REDIS: &str = "ASYNCDEX_SHARED_CHILD_REDIS";
const CHILD_SECONDS: &str = "ASYNCDEX_SHARED_CHILD_SECONDS";
/// Set: the child prints when each request starts going out and what the 429 test reads.
const CHILD_WATCH: &str = "ASYNCDEX_SHARED_CHILD_WATCH";
/// A chapter of the fake server's catalogue.
const CHAPTER: &str = "59858c02-e662-4e1a-9e4c-9555febb1d24";
const PROCESSES: usize = 4;
const TASKS: usize = 64;
/// The tasks of each process in the 429 test: never more than 3 sends in any window of
/// this process's own buckets (5), so a request reserves in the store as soon as the
/// answer before it is in. With 64, requests queue in the process's own buckets and reach
/// the store only at the instants slots free up, never committed ahead.
const WATCHED_TASKS: usize = 3;

fn wall_ms() -> i64 {
    wall_us() / 1_000
}

/// Microseconds since the Unix epoch on this machine's wall clock, which Redis's clock and
/// every child's share.
fn wall_us() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    i64::try_from(since_epoch.as_micros()).expect("in range")
}

fn seconds() -> u64 {
    std::env::var("ASYNCDEX_SHARED_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30)
}

/// One process of the tests below: runs only in the child processes they start.
#[test]
#[ignore = "one process of the other tests, run in the child processes they start"]
fn shared_limit_child() {
    let Ok(api) = std::env::var(CHILD_API) else {
        return;
    };
    let redis = std::env::var(CHILD_REDIS).expect("redis url");
    println!("CLOCK {}", wall_ms());
    let seconds: u64 = std::env::var(CHILD_SECONDS)
        .expect("seconds")
        .parse()
        .unwrap();
    let watch = std::env::var_os(CHILD_WATCH).is_some();
    tracing::subscriber::set_global_default(RatelimitEvents).expect("the only subscriber");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(hammer(api, redis, Duration::from_secs(seconds), watch));
}

/// The message of the stage's event once a pause is in the shared store.
const PAUSE_STORED: &str = "the pause is in the shared store";

/// Prints, on the wall clock, `PAUSED µs` when the stage says a pause is in the shared store
/// and `EVENT µs message` for the limiter's other events at INFO and above (the store failed,
/// the store is back), which a failing run prints.
struct RatelimitEvents;

impl tracing::Subscriber for RatelimitEvents {
    fn register_callsite(&self, metadata: &tracing::Metadata<'_>) -> Interest {
        if self.enabled(metadata) {
            Interest::always()
        } else {
            Interest::never()
        }
    }

    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.is_event() && metadata.target() == "asyncdex_tower::ratelimit"
    }

    fn event(&self, event: &tracing::Event<'_>) {
        let at = wall_us();
        let mut message = Message(String::new());
        event.record(&mut message);
        if message.0.contains(PAUSE_STORED) {
            println!("PAUSED {at}");
        } else if *event.metadata().level() <= tracing::Level::INFO {
            println!("EVENT {at} {}", message.0);
        }
    }

    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

/// An event's `message` field.
struct Message(String);

impl tracing::field::Visit for Message {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}

/// Plain HTTP/1 to the fake server, as the default transport would, printing (wall clock)
/// `SEND µs` as each request starts going out and `LIMITED µs` as a 429 comes back. It sits
/// under the rate limiter: what it prints is what the limiter let out.
fn watched_transport() -> HttpService {
    let client = Client::builder(TokioExecutor::new()).build_http::<RequestBody>();
    http_service(tower::service_fn(move |request| {
        println!("SEND {}", wall_us());
        let response = client.request(request);
        async move {
            let response = response.await?;
            if response.status() == StatusCode::TOO_MANY_REQUESTS {
                println!("LIMITED {}", wall_us());
            }
            Ok::<_, BoxError>(response)
        }
    }))
}

/// 64 tasks sending (one in four to the at-home route) until `length` has passed; a request
/// still waiting for a slot then is dropped. `watch`: 3 tasks, through
/// [`watched_transport`].
async fn hammer(api: String, redis: String, length: Duration, watch: bool) {
    let host = api
        .parse::<asyncdex::http::Uri>()
        .unwrap()
        .host()
        .unwrap()
        .to_owned();
    let store = RedisStore::connect_lazy(&redis, &host).expect("store");
    // A process's first requests open their connections after their slots were reserved:
    // 0 to 130 ms late here (four processes and 256 tasks starting on two cores), which the
    // default 50 ms margin alone did not cover (3 429s in the first second). The default
    // startup margin counts the sends of a process's first second 300 ms late.
    let mut builder = MangadexClient::builder()
        .api_url(&api)
        .ratelimit_backend(Arc::new(store), OnStoreFailure::ShareLocally)
        .retries(0);
    if watch {
        builder = builder.service(watched_transport());
    }
    let client = builder.build().unwrap();
    let deadline = Instant::now() + length;
    let tasks = if watch { WATCHED_TASKS } else { TASKS };
    let tasks = (0..tasks).map(|task| {
        let client = client.clone();
        tokio::spawn(async move {
            let mut round = 0;
            while Instant::now() < deadline {
                let path = if (task + round) % 4 == 0 {
                    format!("/at-home/server/{CHAPTER}")
                } else {
                    "/manga?limit=1".to_owned()
                };
                round += 1;
                let send = client.request(Method::GET, path).send();
                let _ = tokio::time::timeout_at(deadline, send).await;
            }
        })
    });
    for task in tasks.collect::<Vec<_>>() {
        task.await.expect("task");
    }
}

fn start_children(server: &MockServer, redis: &RedisServer, seconds: u64) -> Vec<Child> {
    start_skewed_children(server, redis, seconds, &[None; PROCESSES])
}

/// libfaketime, which moves a process's wall clock (Debian's `libfaketime`).
const FAKETIME: &str = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1";

/// The children, each with its wall clock moved by its `skews` entry (`+3s`, `-3s`) when set;
/// their monotonic clocks, which only measure durations, are left alone.
fn start_skewed_children(
    server: &MockServer,
    redis: &RedisServer,
    seconds: u64,
    skews: &[Option<&str>],
) -> Vec<Child> {
    skews
        .iter()
        .map(|skew| {
            let mut command = child_command(server, redis, seconds);
            if let Some(skew) = skew {
                assert!(
                    std::path::Path::new(FAKETIME).exists(),
                    "{FAKETIME} is missing: apt-get install -y libfaketime"
                );
                command
                    .env("LD_PRELOAD", FAKETIME)
                    .env("FAKETIME", skew)
                    .env("FAKETIME_DONT_FAKE_MONOTONIC", "1");
            }
            command.spawn().expect("start a child process")
        })
        .collect()
}

/// One child process of this binary, its output piped.
fn child_command(server: &MockServer, redis: &RedisServer, seconds: u64) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("current exe"));
    command
        .args(["shared_limit_child", "--exact", "--ignored", "--nocapture"])
        .env(CHILD_API, server.url())
        .env(CHILD_REDIS, redis.url())
        .env(CHILD_SECONDS, seconds.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped());
    command
}

/// What the server saw: every API request's arrival, whether it went to the at-home route,
/// and the 429s.
struct Seen {
    all: Vec<Instant>,
    at_home: Vec<Instant>,
    limited: usize,
    /// Each request: arrival, the client's port, the status.
    log: Vec<(Instant, u16, Option<u16>)>,
}

fn seen(server: &MockServer) -> Seen {
    let requests: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|request| request.listener == Listener::Api)
        .collect();
    Seen {
        all: requests.iter().map(|r| r.at).collect(),
        at_home: requests
            .iter()
            .filter(|r| r.path.starts_with("/at-home/"))
            .map(|r| r.at)
            .collect(),
        limited: requests.iter().filter(|r| r.status == Some(429)).count(),
        log: requests
            .iter()
            .map(|r| (r.at, r.remote.port(), r.status))
            .collect(),
    }
}

/// Prints every arrival from 2 s before a second with more than 5 (or a 429) to 2 s after,
/// in milliseconds since `since`, so that a failing run shows what went over.
fn print_breaches(seen: &Seen, since: Instant) {
    let second = Duration::from_secs(1);
    let breaches: Vec<Instant> = seen
        .log
        .iter()
        .filter(|(at, _, status)| {
            *status == Some(429)
                || seen
                    .all
                    .iter()
                    .filter(|&&t| t >= *at && t - *at < second)
                    .count()
                    > 5
        })
        .map(|(at, _, _)| *at)
        .collect();
    for (at, port, status) in &seen.log {
        let near = breaches
            .iter()
            .any(|&breach| *at + 2 * second >= breach && *at <= breach + 2 * second);
        if near {
            let ms = at.duration_since(since).as_millis();
            println!("arrival at {ms} ms from port {port}: {status:?}");
        }
    }
}

fn busiest(at: &[Instant], window: Duration) -> usize {
    let mut at = at.to_vec();
    at.sort_unstable();
    (0..at.len())
        .map(|i| at[i..].iter().take_while(|&&t| t - at[i] < window).count())
        .max()
        .unwrap_or(0)
}

/// Waits for every child; returns, for each, its wall clock when it started (as it printed
/// it) minus `spawned_at`, this process's wall clock just before starting them (both in
/// milliseconds since the Unix epoch).
fn wait_all(children: Vec<Child>, spawned_at: i64) -> Vec<i64> {
    outputs(children)
        .iter()
        .enumerate()
        .map(|(child, stdout)| {
            print_events(child, stdout, spawned_at);
            let clock: i64 = stdout
                .lines()
                .find_map(|line| line.strip_prefix("CLOCK "))
                .and_then(|ms| ms.parse().ok())
                .expect("the child printed its clock");
            clock - spawned_at
        })
        .collect()
}

/// Prints a child's `EVENT` lines, in milliseconds since `spawned_at`.
fn print_events(child: usize, stdout: &str, spawned_at: i64) {
    for line in stdout.lines() {
        let Some((at, message)) = line
            .strip_prefix("EVENT ")
            .and_then(|event| event.split_once(' '))
        else {
            continue;
        };
        let at: i64 = at.parse().expect("microseconds");
        println!("child {child} at {} ms: {message}", at / 1_000 - spawned_at);
    }
}

/// Waits for every child; returns what each printed.
fn outputs(children: Vec<Child>) -> Vec<String> {
    children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().expect("child");
            assert!(output.status.success(), "a child process failed");
            String::from_utf8_lossy(&output.stdout).into_owned()
        })
        .collect()
}

/// One test at a time: each runs four processes, and two such runs side by side on two cores
/// would delay each other's first requests past the windows' margin.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn mock() -> MockServer {
    MockServer::builder()
        .ban_after(u32::MAX)
        .log_capacity(1_000_000)
        .start()
        .await
}

/// Checks what `server` saw of a run (`what` names it in the output): no 429, at most 5
/// requests in any second, at most 40 at-home requests in any minute. Returns how many
/// requests there were.
fn under_the_limits(server: &MockServer, what: &str, since: Instant) -> usize {
    let seen = seen(server);
    let global = busiest(&seen.all, Duration::from_secs(1));
    let at_home = busiest(&seen.at_home, Duration::from_secs(60));
    println!(
        "{what}: {} requests ({} at-home): busiest second {global}, busiest minute of at-home {at_home}, {} 429s",
        seen.all.len(),
        seen.at_home.len(),
        seen.limited
    );
    print_breaches(&seen, since);
    assert_eq!(seen.limited, 0, "429s");
    assert!(global <= 5, "{global} requests in one second");
    assert!(at_home <= 40, "{at_home} at-home requests in one minute");
    seen.all.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_stay_under_both_limits_and_use_the_allowance() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let server = mock().await;
    let redis = RedisServer::start();
    let seconds = seconds();
    let (since, spawned_at) = (Instant::now(), wall_ms());
    let children = start_children(&server, &redis, seconds);
    tokio::task::spawn_blocking(move || wait_all(children, spawned_at))
        .await
        .unwrap();
    let requests = under_the_limits(&server, &format!("{seconds} s"), since);
    // The allowance is the bare limit, 5 a second, margins included in the 5 % given up.
    let allowance = 5 * seconds as usize;
    println!("used {requests} of {allowance}");
    assert!(
        requests * 100 >= allowance * 95,
        "{requests} of an allowance of {allowance}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_killed_and_restarted_mid_run_never_lets_them_over() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let server = mock().await;
    let mut redis = RedisServer::start();
    let seconds = seconds();
    let (since, spawned_at) = (Instant::now(), wall_ms());
    let children = start_children(&server, &redis, seconds);
    let run = tokio::task::spawn_blocking(move || wait_all(children, spawned_at));
    tokio::time::sleep(Duration::from_secs(seconds / 3)).await;
    redis.kill();
    println!("Redis killed at {} ms", since.elapsed().as_millis());
    tokio::time::sleep(Duration::from_secs(seconds / 3)).await;
    redis.restart();
    println!("Redis restarted at {} ms", since.elapsed().as_millis());
    run.await.unwrap();
    under_the_limits(
        &server,
        &format!("{seconds} s, Redis killed and restarted"),
        since,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processes_whose_clocks_are_3_s_apart_still_stay_under_the_limits() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let server = mock().await;
    let redis = RedisServer::start();
    let seconds = seconds();
    let (since, spawned_at) = (Instant::now(), wall_ms());
    let skews = [None, Some("+3s"), Some("-3s"), None];
    let children = start_skewed_children(&server, &redis, seconds, &skews);
    let clocks = tokio::task::spawn_blocking(move || wait_all(children, spawned_at))
        .await
        .unwrap();
    // The skew took: each child's clock read at its start, against this process's.
    for (skew, expected) in clocks.iter().zip([0, 3_000, -3_000, 0]) {
        assert!((skew - expected).abs() < 1_500, "clock skews {clocks:?}");
    }
    under_the_limits(
        &server,
        &format!("{seconds} s, clocks {clocks:?} ms apart"),
        since,
    );
}

/// The 429 test's run: a few rounds, the pause, a few rounds.
const WATCHED_SECONDS: u64 = 10;
/// How long the server's one 429 asks every process to pause.
const RETRY_AFTER: Duration = Duration::from_secs(3);
/// How long the fake server takes to answer the 429; every other answer takes
/// [`SLOWER`] more. The store places the 5 slots of each 1.2 s at about one instant (a
/// round); so the requests of a round get their answers 0.3 s after the next round went out
/// and reserve, 0.9 s ahead, the round after it. The 429 comes back 0.3 s later, while those
/// sleep to their slots (the case the pause must still catch), and 0.6 s from any round's
/// sends, so that none the store let go before the pause was stored is still on its way to
/// the transport then.
const LATENCY: Duration = Duration::from_millis(600);
const SLOWER: Duration = Duration::from_millis(900);

/// What the children printed, in microseconds on the machine's wall clock: each send's start
/// (child, time), and the 429 and the pause's storing (child, time).
#[derive(Default)]
struct Watched {
    sends: Vec<(usize, i64)>,
    limited: Vec<(usize, i64)>,
    paused: Vec<(usize, i64)>,
}

/// Reads the children's `SEND`, `LIMITED` and `PAUSED` lines.
fn watched(outputs: &[String]) -> Watched {
    let mut watched = Watched::default();
    for (child, stdout) in outputs.iter().enumerate() {
        for line in stdout.lines() {
            let Some((what, at)) = line.split_once(' ') else {
                continue;
            };
            let list = match what {
                "SEND" => &mut watched.sends,
                "LIMITED" => &mut watched.limited,
                "PAUSED" => &mut watched.paused,
                _ => continue,
            };
            list.push((child, at.parse().expect("microseconds")));
        }
    }
    watched
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_served_to_one_process_holds_every_process_back_until_its_pause_ends() {
    let _turn = ONE_AT_A_TIME.lock().await;
    // The 15th GET /manga, a few rounds in.
    let one_429 = FaultRule::new(FaultKind::RetryAfter(RETRY_AFTER))
        .method(Method::GET)
        .route("/manga")
        .after(14)
        .times(1);
    let slower = FaultRule::new(FaultKind::Delay(SLOWER));
    let server = MockServer::builder()
        .ban_after(u32::MAX)
        .latency(LATENCY)
        .faults(FaultPlan::new().rule(one_429).rule(slower))
        .start()
        .await;
    let redis = RedisServer::start();
    let children: Vec<_> = (0..PROCESSES)
        .map(|_| {
            let mut command = child_command(&server, &redis, WATCHED_SECONDS);
            command.env(CHILD_WATCH, "1");
            command.spawn().expect("start a child process")
        })
        .collect();
    let outputs = tokio::task::spawn_blocking(move || outputs(children))
        .await
        .unwrap();
    let watched = watched(&outputs);
    assert_eq!(seen(&server).limited, 1, "the server's 429s");
    let [(child, limited)] = watched.limited[..] else {
        panic!("429s seen: {:?}", watched.limited);
    };
    let [(pauser, paused)] = watched.paused[..] else {
        panic!("pauses stored: {:?}", watched.paused);
    };
    assert_eq!(
        pauser, child,
        "the process that got the 429 stored the pause"
    );
    let ends = limited + i64::try_from(RETRY_AFTER.as_micros()).unwrap();
    assert!(
        limited <= paused && paused < ends,
        "{limited} {paused} {ends}"
    );
    let during: Vec<_> = watched
        .sends
        .iter()
        .filter(|(_, at)| paused < *at && *at < ends)
        .map(|(child, at)| (child, (at - limited) / 1_000))
        .collect();
    let before = watched.sends.iter().filter(|(_, at)| *at <= paused).count();
    let after: Vec<_> = watched
        .sends
        .iter()
        .map(|(_, at)| at - ends)
        .filter(|us| *us >= 0)
        .collect();
    println!(
        "429 to process {child}; pause stored {} us after it; sends: {before} before, {} during \
         (process, ms after the 429: {during:?}), {} after, the first {:?} us after the pause's end",
        paused - limited,
        during.len(),
        after.len(),
        after.iter().min(),
    );
    assert!(during.is_empty(), "sends during the pause: {during:?}");
    assert!(
        before > 0 && !after.is_empty(),
        "the processes sent around the pause"
    );
}
