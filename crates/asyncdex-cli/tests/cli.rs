//! Runs the real `asyncdex` binary: every command in both output modes, against `--mock` (an
//! embedded fake server per run) or a `MockServer` started here when the test needs to look
//! at the server; and the error cases (one line on stderr, the right exit code, no panic).

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Output, Stdio};
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use asyncdex_mock::{DEFAULT_USERNAME, MockServer};
use serde_json::Value;

const ENV: [&str; 10] = [
    "ASYNCDEX_USERNAME",
    "ASYNCDEX_PASSWORD",
    "ASYNCDEX_CLIENT_ID",
    "ASYNCDEX_CLIENT_SECRET",
    "ASYNCDEX_REFRESH_TOKEN",
    "ASYNCDEX_API_URL",
    "ASYNCDEX_AUTH_URL",
    "ASYNCDEX_ANONYMOUS",
    "ASYNCDEX_SLEEP_ON_RATELIMIT",
    "ASYNCDEX_USER_AGENT",
];

/// The binary with a clean environment (no credentials of the machine running the tests).
fn asyncdex() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_asyncdex"));
    for name in ENV {
        command.env_remove(name);
    }
    // Were anything to panic, its backtrace would show: the tests check it does not.
    command.env("RUST_BACKTRACE", "1");
    // Runs against one server share its limit through a state file: keep it out of the
    // machine's cache directory.
    command.env(
        "ASYNCDEX_LIMITS_DIR",
        std::env::temp_dir().join(format!("asyncdex-cli-limits-{}", std::process::id())),
    );
    // A developer's own log filter would add lines the tests do not expect.
    command.env_remove("RUST_LOG");
    command.stdin(Stdio::null());
    command
}

fn run(args: &[&str]) -> Output {
    run_with(asyncdex().args(args))
}

fn run_with(command: &mut Command) -> Output {
    checked(command.output().expect("the asyncdex binary runs"))
}

/// How long [`run_guarded`] lets the program run before calling it hung: far beyond any run
/// of these tests, so it never measures speed; it only turns a hang into a failure.
const HANG_GUARD: Duration = Duration::from_secs(120);

/// [`run_with`] for a run that could hang (nothing the test controls answers it): the
/// program is killed and the test fails after [`HANG_GUARD`].
fn run_guarded(command: &mut Command) -> Output {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the asyncdex binary runs");
    let pid = child.id();
    let output = guarded(pid, "still running", move || child.wait_with_output());
    checked(output.expect("the asyncdex binary runs"))
}

/// Runs `block` (a blocking wait on the program `pid`: its exit, a line of its output) on a
/// thread of its own and returns what it returns. Should the wait outlast [`HANG_GUARD`], the
/// program is killed and the test fails saying it was `waiting` that long: a hang becomes a
/// failure, and nothing sleeps or polls.
fn guarded<T: Send + 'static>(
    pid: u32,
    waiting: &str,
    block: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (done, result) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let _ = done.send(block());
    });
    let kill = || {
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
    };
    match result.recv_timeout(HANG_GUARD) {
        Ok(value) => value,
        Err(RecvTimeoutError::Timeout) => {
            kill();
            panic!("asyncdex was {waiting} after {HANG_GUARD:?}: it hangs");
        }
        // `block` panicked (an assertion about what it read): that is the failure.
        Err(RecvTimeoutError::Disconnected) => {
            kill();
            std::panic::resume_unwind(thread.join().expect_err("the waiting thread panicked"))
        }
    }
}

/// The first line the program `child` prints on its piped stdout, and the rest of that stdout
/// (a blocking read, under [`guarded`]).
fn first_line(child: &mut Child) -> (String, BufReader<ChildStdout>) {
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    guarded(child.id(), "still silent", move || {
        let mut line = String::new();
        stdout.read_line(&mut line).expect("stdout reads");
        (line, stdout)
    })
}

/// The output of a run that did not panic.
fn checked(output: Output) -> Output {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Exit code 0, and the stdout.
fn ok(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout: {}\nstderr: {}",
        stdout(output),
        stderr(output)
    );
    stdout(output)
}

/// The stdout lines as JSON objects.
fn json_lines(output: &Output) -> Vec<Value> {
    ok(output)
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            assert!(value.is_object(), "{line}");
            value
        })
        .collect()
}

/// The run failed with `code` and said so in ONE line on stderr, `error: ...` containing
/// `needle` (with `--json`, one JSON object with that message and the code), with nothing on
/// stdout.
fn fails(output: &Output, code: i32, needle: &str) -> String {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    if err.starts_with('{') {
        let object: Value = serde_json::from_str(&err).expect("a JSON error object");
        assert_eq!(object["code"], code, "{err}");
        assert!(object["error"].is_string(), "{err}");
    } else {
        assert!(err.starts_with("error: "), "{err}");
    }
    assert!(err.contains(needle), "{needle:?} not in {err:?}");
    assert!(output.stdout.is_empty(), "stdout: {}", stdout(output));
    err
}

/// A runtime that keeps serving a `MockServer` while the test waits on the binary.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

/// A server with the default catalogue (the one `--mock` serves), for its ids and titles.
fn server(rt: &tokio::runtime::Runtime) -> MockServer {
    rt.block_on(MockServer::start())
}

/// `--api-url`, `--auth-url` and `--report-url` of a server.
fn urls(server: &MockServer) -> Vec<String> {
    vec![
        "--api-url".into(),
        server.url().to_owned(),
        "--auth-url".into(),
        server.auth_url(),
        "--report-url".into(),
        server.report_url(),
    ]
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("asyncdex-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn search_prints_a_table_and_json_lines() {
    let rt = runtime();
    let server = server(&rt);
    let manga = server
        .catalogue()
        .manga
        .iter()
        .find(|m| m.content_rating == "safe" && m.year.is_some())
        .unwrap();

    let out = ok(&run(&["--mock", "search", &manga.title]));
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("ID  "), "{header}");
    for column in ["YEAR", "STATUS", "TITLE"] {
        assert!(header.contains(column), "{header}");
    }
    let first = lines.next().unwrap();
    assert!(first.starts_with(&manga.id.to_string()), "{out}");
    assert!(first.ends_with(manga.title.as_str()), "{out}");
    assert!(first.contains(manga.status), "{out}");
    // Aligned: every row starts its TITLE column where the header does.
    let title_at = header.find("TITLE").unwrap();
    assert_eq!(first.find(manga.title.as_str()), Some(title_at), "{out}");

    let rows = json_lines(&run(&[
        "--mock",
        "--json",
        "search",
        &manga.title,
        "--limit",
        "3",
    ]));
    assert!(!rows.is_empty() && rows.len() <= 3);
    for row in &rows {
        for field in ["id", "title", "year", "status"] {
            assert!(row.get(field).is_some(), "{field} in {row}");
        }
    }
    assert_eq!(rows[0]["id"], manga.id.to_string());
    assert_eq!(rows[0]["title"], manga.title);
    assert_eq!(rows[0]["year"], manga.year.unwrap());
    assert_eq!(rows[0]["status"], manga.status);

    // Global flags also work after the command.
    let rows = json_lines(&run(&[
        "search",
        &manga.title,
        "--json",
        "--mock",
        "--limit",
        "1",
    ]));
    assert_eq!(rows.len(), 1);
}

#[test]
fn search_all_reads_every_page_and_lang_filters() {
    let rt = runtime();
    let server = server(&rt);
    let catalogue = server.catalogue();
    let visible = catalogue
        .manga
        .iter()
        .filter(|m| m.content_rating != "pornographic")
        .count();
    assert!(visible > 100, "more than one page");

    let rows = json_lines(&run(&["--mock", "--json", "search", "", "--all"]));
    assert_eq!(rows.len(), visible);
    let ids: HashSet<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), visible, "no duplicates across pages");

    let in_french = catalogue
        .manga
        .iter()
        .filter(|m| m.content_rating != "pornographic" && m.available_languages.contains(&"fr"))
        .count();
    let rows = json_lines(&run(&[
        "--mock", "--json", "search", "", "--all", "--lang", "fr",
    ]));
    assert_eq!(rows.len(), in_french);

    // The table says when there is more than it shows.
    let output = run(&["--mock", "search", ""]);
    assert_eq!(ok(&output).lines().count(), 11, "a header and 10 rows");
    assert!(stderr(&output).contains(&format!("showed 10 of {visible}")));
    let output = run(&["--mock", "search", "no such title anywhere"]);
    assert!(ok(&output).is_empty());
    assert!(stderr(&output).contains("no manga found"));
}

#[test]
fn manga_shows_authors_tags_and_description() {
    let rt = runtime();
    let server = server(&rt);
    let catalogue = server.catalogue();
    let manga = catalogue
        .manga
        .iter()
        .find(|m| !m.authors.is_empty() && !m.tags.is_empty())
        .unwrap();
    let author = catalogue.author_by_id(&manga.authors[0]).unwrap();
    let artist = catalogue.author_by_id(&manga.artists[0]).unwrap();
    let tag = catalogue.tag_by_id(&manga.tags[0]).unwrap();
    let id = manga.id.to_string();

    let out = ok(&run(&["--mock", "manga", &id]));
    assert!(out.starts_with("title"), "{out}");
    for needle in [
        manga.title.as_str(),
        id.as_str(),
        author.name.as_str(),
        artist.name.as_str(),
        tag.name.as_str(),
        manga.status,
    ] {
        assert!(out.contains(needle), "{needle:?} in {out}");
    }
    let first_words: String = manga
        .description
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(out.contains(&first_words), "description in {out}");

    // A mangadex.org link works as well as the id.
    let link = format!("https://mangadex.org/title/{id}/some-slug");
    let rows = json_lines(&run(&["--mock", "--json", "manga", &link]));
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["id"], id);
    assert_eq!(row["title"], manga.title);
    assert_eq!(row["authors"][0]["name"], author.name);
    assert_eq!(row["authors"][0]["id"], author.id.to_string());
    assert!(
        row["artists"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == artist.name)
    );
    assert!(
        row["tags"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == tag.name.as_str())
    );
    assert!(row["description"].as_str().unwrap().contains(&first_words));
    for field in ["year", "status", "content_rating", "original_language"] {
        assert!(row.get(field).is_some(), "{field} in {row}");
    }
}

#[test]
fn feed_lists_chapters_a_page_or_all() {
    let rt = runtime();
    let server = server(&rt);
    let manga = server.catalogue().big_feed_manga();
    let english = server
        .catalogue()
        .chapters_of(&manga.id)
        .iter()
        .filter(|c| c.language == "en")
        .count();
    assert!(english > 500, "more than one feed page");
    let id = manga.id.to_string();

    let output = run(&["--mock", "feed", &id, "--lang", "en"]);
    let out = ok(&output);
    let header = out.lines().next().unwrap();
    for column in ["ID", "VOL", "CH", "LANG", "PAGES", "TITLE"] {
        assert!(header.contains(column), "{header}");
    }
    assert_eq!(out.lines().count(), 101, "a header and 100 chapters");
    assert!(out.lines().skip(1).all(|l| l.contains("  en  ")), "{out}");
    assert!(stderr(&output).contains(&format!("showed 100 of {english}")));

    let rows = json_lines(&run(&[
        "--mock", "--json", "feed", &id, "--lang", "en", "--all",
    ]));
    assert_eq!(rows.len(), english);
    let known: HashSet<String> = server
        .catalogue()
        .chapters_of(&manga.id)
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    for row in &rows {
        for field in ["id", "volume", "chapter", "title", "language", "pages"] {
            assert!(row.get(field).is_some(), "{field} in {row}");
        }
        assert_eq!(row["language"], "en");
        assert!(known.contains(row["id"].as_str().unwrap()));
    }
}

#[test]
fn pages_lists_the_image_urls() {
    let rt = runtime();
    let server = server(&rt);
    let chapter = server.catalogue().chapter_with_pages();
    let id = chapter.id.to_string();

    let out = ok(&run(&["--mock", "pages", &id]));
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("PAGE  URL"), "{out}");
    assert_eq!(lines.len(), chapter.pages as usize + 1);
    let files = chapter.data_files();
    assert!(lines[1].starts_with("1  "), "{out}");
    assert!(
        lines[1].contains(&format!("/data/{}/{}", chapter.hash, files[0])),
        "{out}"
    );

    let rows = json_lines(&run(&["--mock", "--json", "pages", &id, "--data-saver"]));
    assert_eq!(rows.len(), chapter.pages as usize);
    let saver = chapter.data_saver_files();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row["page"], i + 1);
        let url = row["url"].as_str().unwrap();
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        assert!(
            url.ends_with(&format!("/data-saver/{}/{}", chapter.hash, saver[i])),
            "{url}"
        );
    }
}

#[test]
fn whoami_login_logout_with_the_mock_account() {
    let out = ok(&run(&["--mock", "whoami"]));
    assert!(out.contains(DEFAULT_USERNAME), "{out}");
    let rows = json_lines(&run(&["--mock", "--json", "whoami"]));
    assert_eq!(rows[0]["username"], DEFAULT_USERNAME);
    assert!(rows[0]["id"].is_string() && rows[0]["roles"].is_array());

    let output = run(&["--mock", "login"]);
    let out = ok(&output);
    assert!(
        out.contains(&format!("logged in as {DEFAULT_USERNAME}")),
        "{out}"
    );
    assert!(out.contains("refresh token was obtained"), "{out}");
    let rows = json_lines(&run(&["--mock", "--json", "login"]));
    assert_eq!(rows[0]["username"], DEFAULT_USERNAME);
    assert_eq!(rows[0]["refresh_token"], true);

    let out = ok(&run(&["--mock", "logout"]));
    assert!(
        out.contains(&format!("logged out {DEFAULT_USERNAME}")),
        "{out}"
    );
    let rows = json_lines(&run(&["--mock", "--json", "logout"]));
    assert_eq!(rows[0]["logged_out"], true);
}

#[test]
fn auth_commands_use_the_environment_and_never_print_tokens() {
    let rt = runtime();
    let server = rt.block_on(
        MockServer::builder()
            .user("reader", "reader-password")
            .start(),
    );
    let args = urls(&server);
    let with_account = |extra: &[&str]| {
        let mut command = asyncdex();
        command
            .args(&args)
            .args(extra)
            .env("ASYNCDEX_USERNAME", "reader")
            .env("ASYNCDEX_PASSWORD", "reader-password");
        run_with(&mut command)
    };
    let output = with_account(&["login"]);
    assert!(ok(&output).contains("logged in as reader"));
    let rows = json_lines(&with_account(&["--json", "whoami"]));
    assert_eq!(rows[0]["username"], "reader");
    let output = with_account(&["logout"]);
    assert!(ok(&output).contains("logged out reader"));
    // JWT-shaped tokens start with "eyJ": none on stdout or stderr, of any command.
    for output in [with_account(&["login"]), with_account(&["--json", "login"])] {
        assert!(!stdout(&output).contains("eyJ") && !stderr(&output).contains("eyJ"));
    }
    assert!(server.requests().iter().any(|r| r.path == "/auth/logout"));

    // Reading the catalogue does not log in, credentials or not.
    server.clear_requests();
    let rows = json_lines(&with_account(&["--json", "search", "", "--limit", "1"]));
    assert_eq!(rows.len(), 1);
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(paths, ["/manga"]);

    // The OAuth personal client flow, through --auth-url.
    let mut command = asyncdex();
    command
        .args(&args)
        .args(["--json", "login"])
        .env("ASYNCDEX_USERNAME", "reader")
        .env("ASYNCDEX_PASSWORD", "reader-password")
        .env("ASYNCDEX_CLIENT_ID", asyncdex_mock::DEFAULT_CLIENT_ID)
        .env(
            "ASYNCDEX_CLIENT_SECRET",
            asyncdex_mock::DEFAULT_CLIENT_SECRET,
        );
    let rows = json_lines(&run_with(&mut command));
    assert_eq!(rows[0]["username"], "reader");
    assert_eq!(rows[0]["refresh_token"], true);
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.listener == asyncdex_mock::Listener::Auth)
    );

    // Wrong password: refused, exit code 3.
    let mut command = asyncdex();
    command
        .args(&args)
        .arg("login")
        .env("ASYNCDEX_USERNAME", "reader")
        .env("ASYNCDEX_PASSWORD", "wrong-password");
    fails(&run_with(&mut command), 3, "login refused");
}

#[test]
fn mock_command_serves_until_interrupted() {
    let mut child = asyncdex()
        .args(["mock", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (first, _stdout) = first_line(&mut child);
    let urls: Value = serde_json::from_str(&first).unwrap();
    let api = urls["api"].as_str().unwrap().to_owned();
    let auth = urls["auth"].as_str().unwrap().to_owned();
    assert_eq!(urls["username"], DEFAULT_USERNAME);

    // Another run of the program talks to it.
    let rows = json_lines(&run(&[
        "--api-url",
        &api,
        "--auth-url",
        &auth,
        "--json",
        "search",
        "",
        "--limit",
        "2",
    ]));
    assert_eq!(rows.len(), 2);

    // Ctrl-C stops it cleanly.
    let interrupted = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let status = guarded(child.id(), "still serving after Ctrl-C", move || {
        child.wait().expect("the mock's exit is read")
    });
    assert_eq!(
        status.code(),
        Some(0),
        "the mock did not stop cleanly on Ctrl-C"
    );

    // The table form prints the URLs and how to use them.
    let mut child = asyncdex()
        .arg("mock")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (first, _stdout) = first_line(&mut child);
    assert!(
        first.starts_with("api ") && first.contains("http://127.0.0.1:"),
        "{first}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn bad_input_is_one_line_and_exit_code_2() {
    let err = fails(
        &run(&["--mock", "manga", "frieren"]),
        2,
        "not a valid manga id",
    );
    assert!(err.contains("expected a UUID like"), "{err}");
    fails(
        &run(&["--mock", "feed", "12345"]),
        2,
        "expected a UUID like",
    );
    fails(
        &run(&["--mock", "pages", "nope"]),
        2,
        "not a valid chapter id",
    );
    fails(
        &run(&["--mock", "search", "x", "--lang", "klingon"]),
        2,
        "unknown language code",
    );
    // Only https for a remote API: the password never goes out in clear text.
    fails(
        &run(&["--api-url", "http://example.org", "search", "x"]),
        2,
        "https",
    );
    // clap's own usage errors: exit code 2, no panic.
    let output = run(&["search"]);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&["search", "x", "--limit", "0"]);
    assert_eq!(output.status.code(), Some(2));
    let output = run(&["--help"]);
    assert!(ok(&output).contains("download"));
}

#[test]
fn unknown_ids_are_not_found() {
    let missing = "8f3e1818-a015-491d-bd81-3addc4d7d56a";
    fails(&run(&["--mock", "manga", missing]), 1, "no manga with id");
    fails(
        &run(&["--mock", "--json", "feed", missing]),
        1,
        "no manga with id",
    );
    fails(&run(&["--mock", "pages", missing]), 1, "no chapter with id");
}

#[test]
fn unauthorized_is_exit_code_3() {
    let rt = runtime();
    let server = server(&rt);
    let args = urls(&server);
    let mut command = asyncdex();
    command.args(&args).arg("whoami");
    let err = fails(&run_with(&mut command), 3, "unauthorized");
    assert!(err.contains("ASYNCDEX_USERNAME"), "a hint: {err}");
    let mut command = asyncdex();
    command.args(&args).args(["--json", "login"]);
    fails(&run_with(&mut command), 3, "no credentials");
    let mut command = asyncdex();
    command.args(&args).arg("logout");
    fails(&run_with(&mut command), 3, "no credentials");
}

#[test]
fn rate_limited_with_no_wait_is_exit_code_4() {
    let rt = runtime();
    let server = rt.block_on(MockServer::builder().global_limit(1).start());
    let args = urls(&server);
    // Two pages within one second of a 1-per-second limit: the second one is refused.
    let mut command = asyncdex();
    command
        .args(&args)
        .args(["--no-wait", "search", "", "--all"]);
    let err = fails(&run_with(&mut command), 4, "rate-limited");
    assert!(err.contains("--no-wait"), "a hint: {err}");
    // It fails fast, on the refusal: nothing was sent after the 429. Waiting out the window
    // and sending again would have found the next second's slot (and ended in exit 0); a
    // resend at once would have been a second 429 here.
    let sent: Vec<Option<u16>> = server
        .requests()
        .iter()
        .filter(|request| request.listener == asyncdex_mock::Listener::Api)
        .map(|request| request.status)
        .collect();
    // (Pages before it were served: normally one, more on a machine so slow that a page
    // took longer than the one-second sliding window.)
    let (refused, served) = sent.split_last().expect("requests were sent");
    assert_eq!(*refused, Some(429), "{sent:?}");
    assert!(
        !served.is_empty() && served.iter().all(|status| *status == Some(200)),
        "{sent:?}"
    );
    assert_eq!(server.counters().violations, 1);
}

#[test]
fn no_network_is_a_clear_line() {
    // Nothing listens on port 1, so no server of the test can count the attempts. How often a
    // refused connection is retried is the retry layer's policy, tested on a paused clock
    // (asyncdex-tower's `retry_logic.rs::post_is_retried_only_when_it_cannot_have_been_processed`);
    // what is left to check here, beyond the line itself, is that the program ends at all:
    // the hang guard of `run_guarded`.
    let err = fails(
        &run_guarded(asyncdex().args(["--api-url", "http://127.0.0.1:1", "search", "Frieren"])),
        1,
        "could not connect to http://127.0.0.1:1",
    );
    assert!(err.contains("connection refused"), "{err}");
    let err = fails(
        &run_guarded(asyncdex().args(["--api-url", "http://127.0.0.1:1", "--json", "whoami"])),
        1,
        "could not connect",
    );
    assert!(!err.contains("os error"), "{err}");
}

/// The page files of a chapter's directory, sorted.
fn page_files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn download_writes_pages_resumes_and_packs_a_cbz() {
    let rt = runtime();
    let server = server(&rt);
    let chapter = server.catalogue().chapter_with_pages();
    let pages = chapter.pages as usize;
    let id = chapter.id.to_string();
    let out = temp_dir("download");
    let out_arg = out.to_str().unwrap();
    let args = urls(&server);

    // First run, not on a terminal: plain progress lines, then the table.
    let mut command = asyncdex();
    command
        .args(&args)
        .args(["download", &id, "--out", out_arg]);
    let output = run_with(&mut command);
    let table = ok(&output);
    let progress = stderr(&output);
    assert!(progress.contains(&format!("{pages} pages")), "{progress}");
    assert!(progress.contains("page 1 done"), "{progress}");
    assert!(
        !progress.contains('\r') && !progress.contains('\u{1b}'),
        "no bar: {progress:?}"
    );
    let header = table.lines().next().unwrap();
    assert!(
        header.starts_with("CHAPTER") && header.contains("FETCHED"),
        "{table}"
    );
    assert!(table.contains(&id), "{table}");
    let dir = out.join(&id);
    let files = page_files(&dir);
    assert_eq!(files.len(), pages, "{files:?}");
    assert_eq!(files[0], "001.png");
    assert!(files.iter().all(|f| !f.ends_with(".part")));
    // Every page fetch was reported to MD@Home (flushed before the program ended), no token.
    let reports = server.reports();
    assert_eq!(reports.len(), pages);
    assert!(reports.iter().all(|r| r.success && r.bytes > 0));
    assert_eq!(server.counters().leaked_tokens, 0);

    // Second run: everything is on disk already.
    let mut command = asyncdex();
    command
        .args(&args)
        .args(["--json", "download", &id, "--out", out_arg]);
    let rows = json_lines(&run_with(&mut command));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["chapter"], id);
    assert_eq!(rows[0]["pages"], pages);
    assert_eq!(rows[0]["fetched"], 0);
    assert_eq!(rows[0]["skipped"], pages);
    assert_eq!(rows[0]["cbz"], Value::Null);

    // An interrupted run left two pages missing: only those are fetched, and the CBZ is made.
    std::fs::remove_file(dir.join(&files[1])).unwrap();
    std::fs::remove_file(dir.join(&files[pages - 1])).unwrap();
    let mut command = asyncdex();
    command
        .args(&args)
        .args(["--json", "download", &id, "--out", out_arg, "--cbz"]);
    let rows = json_lines(&run_with(&mut command));
    assert_eq!(rows[0]["fetched"], 2);
    assert_eq!(rows[0]["skipped"], pages - 2);
    let cbz = PathBuf::from(rows[0]["cbz"].as_str().unwrap());
    assert_eq!(cbz, out.join(format!("{id}.cbz")));
    let zip = std::fs::read(&cbz).unwrap();
    assert_eq!(&zip[..4], b"PK\x03\x04", "a zip");
    assert_eq!(page_files(&dir).len(), pages);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn download_with_mock_data_saver_several_chapters_and_retries() {
    let rt = runtime();
    let server = server(&rt);
    let catalogue = server.catalogue();
    let chapters: Vec<_> = catalogue
        .chapters
        .iter()
        .filter(|c| c.pages > 0 && c.external_url.is_none())
        .take(2)
        .collect();
    let out = temp_dir("download-mock");
    let out_arg = out.to_str().unwrap();
    let (a, b) = (chapters[0].id.to_string(), chapters[1].id.to_string());

    let output = run(&[
        "--mock",
        "download",
        &a,
        &b,
        "--out",
        out_arg,
        "--data-saver",
        "--cbz",
    ]);
    let table = ok(&output);
    assert_eq!(
        table.lines().count(),
        3,
        "a header and two chapters: {table}"
    );
    assert!(table.contains(&format!("{a}.cbz")) && table.contains(&format!("{b}.cbz")));
    for chapter in &chapters {
        let files = page_files(&out.join(chapter.id.to_string()));
        assert_eq!(files.len(), chapter.pages as usize);
        assert!(files[0].ends_with(".jpg"), "data-saver pages: {files:?}");
        assert!(out.join(format!("{}.cbz", chapter.id)).is_file());
    }
    let progress = stderr(&output);
    assert!(
        progress.contains("[1/2]") && progress.contains("[2/2]"),
        "{progress}"
    );
    let _ = std::fs::remove_dir_all(&out);

    // Failing image fetches are retried and said so; the download still completes.
    use asyncdex_mock::{FaultKind, FaultPlan, FaultRule, Listener};
    server.set_faults(
        FaultPlan::new().rule(
            FaultRule::new(FaultKind::ServiceUnavailable)
                .on(Listener::Image)
                .prefix("/data/")
                .times(2),
        ),
    );
    let out = temp_dir("download-faults");
    let mut command = asyncdex();
    command
        .args(urls(&server))
        .args(["--json", "download", &a, "--out", out.to_str().unwrap()]);
    let output = run_with(&mut command);
    let rows = json_lines(&output);
    assert_eq!(rows[0]["retries"], 2);
    assert_eq!(rows[0]["fetched"], chapters[0].pages);
    assert!(stderr(&output).contains("retrying"), "{}", stderr(&output));
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn download_errors_are_one_line() {
    let missing = "8f3e1818-a015-491d-bd81-3addc4d7d56a";
    let out = temp_dir("download-errors");
    let out_arg = out.to_str().unwrap();
    // A bad id among good ones: nothing is fetched.
    fails(
        &run(&["--mock", "download", missing, "nope", "--out", out_arg]),
        2,
        "not a valid manga, chapter or list id",
    );
    fails(
        &run(&["--mock", "download", missing, "--out", out_arg]),
        1,
        "no chapter with id",
    );
    fails(
        &run(&[
            "--api-url",
            "http://127.0.0.1:1",
            "download",
            missing,
            "--out",
            out_arg,
        ]),
        1,
        "could not connect",
    );
    // --out is a file: the directory cannot be made.
    let rt = runtime();
    let server = server(&rt);
    let file = out.join("not-a-dir");
    std::fs::write(&file, b"x").unwrap();
    let chapter = server.catalogue().chapter_with_pages().id.to_string();
    fails(
        &run(&[
            "--mock",
            "download",
            &chapter,
            "--out",
            file.to_str().unwrap(),
        ]),
        1,
        "could not create",
    );
    assert!(
        std::fs::read_dir(&out).unwrap().count() == 1,
        "nothing was written"
    );
    let _ = std::fs::remove_dir_all(&out);
}

/// The README's offline commands (the main job's and the "Command line" section's) work as
/// written: their ids are the fake server's seeded ones.
#[test]
fn readme_mock_commands_work() {
    let readme = include_str!("../../../README.md");
    let out = temp_dir("readme");
    let mut ran = 0;
    for line in readme.lines() {
        let Some(args) = line
            .strip_prefix("cargo run -p asyncdex-cli -- ")
            .or_else(|| line.strip_prefix("asyncdex "))
        else {
            continue;
        };
        let mut args: Vec<&str> = args.split_whitespace().collect();
        if args.first() != Some(&"--mock") && !args.starts_with(&["--json", "--mock"]) {
            continue;
        }
        if let Some(at) = args.iter().position(|a| *a == "--out") {
            args[at + 1] = out.to_str().unwrap();
        }
        let output = run(&args);
        assert!(!ok(&output).trim().is_empty(), "{line}: no output");
        ran += 1;
    }
    assert!(ran >= 7, "the README's --mock commands were found ({ran})");
    let _ = std::fs::remove_dir_all(&out);
}

/// Ctrl-C in the middle of a download: exit code 130 and one line; the next run fetches only
/// what is missing.
#[test]
fn an_interrupted_download_resumes() {
    use asyncdex_mock::{FaultKind, FaultPlan, FaultRule, Listener};

    let rt = runtime();
    let server = server(&rt);
    let chapter = server.catalogue().chapter_with_pages();
    let pages = chapter.pages as usize;
    let id = chapter.id.to_string();
    let out = temp_dir("interrupted");
    // The first page is served, every later one held back for an hour: the Ctrl-C lands in
    // the middle of the download however slow the machine, not within a window of real time.
    // (The program drops its requests on Ctrl-C; the held ones end with the server.)
    server.set_faults(
        FaultPlan::new().rule(
            FaultRule::new(FaultKind::Delay(Duration::from_secs(3600)))
                .on(Listener::Image)
                .prefix("/data/")
                .after(1),
        ),
    );

    let mut child = asyncdex()
        .args(urls(&server))
        .args(["download", &id, "--out", out.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut progress = BufReader::new(child.stderr.take().unwrap());
    let progress = guarded(pid, "still silent about its first page", move || {
        let mut line = String::new();
        while !line.contains("page ") {
            line.clear();
            assert!(
                progress.read_line(&mut line).unwrap() > 0,
                "no page was done"
            );
        }
        progress
    });
    let interrupted = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
    assert!(interrupted.success());
    let (rest, status) = guarded(pid, "still running after Ctrl-C", move || {
        let mut progress = progress;
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut progress, &mut rest).unwrap();
        (rest, child.wait().unwrap())
    });
    assert_eq!(status.code(), Some(130), "{rest}");
    let errors: Vec<&str> = rest.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "{rest}");
    assert!(
        errors[0].contains("run the same command again to resume"),
        "{rest}"
    );
    assert!(!rest.contains("panicked"), "{rest}");
    let on_disk = page_files(&out.join(&id))
        .iter()
        .filter(|f| !f.ends_with(".part"))
        .count();
    assert!(
        on_disk >= 1 && on_disk < pages,
        "{on_disk} of {pages} pages"
    );

    server.set_faults(FaultPlan::new());
    let mut command = asyncdex();
    command
        .args(urls(&server))
        .args(["--json", "download", &id, "--out", out.to_str().unwrap()]);
    let rows = json_lines(&run_with(&mut command));
    assert_eq!(rows[0]["skipped"], on_disk);
    assert_eq!(rows[0]["fetched"], pages - on_disk);
    assert_eq!(page_files(&out.join(&id)).len(), pages);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn verbose_flags_and_rust_log_show_the_stacks_work_and_never_a_secret() {
    let quiet = run(&["--mock", "whoami"]);
    ok(&quiet);
    let calm = String::from_utf8_lossy(&quiet.stderr).into_owned();
    assert!(!calm.contains("token call"), "no logs by default: {calm}");

    let loud = run(&["--mock", "-vv", "whoami"]);
    ok(&loud);
    let logs = String::from_utf8_lossy(&loud.stderr).into_owned();
    assert!(
        logs.contains("asyncdex_tower::auth") && logs.contains("token call"),
        "{logs}"
    );
    assert!(!logs.contains(asyncdex_mock::DEFAULT_PASSWORD), "{logs}");
    assert!(!logs.contains("Bearer"), "{logs}");

    let chosen = run_with(
        asyncdex()
            .args(["--mock", "whoami"])
            .env("RUST_LOG", "asyncdex_tower::auth=debug"),
    );
    ok(&chosen);
    assert!(String::from_utf8_lossy(&chosen.stderr).contains("token call"));

    let bad = run_with(
        asyncdex()
            .args(["--mock", "whoami"])
            .env("RUST_LOG", "a=loud"),
    );
    assert_eq!(bad.status.code(), Some(2));
    let message = String::from_utf8_lossy(&bad.stderr);
    assert!(message.contains("RUST_LOG is not a filter"), "{message}");
}
