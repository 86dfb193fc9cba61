//! Separate OS processes share MangaDex's limits through a real `redis-server`: four copies
//! of this test binary, each a `MangadexClient` with a `RedisStore` and 64 tasks sending as
//! fast as the limiter lets them, against one fake server that enforces 5 requests a second
//! and the at-home route's 40 a minute (answering 429 above them) and logs every arrival.
//!
//! - `cargo test --test shared_limit_redis`: 30 s runs (`ASYNCDEX_SHARED_SECONDS` changes it);
//!   the outage test kills Redis a third of the way in and starts it again (empty) at two
//!   thirds.
//!
//! A missing `redis-server` fails the tests with the command that installs it.

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
    (0..PROCESSES)
        .map(|_| {
            Command::new(std::env::current_exe().expect("current exe"))
                .args(["shared_limit_child", "--exact", "--ignored", "--nocapture"])
                .env(CHILD_API, server.url())
                .env(CHILD_REDIS, redis.url())
                .env(CHILD_SECONDS, seconds.to_string())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .spawn()
                .expect("start a child process")
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

fn wait_all(children: Vec<Child>) {
    for mut child in children {
        assert!(
            child.wait().expect("child").success(),
            "a child process failed"
        );
    }
}

async fn mock() -> MockServer {
    MockServer::builder()
        .ban_after(u32::MAX)
        .log_capacity(1_000_000)
        .start()
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_processes_stay_under_both_limits_and_use_the_allowance() {
    let server = mock().await;
    let redis = RedisServer::start();
    let seconds = seconds();
    let children = start_children(&server, &redis, seconds);
    tokio::task::spawn_blocking(move || wait_all(children))
        .await
        .unwrap();
    let seen = seen(&server);
    let global = busiest(&seen.all, Duration::from_secs(1));
    let at_home = busiest(&seen.at_home, Duration::from_secs(60));
    println!(
        "{} requests in {seconds} s ({} at-home): busiest second {global}, busiest minute of at-home {at_home}, {} 429s",
        seen.all.len(),
        seen.at_home.len(),
        seen.limited
    );
    assert_eq!(seen.limited, 0, "429s");
    assert!(global <= 5, "{global} requests in one second");
    assert!(at_home <= 40, "{at_home} at-home requests in one minute");
    // With the margin, a window is 1.2 s: 5 sends per 1.2 s is the most the processes may
    // use; they must use at least 95 % of that.
    let allowance = (5.0 * seconds as f64 / (1.0 + MARGIN.as_secs_f64())) as usize + 5;
    println!("used {} of {allowance}", seen.all.len());
    assert!(
        seen.all.len() * 100 >= allowance * 95,
        "{} of an allowance of {allowance}",
        seen.all.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_killed_and_restarted_mid_run_never_lets_them_over() {
    let server = mock().await;
    let mut redis = RedisServer::start();
    let seconds = seconds();
    let children = start_children(&server, &redis, seconds);
    let run = tokio::task::spawn_blocking(move || wait_all(children));
    tokio::time::sleep(Duration::from_secs(seconds / 3)).await;
    redis.kill();
    tokio::time::sleep(Duration::from_secs(seconds / 3)).await;
    redis.restart();
    run.await.unwrap();
    let seen = seen(&server);
    let global = busiest(&seen.all, Duration::from_secs(1));
    let at_home = busiest(&seen.at_home, Duration::from_secs(60));
    println!(
        "outage: {} requests in {seconds} s: busiest second {global}, busiest minute of at-home {at_home}, {} 429s",
        seen.all.len(),
        seen.limited
    );
    assert_eq!(seen.limited, 0, "429s");
    assert!(global <= 5, "{global} requests in one second");
    assert!(at_home <= 40, "{at_home} at-home requests in one minute");
}
