//! CLI runs on one machine share one MangaDex allowance with no setup: runs one after
//! another, and runs side by side, against one fake server that counts every second
//! (`MockServer::global_limit(5)`, MangaDex's 5 a second, answering 429 above it). The state
//! lives in `ASYNCDEX_LIMITS_DIR`, a directory of this test binary's own.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use asyncdex_mock::{Listener, MockServer};
use tokio::time::Instant;

fn limits_dir() -> PathBuf {
    std::env::temp_dir().join(format!("asyncdex-cli-limits-{}", std::process::id()))
}

/// What the server saw on its API listener: requests, 429s, and the busiest second.
fn seen(server: &MockServer) -> (usize, usize, usize) {
    let requests: Vec<_> = server
        .requests()
        .into_iter()
        .filter(|request| request.listener == Listener::Api)
        .collect();
    let limited = requests.iter().filter(|r| r.status == Some(429)).count();
    let mut at: Vec<Instant> = requests.iter().map(|r| r.at).collect();
    at.sort_unstable();
    let busiest = (0..at.len())
        .map(|i| {
            at[i..]
                .iter()
                .take_while(|&&t| t - at[i] < Duration::from_secs(1))
                .count()
        })
        .max()
        .unwrap_or(0);
    (requests.len(), limited, busiest)
}

/// One test at a time: each starts dozens of processes, and on two cores two such tests side
/// by side delay each other's first requests past the margin that the limit allows for.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn mock() -> MockServer {
    MockServer::builder()
        .global_limit(5)
        .ban_after(u32::MAX)
        .start()
        .await
}

/// Runs `runs` searches one after another on a blocking thread (the mock runs on this
/// test's runtime meanwhile).
async fn one_after_another(server: &MockServer, runs: usize, extra: &'static [&'static str]) {
    let url = server.url().to_owned();
    let handle = MockHandle(url);
    tokio::task::spawn_blocking(move || {
        for _ in 0..runs {
            assert_eq!(handle.search(extra), 0);
        }
    })
    .await
    .expect("runs");
}

/// The server's URL, to run the binary from another thread: one `asyncdex search` against
/// it, with a clean environment, returns the exit code.
#[derive(Clone)]
struct MockHandle(String);

impl MockHandle {
    fn search(&self, extra: &[&str]) -> i32 {
        let output = Command::new(env!("CARGO_BIN_EXE_asyncdex"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("ASYNCDEX_LIMITS_DIR", limits_dir())
            .args(["--api-url", &self.0, "--quiet", "search", "girl"])
            .args(extra)
            .stdin(Stdio::null())
            .output()
            .expect("the asyncdex binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        output.status.code().unwrap_or(-1)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seventy_runs_one_after_another_stay_under_the_limit() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let server = mock().await;
    one_after_another(&server, 70, &[]).await;
    let (requests, limited, busiest) = seen(&server);
    assert_eq!((requests, limited), (70, 0), "requests, 429s");
    assert!(busiest <= 5, "{busiest} requests in one second");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_runs_side_by_side_stay_under_the_limit() {
    let _turn = ONE_AT_A_TIME.lock().await;
    let server = mock().await;
    let streams = (0..4).map(|_| one_after_another(&server, 10, &[]));
    futures_util::future::join_all(streams).await;
    let (requests, limited, busiest) = seen(&server);
    assert_eq!((requests, limited), (40, 0), "requests, 429s");
    assert!(busiest <= 5, "{busiest} requests in one second");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn runs_that_do_not_share_go_over_it() {
    let _turn = ONE_AT_A_TIME.lock().await;
    // The control: the same runs, each with its own limiter, start with a fresh burst each.
    let server = mock().await;
    let streams = (0..4).map(|_| one_after_another(&server, 5, &["--no-shared-limit"]));
    futures_util::future::join_all(streams).await;
    let (_, limited, busiest) = seen(&server);
    assert!(
        busiest > 5 && limited > 0,
        "{busiest} in one second, {limited} 429s"
    );
}
