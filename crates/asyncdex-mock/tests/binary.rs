//! The `asyncdex-mock` program: its fault, seed, latency and log options take effect over
//! loopback, and a bad value is exit code 2 naming it.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::TestClient;

/// The program, started with `args`; killed when dropped.
struct Running {
    child: Child,
    api: String,
    /// Kept open: what the program says is read only up to the API's URL.
    _stdout: BufReader<ChildStdout>,
}

impl Running {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_asyncdex-mock"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        let api = first
            .strip_prefix("api:")
            .unwrap_or_else(|| panic!("first line: {first:?}"))
            .trim()
            .to_owned();
        Self {
            child,
            api,
            _stdout: stdout,
        }
    }

    /// A GET of `path` on the API: the status.
    async fn get(&self, path: &str) -> u16 {
        let url = format!("{}{path}", self.api);
        TestClient::new().get(&url).await.status.as_u16()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn temp_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()))
}

fn log_lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

#[tokio::test]
async fn a_fault_with_probability_one_gives_its_status() {
    let server = Running::start(&["--fault", "429:1"]);
    assert_eq!(server.get("/ping").await, 429);
    let server = Running::start(&["--fault", "GET /manga/{id}=500:1"]);
    assert_eq!(
        server
            .get("/manga/8f3e1818-a015-491d-bd81-3addc4d7d56a")
            .await,
        500
    );
    assert_eq!(server.get("/ping").await, 200, "outside the rule's route");
}

/// The statuses of 24 pings to a server failing half of them, with this fault seed.
async fn statuses_with_seed(seed: &str) -> Vec<u16> {
    let server = Running::start(&["--no-limits", "--fault", "503:0.5", "--fault-seed", seed]);
    let mut statuses = Vec::new();
    for _ in 0..24 {
        statuses.push(server.get("/ping").await);
    }
    statuses
}

#[tokio::test]
async fn the_fault_seed_decides_which_requests_fail() {
    let seven = statuses_with_seed("7").await;
    assert!(seven.contains(&503) && seven.contains(&200), "{seven:?}");
    assert_eq!(statuses_with_seed("7").await, seven);
    assert_ne!(statuses_with_seed("8").await, seven);
}

#[tokio::test]
async fn the_log_has_one_json_line_per_request() {
    let log = temp_file("asyncdex-mock-log.jsonl");
    let _ = std::fs::remove_file(&log);
    let server = Running::start(&["--fault", "/manga/*=503", "--log", log.to_str().unwrap()]);
    assert_eq!(server.get("/manga?limit=1").await, 200);
    assert_eq!(server.get("/manga/random").await, 503);
    // Each line is written as its request is answered: both are in the file already.
    let lines = log_lines(&log);
    drop(server);
    let _ = std::fs::remove_file(&log);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        (&lines[0]["path"], &lines[0]["query"], &lines[0]["status"]),
        (&"/manga".into(), &"limit=1".into(), &200.into())
    );
    assert_eq!(
        (
            &lines[1]["listener"],
            &lines[1]["method"],
            &lines[1]["fault"]
        ),
        (&"api".into(), &"GET".into(), &"status_503".into())
    );
    assert_eq!(lines[1]["seq"], 1);
}

#[tokio::test]
async fn latency_delays_every_answer() {
    let server = Running::start(&["--latency", "300"]);
    let start = Instant::now();
    assert_eq!(server.get("/ping").await, 200);
    assert!(start.elapsed() >= Duration::from_millis(300));
}

fn refused(args: &[&str]) -> String {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_asyncdex-mock"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_bad_value_is_exit_2_naming_it() {
    assert!(refused(&["--fault", "418:1"]).contains("\"418\""));
    assert!(refused(&["--fault", "500:1.5"]).contains("probability \"1.5\""));
    assert!(refused(&["--latency", "1s"]).contains("--latency \"1s\""));
    assert!(refused(&["--port", "70000"]).contains("--port \"70000\""));
    assert!(refused(&["--log"]).contains("--log needs a value"));
    let dir = std::env::temp_dir();
    let unopenable = refused(&["--log", dir.to_str().unwrap()]);
    assert!(unopenable.contains("cannot open it"), "{unopenable}");
}

#[test]
fn help_lists_the_options() {
    let output = Command::new(env!("CARGO_BIN_EXE_asyncdex-mock"))
        .arg("--help")
        .output()
        .unwrap();
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for option in [
        "--fault",
        "--fault-seed",
        "--latency",
        "--log",
        "--seed",
        "--port",
    ] {
        assert!(help.contains(option), "{option}");
    }
}
