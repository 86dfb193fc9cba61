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

#[path = "../crates/asyncdex-redis/tests/support/mod.rs"]
mod redis_support;

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use asyncdex::MangadexClient;
use asyncdex::http::Method;
use asyncdex::ratelimit::OnStoreFailure;
use asyncdex_mock::{Listener, MockServer};
use asyncdex_redis::RedisStore;
use redis_support::RedisServer;
use tokio::time::Instant;

const CHILD_API: &str = "ASYNCDEX_SHARED_CHILD_API";
const CHILD_REDIS: &str = "ASYNCDEX_SHARED_CHILD_REDIS";
const CHILD_SECONDS: &str = "ASYNCDEX_SHARED_CHILD_SECONDS";
/// A chapter of the fake server's catalogue.
const CHAPTER: &str = "59858c02-e662-4e1a-9e4c-9555febb1d24";
const PROCESSES: usize = 4;
/// The margin on every window (see `hammer`).
const MARGIN: Duration = Duration::from_millis(200);
const TASKS: usize = 64;

fn wall_ms() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    i64::try_from(since_epoch.as_millis()).expect("in range")
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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(hammer(api, redis, Duration::from_secs(seconds)));
}

/// 64 tasks sending (one in four to the at-home route) until `length` has passed; a request
/// still waiting for a slot then is dropped.
async fn hammer(api: String, redis: String, length: Duration) {
    let host = api
        .parse::<asyncdex::http::Uri>()
        .unwrap()
        .host()
        .unwrap()
        .to_owned();
    let store = RedisStore::connect_lazy(&redis, &host).expect("store");
    // A process's first requests open their connections after their slots were reserved:
    // 0 to 130 ms late here (four processes and 256 tasks starting on two cores), which the
    // default 50 ms margin does not cover (3 429s in the first second). The CLI uses 200 ms.
    let client = MangadexClient::builder()
        .api_url(&api)
        .safety_margin(MARGIN)
        .ratelimit_backend(Arc::new(store), OnStoreFailure::ShareLocally)
        .retries(0)
        .build()
        .unwrap();
    let deadline = Instant::now() + length;
    let tasks = (0..TASKS).map(|task| {
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
            let mut command = Command::new(std::env::current_exe().expect("current exe"));
            command
                .args(["shared_limit_child", "--exact", "--ignored", "--nocapture"])
                .env(CHILD_API, server.url())
                .env(CHILD_REDIS, redis.url())
                .env(CHILD_SECONDS, seconds.to_string())
                .stdin(Stdio::null())
                .stdout(Stdio::piped());
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

/// What the server saw: every API request's arrival, whether it went to the at-home route,
/// and the 429s.
struct Seen {
    all: Vec<Instant>,
    at_home: Vec<Instant>,
    limited: usize,
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
    children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().expect("child");
            assert!(output.status.success(), "a child process failed");
            let stdout = String::from_utf8_lossy(&output.stdout);
            let clock: i64 = stdout
                .lines()
                .find_map(|line| line.strip_prefix("CLOCK "))
                .and_then(|ms| ms.parse().ok())
                .expect("the child printed its clock");
            clock - spawned_at
        })
        .collect()
}

/// One test at a time: each runs four processes of 64 tasks, and two such runs side by side
/// on two cores would delay each other's first requests past the windows' margin.
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
fn under_the_limits(server: &MockServer, what: &str) -> usize {
    let seen = seen(server);
    let global = busiest(&seen.all, Duration::from_secs(1));
    let at_home = busiest(&seen.at_home, Duration::from_secs(60));
    println!(
        "{what}: {} requests ({} at-home): busiest second {global}, busiest minute of at-home {at_home}, {} 429s",
        seen.all.len(),
        seen.at_home.len(),
        seen.limited
    );
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
    let spawned_at = wall_ms();
    let children = start_children(&server, &redis, seconds);
    tokio::task::spawn_blocking(move || wait_all(children, spawned_at))
        .await
        .unwrap();
    let requests = under_the_limits(&server, &format!("{seconds} s"));
    // With the margin, a window is 1.2 s: 5 sends per 1.2 s is the most the processes may
    // use; they must use at least 95 % of that.
    let allowance = (5.0 * seconds as f64 / (1.0 + MARGIN.as_secs_f64())) as usize + 5;
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
    let spawned_at = wall_ms();
    let children = start_children(&server, &redis, seconds);
    let run = tokio::task::spawn_blocking(move || wait_all(children, spawned_at));
    tokio::time::sleep(Duration::from_secs(seconds / 3)).await;
    redis.kill();
    tokio::time::sleep(Duration::from_secs(seconds / 3)).await;
    redis.restart();
    run.await.unwrap();
    under_the_limits(&server, &format!("{seconds} s, Redis killed and restarted"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processes_whose_clocks_are_3_s_apart_still_stay_under_the_limits() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let server = mock().await;
    let redis = RedisServer::start();
    let seconds = seconds();
    let spawned_at = wall_ms();
    let skews = [None, Some("+3s"), Some("-3s"), None];
    let children = start_skewed_children(&server, &redis, seconds, &skews);
    let clocks = tokio::task::spawn_blocking(move || wait_all(children, spawned_at))
        .await
        .unwrap();
    // The skew took: each child's clock read at its start, against this process's.
    for (skew, expected) in clocks.iter().zip([0, 3_000, -3_000, 0]) {
        assert!((skew - expected).abs() < 1_500, "clock skews {clocks:?}");
    }
    under_the_limits(&server, &format!("{seconds} s, clocks {clocks:?} ms apart"));
}
