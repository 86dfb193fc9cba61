//! Trust nothing on disk, on the wire or in the environment: the real `asyncdex` binary
//! against a scripted server on loopback (escape sequences, ban pages, lying rate-limit
//! headers, huge texts), broken environments (stderr closed or full, variables that are not
//! UTF-8) and concurrent runs. Each test here failed before the program learnt to handle its
//! case (RELIABILITY.md lists them).

#[allow(
    dead_code,
    reason = "shared with the client's tests, each using part of it"
)]
#[path = "../../asyncdex/tests/scripted/mod.rs"]
mod scripted;

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use asyncdex_mock::{
    DEFAULT_CLIENT_ID, DEFAULT_PASSWORD, DEFAULT_USERNAME, Listener, MockServer, RequestMatch,
};
use scripted::{Scripted, Seen, answer, at_home, json};
use serde_json::Value;

const ENV: [&str; 12] = [
    "ASYNCDEX_USERNAME",
    "ASYNCDEX_PASSWORD",
    "ASYNCDEX_CLIENT_ID",
    "ASYNCDEX_CLIENT_SECRET",
    "ASYNCDEX_REFRESH_TOKEN",
    "ASYNCDEX_API_URL",
    "ASYNCDEX_AUTH_URL",
    "ASYNCDEX_REPORT_URL",
    "ASYNCDEX_UPLOADS_URL",
    "ASYNCDEX_ANONYMOUS",
    "ASYNCDEX_SLEEP_ON_RATELIMIT",
    "ASYNCDEX_USER_AGENT",
];

const MANGA: &str = "8f3e1818-a015-491d-bd81-3addc4d7d56a";
const MISSING: &str = "0b3c4c0a-0000-4000-8000-000000000404";

/// The binary with a clean environment and no config file of the machine.
fn asyncdex() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_asyncdex"));
    for name in ENV {
        command.env_remove(name);
    }
    command.env("ASYNCDEX_CONFIG", empty_config());
    command.env("RUST_BACKTRACE", "1");
    // Runs against one server share its limit through a state file: keep it out of the
    // machine's cache directory.
    command.env(
        "ASYNCDEX_LIMITS_DIR",
        std::env::temp_dir().join(format!("asyncdex-cli-limits-{}", std::process::id())),
    );
    command.stdin(Stdio::null());
    command
}

/// An empty config file: the settings of the machine running the tests stay out.
fn empty_config() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("asyncdex-hostile-empty.toml");
    std::fs::write(&path, "").unwrap();
    path
}

fn run(command: &mut Command) -> Output {
    command.output().expect("the asyncdex binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Exit `code`, and one line on stderr containing `needle`; the line.
fn fails(output: &Output, code: i32, needle: &str) -> String {
    let err = text(&output.stderr);
    assert_eq!(output.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.contains(needle), "{needle:?} not in {err:?}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// No escape sequence, bell, C1 control or bidi override: nothing a terminal would act on.
fn assert_inert(what: &str, output: &[u8]) {
    let shown = text(output);
    for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{0}'] {
        assert!(!shown.contains(bad), "{what} holds {bad:?}: {shown:?}");
    }
}

/// A runtime that serves the test's servers while the binary runs.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("asyncdex-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A manga entity as the API sends it.
fn manga(id: &str, title: &str, description: &str) -> Value {
    serde_json::json!({
        "id": id,
        "type": "manga",
        "attributes": {
            "title": {"en": title},
            "description": {"en": description},
            "originalLanguage": "ja",
            "status": "ongoing",
            "contentRating": "safe",
            "createdAt": "2021-04-19T21:45:59+00:00",
            "updatedAt": "2021-04-19T21:45:59+00:00",
        },
        "relationships": [],
    })
}

fn error_body(status: u16, detail: &str) -> String {
    serde_json::json!({
        "result": "error",
        "errors": [{"id": "e", "status": status, "title": "bad", "detail": detail}],
    })
    .to_string()
}

/// A page of a chapter of the fake server's catalogue, for downloads.
fn mock_chapter(rt: &tokio::runtime::Runtime) -> (MockServer, String) {
    let server = rt.block_on(MockServer::start());
    let id = server.catalogue().chapter_with_pages().id.to_string();
    (server, id)
}

fn page_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter(|entry| {
                    let name = entry.as_ref().unwrap().file_name();
                    !name.to_string_lossy().starts_with('.')
                })
                .count()
        })
        .unwrap_or(0)
}

/// Progress and errors go to stderr; a stderr that is full (`/dev/full`) or closed loses
/// them, never the run (a panic there used to abort the process: exit 134).
#[test]
fn a_full_or_closed_stderr_never_aborts_the_run() {
    let rt = runtime();
    let (_server, chapter) = mock_chapter(&rt);
    let out = temp_dir("stderr");
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = run(asyncdex()
        .args(["--mock", "download", &chapter, "--out"])
        .arg(&out)
        .stderr(full));
    assert_eq!(output.status.code(), Some(0));
    assert!(page_count(&out.join(&chapter)) > 0, "the pages are there");

    // Closed: the shell closes descriptor 2 before it runs the program.
    let closed = |args: &[&str]| {
        run(Command::new("sh")
            .arg("-c")
            .arg("exec 2>&-; exec \"$@\"")
            .arg("sh")
            .arg(env!("CARGO_BIN_EXE_asyncdex"))
            .args(args)
            .env("ASYNCDEX_CONFIG", empty_config())
            .stdin(Stdio::null()))
    };
    let out = temp_dir("stderr-closed");
    let output = closed(&[
        "--mock",
        "download",
        &chapter,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(page_count(&out.join(&chapter)) > 0);
    let output = closed(&["--mock", "manga", "frieren"]);
    assert_eq!(output.status.code(), Some(2), "the usage error's code");
}

/// Descriptions, titles, error details and node addresses come from the server: escape
/// sequences in them never reach the terminal, on stdout or stderr.
#[test]
fn server_text_reaches_the_terminal_inert() {
    let rt = runtime();
    let nasty = "\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{9b}31m\u{202e}";
    let nodes = AtomicUsize::new(0);
    let server = rt.block_on(Scripted::start(move |seen: &Seen| {
        let host = seen.header("host").unwrap_or_default();
        let path = seen.path.split('?').next().unwrap_or_default();
        match path {
            p if p == format!("/manga/{MANGA}") => json(
                "200 OK",
                &serde_json::json!({"result": "ok", "response": "entity",
                    "data": manga(MANGA, &format!("Title{nasty}"), &format!("one{nasty}\ntwo{nasty}"))})
                .to_string(),
            ),
            p if p.starts_with("/manga/") => json("404 Not Found", &error_body(404, nasty)),
            p if p.starts_with("/at-home/server/") => {
                // The first node fails every fetch; the address of the next one is a trap,
                // shown in the "switched to another image server" line.
                let trap = if nodes.fetch_add(1, Ordering::AcqRel) == 0 { "" } else { nasty };
                json(
                    "200 OK",
                    &at_home(&format!("http://{host}/node{trap}"), &["x1.png"]),
                )
            }
            _ => answer("500 Internal Server Error", &[], b""),
        }
    }));
    let api = ["--api-url", server.url.as_str()];

    let output = run(asyncdex().args(api).args(["manga", MANGA]));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("Title"),
        "{}",
        text(&output.stdout)
    );
    assert_inert("manga's stdout", &output.stdout);

    let output = run(asyncdex().args(api).args(["manga", MISSING]));
    assert_eq!(output.status.code(), Some(1));
    assert_inert("an error's detail", &output.stderr);

    let out = temp_dir("inert");
    let output = run(asyncdex().args(api).args([
        "download",
        MISSING,
        "--type",
        "chapter",
        "--out",
        out.to_str().unwrap(),
    ]));
    assert_ne!(output.status.code(), Some(0));
    let progress = text(&output.stderr);
    assert!(
        progress.contains("switched to another image server"),
        "{progress}"
    );
    assert_inert("download's progress and error", &output.stderr);

    // The trap node again, in the table of page URLs.
    let output = run(asyncdex().args(api).args(["pages", MISSING]));
    assert!(
        text(&output.stdout).contains("/node"),
        "{}",
        text(&output.stdout)
    );
    assert_inert("pages' stdout", &output.stdout);
    assert_inert("pages' stderr", &output.stderr);
}

/// A variable that is not UTF-8 is named, exit 2; it is never dropped (a test API URL would
/// fall back to production MangaDex).
#[test]
fn an_environment_variable_that_is_not_utf8_is_named() {
    let bad = OsString::from_vec(b"http://127.0.0.1:1/\xff".to_vec());
    let output = run(asyncdex()
        .env("ASYNCDEX_API_URL", &bad)
        .args(["search", "Frieren"]));
    let err = fails(&output, 2, "ASYNCDEX_API_URL is not valid UTF-8");
    assert!(err.contains("unset it"), "{err}");

    let output = run(asyncdex()
        .env("ASYNCDEX_USERNAME", DEFAULT_USERNAME)
        .env("ASYNCDEX_PASSWORD", OsString::from_vec(b"caf\xe9".to_vec()))
        .args(["--mock", "login"]));
    fails(&output, 2, "ASYNCDEX_PASSWORD is not valid UTF-8");
}

/// The edge's HTML 403 ban page: told as a ban with the wait, exit 4.
#[test]
fn an_html_ban_page_says_how_long_to_wait() {
    let rt = runtime();
    let server = rt.block_on(Scripted::start(|_: &Seen| {
        answer(
            "403 Forbidden",
            &["content-type: text/html"],
            b"<html><body><h1>403 Forbidden</h1></body></html>",
        )
    }));
    let output = run(asyncdex().args(["--api-url", &server.url, "search", "Frieren"]));
    let err = fails(&output, 4, "temporarily banned");
    assert!(err.contains("for sending too fast: wait 1 minute"), "{err}");
}

/// `user:password@` in a URL flag is refused, and the password never shown.
#[test]
fn credentials_in_url_flags_are_never_echoed() {
    for args in [
        &[
            "--api-url",
            "http://reader:hunter2@127.0.0.1:1",
            "search",
            "x",
        ][..],
        &["--api-url", "reader:hunter2@127.0.0.1 x", "search", "x"][..],
        &[
            "--auth-url",
            "https://id:hunter2@auth.example.org/t",
            "search",
            "x",
        ][..],
        &[
            "--report-url",
            "https://r:hunter2@report.example.org/",
            "search",
            "x",
        ][..],
        &["--redis", "redis://r:hunter2@[::1", "search", "x"][..],
    ] {
        let output = run(asyncdex().args(args));
        let err = fails(&output, 2, "");
        assert!(!err.contains("hunter2"), "{args:?}: {err}");
    }
}

/// A 429 whose window ends far in the future: without `--no-wait`, exit 1 and no word of
/// `--no-wait`; with it, exit 4 and the hint; the same wait either way.
#[test]
fn rate_limits_speak_of_no_wait_only_with_it() {
    let rt = runtime();
    let server = rt.block_on(Scripted::start(|_: &Seen| {
        answer(
            "429 Too Many Requests",
            &[
                "content-type: application/json",
                "x-ratelimit-retry-after: 99999999999",
            ],
            br#"{"result":"error","errors":[]}"#,
        )
    }));
    let waited = run(asyncdex().args(["--api-url", &server.url, "search", "x"]));
    let waited = fails(&waited, 1, "rate-limited");
    assert!(!waited.contains("--no-wait"), "{waited}");
    let failed_fast = run(asyncdex().args(["--api-url", &server.url, "--no-wait", "search", "x"]));
    let failed_fast = fails(&failed_fast, 4, "without --no-wait");
    let wait = |line: &str| {
        let at = line.find("about ").expect("a wait") + 6;
        let words: Vec<&str> = line[at..].split_whitespace().take(2).collect();
        words.join(" ").trim_end_matches([',', ';']).to_owned()
    };
    assert_eq!(wait(&waited), wait(&failed_fast), "{waited}\n{failed_fast}");
    assert_eq!(wait(&waited), "65 minutes");
}

/// `--report-url` must be absolute https (plain http only on this machine).
#[test]
fn a_report_url_must_be_absolute_https() {
    for (url, why) in [
        ("/report", "must be absolute"),
        ("report", "must be absolute"),
        ("http://example.org/report", "https"),
    ] {
        let output = run(asyncdex().args([
            "--api-url",
            "http://127.0.0.1:1",
            "--report-url",
            url,
            "search",
            "x",
        ]));
        fails(&output, 2, why);
    }
}

/// `--json` with an output directory that is not UTF-8: refused before anything is written
/// (JSON cannot hold the paths).
#[test]
fn json_download_to_a_non_utf8_dir_fails_before_writing() {
    let rt = runtime();
    let (_server, chapter) = mock_chapter(&rt);
    let base = temp_dir("non-utf8");
    let out = base.join(OsString::from_vec(b"lib-\xff".to_vec()));
    let output = run(asyncdex()
        .args(["--mock", "--json", "download", &chapter, "--out"])
        .arg(&out));
    let err = fails(&output, 2, "not valid UTF-8");
    assert!(err.starts_with('{'), "a JSON error: {err}");
    assert!(!out.exists(), "nothing was written");
}

/// A chapter that fails among several: the others are still downloaded, the failure is
/// told and summed up, and the run fails at the end.
#[test]
fn a_failed_chapter_does_not_stop_the_others() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    let ids: Vec<String> = server
        .catalogue()
        .chapters
        .iter()
        .filter(|c| c.pages > 0 && c.external_url.is_none())
        .take(2)
        .map(|c| c.id.to_string())
        .collect();
    let out = temp_dir("multi");
    let output = run(asyncdex()
        .args([
            "--api-url",
            server.url(),
            "--report-url",
            &server.report_url(),
        ])
        .args([
            "download", "--type", "chapter", &ids[0], MISSING, &ids[1], "--out",
        ])
        .arg(&out));
    assert_eq!(output.status.code(), Some(1));
    let table = text(&output.stdout);
    assert!(
        table.contains(&ids[0]) && table.contains(&ids[1]),
        "{table}"
    );
    let err = text(&output.stderr);
    let last = err.lines().last().unwrap();
    assert!(
        last.starts_with("error: 1 of 3 chapters failed (0b3c4c0a)"),
        "{err}"
    );
    assert!(
        err.contains("0b3c4c0a: failed: no chapter with id"),
        "{err}"
    );
    assert!(page_count(&out.join(&ids[1])) > 0);
}

/// Two runs downloading one chapter into one directory: the second says so and stops,
/// leaving the first one's pages alone. The first run's page requests are held by the server
/// until the second has been refused, so the two surely overlap.
#[test]
fn a_second_run_on_the_same_chapter_is_refused() {
    let rt = runtime();
    let (server, chapter) = mock_chapter(&rt);
    let pages = server.catalogue().chapter_with_pages().pages as usize;
    let hold = server.hold(RequestMatch::new().on(Listener::Image).prefix("/data/"));
    let out = temp_dir("two-runs");
    let args = |command: &mut Command| {
        command
            .args([
                "--api-url",
                server.url(),
                "--report-url",
                &server.report_url(),
            ])
            .args(["download", "--type", "chapter", &chapter, "--out"])
            .arg(&out);
    };
    let mut first = asyncdex();
    args(&mut first);
    let mut first = first
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = first.stderr.take().unwrap();
    // Its stderr ends only when it exits: should it end before a page request is held, the
    // first run failed early, and the test says how instead of waiting for ever.
    let ended = rt.spawn_blocking(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    rt.block_on(async {
        tokio::select! {
            () = hold.wait_for_held(1) => {}
            text = ended => panic!("the first run ended early: {}", text.unwrap()),
        }
    });

    let mut second = asyncdex();
    args(&mut second);
    let output = run(&mut second);
    fails(&output, 1, "another download of this chapter is running");
    hold.release();
    let status = first.wait().unwrap();
    assert_eq!(status.code(), Some(0), "the first run finished its work");
    assert_eq!(page_count(&out.join(&chapter)), pages);
}

/// Input and server text are cut to a sensible length, and said what is wrong with them.
#[test]
fn echoes_are_cut_short() {
    let long = "x".repeat(70_000);
    let output = run(asyncdex().args(["--mock", "search", &long]));
    let err = fails(&output, 2, "title too long: 70000 characters (at most 500)");
    assert!(err.len() < 200, "{err}");
    let output = run(asyncdex().args(["--mock", "manga", &long]));
    let err = fails(&output, 2, "not a valid manga id");
    assert!(err.len() < 400, "{} bytes", err.len());

    let rt = runtime();
    let detail = "d".repeat(1 << 20);
    let server = rt.block_on(Scripted::start(move |_: &Seen| {
        json("404 Not Found", &error_body(404, &detail))
    }));
    let output = run(asyncdex().args(["--api-url", &server.url, "feed", MANGA]));
    let err = fails(&output, 1, "");
    assert!(err.len() < 1500, "{} bytes", err.len());
}

/// `--mock` with a URL flag is refused (it would be ignored).
#[test]
fn mock_with_a_url_flag_is_refused() {
    let output = run(asyncdex().args([
        "--mock",
        "--api-url",
        "https://api.example.org",
        "search",
        "x",
    ]));
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("cannot be used with"),
        "{}",
        text(&output.stderr)
    );
}

/// A server that sends more results than `--limit` asked for: only `--limit` are shown.
#[test]
fn limit_is_kept_when_the_server_sends_more() {
    let rt = runtime();
    let server = rt.block_on(Scripted::start(|_: &Seen| {
        let data: Vec<Value> = (0..20)
            .map(|i| {
                manga(
                    &format!("8f3e1818-a015-491d-bd81-3addc4d7d5{i:02}"),
                    "M",
                    "",
                )
            })
            .collect();
        json(
            "200 OK",
            &serde_json::json!({"result": "ok", "response": "collection", "data": data,
                "limit": 5, "offset": 0, "total": 20})
            .to_string(),
        )
    }));
    let output = run(asyncdex().args(["--api-url", &server.url, "search", "M", "--limit", "5"]));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout).lines().count(),
        6,
        "a header and 5 rows"
    );
}

/// Credentials in the environment: a wrong OAuth client secret is exit 3; a half-set pair
/// does not break an anonymous command; blank variables count as unset.
#[test]
fn credentials_from_the_environment() {
    let output = run(asyncdex()
        .env("ASYNCDEX_USERNAME", DEFAULT_USERNAME)
        .env("ASYNCDEX_PASSWORD", DEFAULT_PASSWORD)
        .env("ASYNCDEX_CLIENT_ID", DEFAULT_CLIENT_ID)
        .env("ASYNCDEX_CLIENT_SECRET", "not-the-secret")
        .args(["--mock", "login"]));
    fails(
        &output,
        3,
        "check ASYNCDEX_CLIENT_ID and ASYNCDEX_CLIENT_SECRET",
    );

    let output = run(asyncdex()
        .env("ASYNCDEX_USERNAME", "reader")
        .args(["--mock", "search", "Dragon"]));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));

    let output = run(asyncdex()
        .env("ASYNCDEX_USERNAME", "")
        .env("ASYNCDEX_PASSWORD", "")
        .args(["--mock", "whoami"]));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains(DEFAULT_USERNAME));
}

/// Under `--json`, an error is one JSON object on stderr, with the message and exit code.
#[test]
fn json_errors_are_one_json_object() {
    let output = run(asyncdex().args(["--mock", "--json", "manga", "nope"]));
    let err = fails(&output, 2, "not a valid manga id");
    let object: Value = serde_json::from_str(&err).unwrap();
    assert_eq!(object["code"], 2);
    assert!(
        object["error"]
            .as_str()
            .unwrap()
            .starts_with("not a valid manga id")
    );
}

/// `LOCALHOST` is this machine: plain http is allowed there.
#[test]
fn localhost_in_capitals_is_loopback() {
    let rt = runtime();
    let server = rt.block_on(MockServer::start());
    let url = server.url().replace("127.0.0.1", "LOCALHOST");
    let output = run(asyncdex().args(["--api-url", &url, "search", "Dragon"]));
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}
