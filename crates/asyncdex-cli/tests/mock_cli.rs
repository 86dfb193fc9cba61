//! `asyncdex mock --log FILE --fault SPEC`: the request log file (JSON lines), injected
//! faults, and the URLs and environment it prints for a client.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

fn asyncdex() -> Command {
    Command::new(env!("CARGO_BIN_EXE_asyncdex"))
}

/// A bare HTTP/1.1 GET with a User-Agent: the status line's code.
fn get_status(base: &str, path: &str) -> u16 {
    let addr = base.strip_prefix("http://").unwrap();
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: mock-cli-test/1.0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.split(' ').nth(1).unwrap().parse().unwrap()
}

/// `asyncdex mock ARGS --log DIR/requests.log`, with a directory of its own.
struct Mock {
    dir: PathBuf,
    child: Child,
    stdout: BufReader<ChildStdout>,
}

impl Mock {
    fn start(name: &str, args: &[&str]) -> Self {
        let dir = std::env::temp_dir().join(format!("asyncdex-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut child = asyncdex()
            .arg("mock")
            .args(args)
            .arg("--log")
            .arg(dir.join("requests.log"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Self { dir, child, stdout }
    }

    /// Ctrl-C, then the request log: one JSON object a line.
    fn stop(mut self) -> Vec<Value> {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        self.child.wait().unwrap();
        let text = std::fs::read_to_string(self.dir.join("requests.log")).unwrap();
        let _ = std::fs::remove_dir_all(&self.dir);
        text.lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
            .collect()
    }
}

#[test]
fn mock_logs_requests_to_a_file_and_injects_faults() {
    let mut mock = Mock::start("mock-cli", &["--json", "--fault", "status_503:1"]);
    let mut first = String::new();
    mock.stdout.read_line(&mut first).unwrap();
    let urls: Value = serde_json::from_str(&first).unwrap();
    let api = urls["api"].as_str().unwrap().to_owned();
    assert!(
        urls["uploads"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    assert_eq!(urls["env"]["ASYNCDEX_API_URL"], api.as_str());
    assert_eq!(get_status(&api, "/ping?x=1"), 503);
    let lines = mock.stop();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = &lines[0];
    assert_eq!(
        (
            &line["listener"],
            &line["method"],
            &line["path"],
            &line["query"]
        ),
        (&json!("api"), &json!("GET"), &json!("/ping"), &json!("x=1"))
    );
    assert_eq!(
        (&line["status"], &line["fault"]),
        (&json!(503), &json!("status_503"))
    );
}

#[test]
fn an_unknown_fault_kind_is_a_usage_error() {
    let out = asyncdex()
        .args(["mock", "--fault", "status_504"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("status_503"), "{err}");
    let out = asyncdex()
        .args(["mock", "--fault", "status_503:2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// The `export` lines `asyncdex mock` prints: `(variable, value)`, read up to the line after
/// them.
fn read_exports(stdout: &mut impl BufRead) -> Vec<(String, String)> {
    let mut exports = Vec::new();
    let mut line = String::new();
    while !line.starts_with("# then:") {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "no `# then:` line"
        );
        if let Some((name, value)) = line
            .trim()
            .strip_prefix("export ")
            .and_then(|e| e.split_once('='))
        {
            exports.push((name.to_owned(), value.to_owned()));
        }
    }
    exports
}

/// The showcase series of the default catalogue (the one `asyncdex mock` serves).
fn showcase_id() -> String {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(asyncdex_mock::MockServer::start());
    server.catalogue().showcase_manga().id.to_string()
}

/// `asyncdex mock` prints the environment that points a client at every one of its hosts,
/// and a download run with only that environment sends its MD@Home reports and cover
/// requests to the mock's report and uploads hosts.
#[test]
fn mock_prints_the_settings_a_client_reads() {
    let mut mock = Mock::start("mock-env", &[]);
    let exports = read_exports(&mut mock.stdout);
    let names: Vec<&str> = exports.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "ASYNCDEX_API_URL",
            "ASYNCDEX_AUTH_URL",
            "ASYNCDEX_REPORT_URL",
            "ASYNCDEX_UPLOADS_URL"
        ]
    );
    let config = mock.dir.join("empty.toml");
    std::fs::write(&config, "").unwrap();
    let download = asyncdex()
        .args(["download", "--type", "manga", &showcase_id()])
        .args([
            "--chapters",
            "1",
            "--cover",
            "--data-saver",
            "--quiet",
            "--out",
        ])
        .arg(mock.dir.join("library"))
        .env("ASYNCDEX_CONFIG", &config)
        .envs(exports.iter().map(|(name, value)| (name, value)))
        .output()
        .unwrap();
    let lines = mock.stop();
    assert!(
        download.status.success(),
        "{}",
        String::from_utf8_lossy(&download.stderr)
    );
    let seen = |listener: &str, method: &str, path: &str, status: u16| {
        lines.iter().any(|l| {
            l["listener"] == listener
                && l["method"] == method
                && l["path"].as_str().unwrap().starts_with(path)
                && l["status"] == status
        })
    };
    assert!(seen("report", "POST", "/report", 200), "{lines:?}");
    assert!(seen("uploads", "GET", "/covers/", 200), "{lines:?}");
}

/// The statuses of 16 pings to `asyncdex mock ARGS`, and the shortest time a ping took.
fn pings(args: &[&str]) -> (Vec<u16>, std::time::Duration) {
    let mut mock = Mock::start("mock-pings", args);
    let exports = read_exports(&mut mock.stdout);
    let api = &exports[0].1;
    let mut fastest = std::time::Duration::MAX;
    let statuses = (0..16)
        .map(|_| {
            let start = std::time::Instant::now();
            let status = get_status(api, "/ping");
            fastest = fastest.min(start.elapsed());
            status
        })
        .collect();
    mock.stop();
    (statuses, fastest)
}

/// `--fault-seed` makes the random faults repeatable (with `--no-limits`, no 429 depends on
/// timing), `--latency` delays every answer.
#[test]
fn mock_fault_seed_and_latency_take_effect() {
    let args = [
        "--no-limits",
        "--fault",
        "503:0.5",
        "--fault-seed",
        "7",
        "--latency",
        "100",
    ];
    let (statuses, fastest) = pings(&args);
    assert!(
        statuses.contains(&503) && statuses.contains(&200),
        "{statuses:?}"
    );
    assert!(
        fastest >= std::time::Duration::from_millis(100),
        "{fastest:?}"
    );
    assert_eq!(pings(&args).0, statuses, "the same seed, the same faults");
    let other = ["--no-limits", "--fault", "503:0.5", "--fault-seed", "8"];
    assert_ne!(pings(&other).0, statuses);
}
