//! `asyncdex mock --log FILE --fault KIND[:P]`: the request log file, injected faults, and the
//! uploads URL beside the others.

use std::io::{BufRead, Read, Write};
use std::process::{Command, Stdio};

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

#[test]
fn mock_logs_requests_to_a_file_and_injects_faults() {
    let dir = std::env::temp_dir().join(format!("asyncdex-mock-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("requests.log");
    let mut child = asyncdex()
        .args(["mock", "--json", "--fault", "status_503:1", "--log"])
        .arg(&log)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let urls: serde_json::Value = serde_json::from_str(&first).unwrap();
    let api = urls["api"].as_str().unwrap().to_owned();
    assert!(
        urls["uploads"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:")
    );
    assert_eq!(get_status(&api, "/ping?x=1"), 503);
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    child.wait().unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        ["api GET /ping?x=1 503 fault=status_503"]
    );
    let _ = std::fs::remove_dir_all(&dir);
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
