//! The refresh token kept between runs: the real `asyncdex` binary against a `MockServer` over
//! loopback, with the file store in a directory of each test's own (`ASYNCDEX_TOKEN_STORE=file`,
//! `ASYNCDEX_DATA_DIR`) and an empty environment, so the machine's keyring and home are never
//! touched.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use asyncdex::MangadexClient;
use asyncdex_mock::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Listener, MockServer};
use serde_json::Value;

const USER: &str = "reader";
const PASSWORD: &str = "reader-password";
const TOKEN_FILE: &str = "refresh-tokens.json";

/// One account on one server, and the directory its token file goes to.
struct Account {
    rt: tokio::runtime::Runtime,
    server: MockServer,
    dir: PathBuf,
    /// The OAuth personal client (the realm, RFC 7009 revocation), else the legacy login.
    oauth: bool,
}

impl Account {
    fn new(name: &str, oauth: bool) -> Self {
        // A runtime that keeps serving the server while the test waits on the binary.
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        // No per-IP limit: each run is a new process that knows nothing of the last one's
        // sends (issue 13), and these runs follow each other within a second; limits are not
        // what these tests are about.
        let server = rt.block_on(
            MockServer::builder()
                .user(USER, PASSWORD)
                .no_global_limit()
                .start(),
        );
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("asyncdex-kept-token-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        Self {
            rt,
            server,
            dir,
            oauth,
        }
    }

    /// The binary, configured for this account, its server and the file store.
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_asyncdex"));
        // Nothing of the machine running the tests: its credentials, proxies, log filter,
        // and its home (so no keyring or data directory of a developer's is ever found).
        command
            .env_clear()
            .args(["--api-url", self.server.url(), "--auth-url"])
            .arg(self.server.auth_url())
            .args(["--report-url", &self.server.report_url()])
            .args(args)
            .env("ASYNCDEX_USERNAME", USER)
            .env("ASYNCDEX_PASSWORD", PASSWORD)
            .env("ASYNCDEX_TOKEN_STORE", "file")
            .env("ASYNCDEX_DATA_DIR", &self.dir)
            .env("RUST_BACKTRACE", "1")
            .stdin(Stdio::null());
        if self.oauth {
            command
                .env("ASYNCDEX_CLIENT_ID", DEFAULT_CLIENT_ID)
                .env("ASYNCDEX_CLIENT_SECRET", DEFAULT_CLIENT_SECRET);
        }
        command
    }

    /// Runs the binary; it must succeed without a panic.
    fn run(&self, args: &[&str]) -> Output {
        let output = self
            .command(args)
            .output()
            .expect("the asyncdex binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        output
    }

    fn file(&self) -> PathBuf {
        self.dir.join(TOKEN_FILE)
    }

    /// The one token the file holds.
    fn kept(&self) -> String {
        let text = std::fs::read_to_string(self.file()).expect("the token file exists");
        let tokens: Value = serde_json::from_str(&text).expect("the token file is JSON");
        let servers = tokens.as_object().unwrap();
        assert_eq!(servers.len(), 1, "{servers:?}");
        let users = servers.values().next().unwrap().as_object().unwrap();
        assert_eq!(users.keys().collect::<Vec<_>>(), [USER]);
        users[USER].as_str().unwrap().to_owned()
    }

    /// Password logins the server was asked for since the log was last cleared, by the
    /// request log: the token endpoint's password grant, or the legacy `/auth/login`.
    fn login_calls(&self) -> usize {
        self.token_calls("grant_type=password", "/auth/login")
    }

    fn refresh_calls(&self) -> usize {
        self.token_calls("grant_type=refresh_token", "/auth/refresh")
    }

    fn token_calls(&self, grant: &str, legacy_path: &str) -> usize {
        self.server
            .requests()
            .iter()
            .filter(|request| match request.listener {
                Listener::Auth => String::from_utf8_lossy(&request.body).contains(grant),
                _ => request.path == legacy_path,
            })
            .count()
    }

    /// A client of the test's own holding `token`, for what the server thinks of it.
    fn client_with(&self, token: &str) -> MangadexClient {
        MangadexClient::builder()
            .api_url(self.server.url())
            .auth_url(self.server.auth_url())
            .oauth_client(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
            .refresh_token(token)
            .build()
            .unwrap()
    }
}

impl Drop for Account {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Neither stream of `output` holds `secret`.
fn assert_hidden(output: &Output, secret: &str) {
    assert!(!text(&output.stdout).contains(secret));
    assert!(!text(&output.stderr).contains(secret));
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn later_runs_refresh_from_the_kept_token_and_never_log_in() {
    let account = Account::new("later-runs", true);
    let first = account.run(&["--json", "whoami"]);
    assert_eq!(account.login_calls(), 1);
    let kept = account.kept();
    let text_kept = std::fs::read_to_string(account.file()).unwrap();
    assert!(!text_kept.contains(PASSWORD), "never the password");
    #[cfg(unix)]
    {
        assert_eq!(mode(&account.file()), 0o600);
        assert_eq!(mode(&account.dir), 0o700);
    }
    let names: Vec<_> = std::fs::read_dir(&account.dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(names, [TOKEN_FILE], "nothing else is written");
    assert_hidden(&first, &kept);

    // The next runs start from the kept token: no login, and each rotated token is kept (the
    // mock refuses a spent one, so a lost rotation would show as a login in the third run).
    account.server.clear_requests();
    let second = account.run(&["--json", "whoami"]);
    assert_eq!(account.login_calls(), 0);
    assert_eq!(account.refresh_calls(), 1);
    let rotated = account.kept();
    assert_ne!(rotated, kept);
    assert_hidden(&second, &rotated);

    let third = account.run(&["--json", "login"]);
    assert_eq!(account.login_calls(), 0);
    let row: Value = serde_json::from_slice(&third.stdout).unwrap();
    assert_eq!(row["username"], USER);
    assert_eq!(row["kept_in"], account.file().display().to_string());
    assert_hidden(&third, &account.kept());
}

#[test]
fn a_revoked_kept_token_costs_exactly_one_login_and_is_replaced() {
    let account = Account::new("revoked", true);
    account.run(&["whoami"]);
    let revoked = account.kept();
    account
        .rt
        .block_on(account.client_with(&revoked).logout())
        .unwrap();
    assert_eq!(account.server.counters().revocations, 1);

    account.server.clear_requests();
    let output = account.run(&["whoami"]);
    assert!(text(&output.stdout).contains(USER));
    assert_eq!(account.refresh_calls(), 1, "the kept token is tried once");
    assert_eq!(account.login_calls(), 1);
    let replaced = account.kept();
    assert_ne!(replaced, revoked);

    account.server.clear_requests();
    account.run(&["whoami"]);
    assert_eq!(account.login_calls(), 0, "the replacement works");
}

#[test]
fn logout_revokes_the_kept_token_and_deletes_the_file() {
    let account = Account::new("logout", true);
    account.run(&["whoami"]);
    let kept = account.kept();

    let output = account.run(&["logout"]);
    let out = text(&output.stdout);
    assert!(out.contains("logged out reader"), "{out}");
    assert!(out.contains("revoked and deleted"), "{out}");
    assert_eq!(account.server.counters().revocations, 1);
    assert!(!account.file().exists());
    let refused = account
        .rt
        .block_on(account.client_with(&kept).get_session_token());
    assert!(refused.is_err(), "the realm refuses the revoked token");

    // Nothing kept: said, exit 0, and no call to the server.
    account.server.clear_requests();
    let output = account.run(&["--json", "logout"]);
    let row: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(row["logged_out"], false);
    let output = account.run(&["logout"]);
    assert!(
        text(&output.stdout).contains("no refresh token is kept for reader"),
        "{}",
        text(&output.stdout)
    );
    assert!(account.server.requests().is_empty());
}

#[test]
fn the_legacy_login_keeps_its_token_and_logout_ends_it() {
    let account = Account::new("legacy", false);
    account.run(&["whoami"]);
    assert_eq!(account.login_calls(), 1);
    let kept = account.kept();

    account.server.clear_requests();
    account.run(&["whoami"]);
    assert_eq!(account.login_calls(), 0);
    assert_ne!(account.kept(), kept, "the rotated token is kept");

    account.run(&["logout"]);
    assert!(
        account
            .server
            .requests()
            .iter()
            .any(|request| request.path == "/auth/logout")
    );
    assert!(!account.file().exists());
}

#[test]
fn a_corrupt_token_file_is_a_warning_and_a_fresh_login() {
    let account = Account::new("corrupt", true);
    std::fs::create_dir_all(&account.dir).unwrap();
    // JSON of the wrong shape: a careless message would quote the text.
    std::fs::write(account.file(), r#"{"http://x": "eyJ-not-to-be-echoed"}"#).unwrap();
    let output = account.run(&["--json", "whoami"]);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("warning: the token file"), "{stderr}");
    assert!(!stderr.contains("eyJ"), "{stderr}");
    assert_eq!(account.login_calls(), 1);
    account.kept();

    std::fs::write(account.file(), "\u{0}garbage").unwrap();
    let output = account.command(&["logout"]).output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(!account.file().exists(), "logout deletes the garbage");
}

#[test]
fn a_test_server_keeps_nothing_unless_a_store_is_named() {
    let account = Account::new("auto", true);
    let output = account
        .command(&["whoami"])
        .env_remove("ASYNCDEX_TOKEN_STORE")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        !account.dir.exists(),
        "nothing written for a loopback server"
    );

    let output = account
        .command(&["whoami"])
        .env("ASYNCDEX_TOKEN_STORE", "vault")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("ASYNCDEX_TOKEN_STORE must be auto, keyring, file or none")
    );
}
