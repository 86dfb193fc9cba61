//! The client every command uses, configured from the environment and the global flags, and
//! the embedded fake server behind `--mock`.

use std::net::IpAddr;
use std::path::PathBuf;

use asyncdex::http::Uri;
use asyncdex::{ClientBuilder, MangadexClient};
use asyncdex_mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer};

use crate::cli::Global;
use crate::error::{CliError, EXIT_API};
use crate::output;
use crate::token_store::{self, KeptToken, StoreKind, TokenKey};

/// What a command works with.
#[derive(Debug)]
pub(crate) struct Session {
    pub(crate) client: MangadexClient,
    /// `--json`.
    pub(crate) json: bool,
    /// The API's base URL, for messages.
    pub(crate) api_url: String,
    /// `--report-url` (or the mock's).
    pub(crate) report_url: Option<String>,
    /// The mock's uploads host (covers); MangaDex's otherwise.
    pub(crate) uploads_url: Option<String>,
    /// `--quiet`.
    pub(crate) quiet: bool,
    /// `--no-wait`.
    pub(crate) no_wait: bool,
    /// Credentials are configured (the environment, or the mock's account).
    pub(crate) has_credentials: bool,
    /// The refresh token kept between runs for the configured account, when one is kept
    /// (see [`keep_token`]).
    pub(crate) kept_token: Option<KeptToken>,
    /// `--mock`: the server lives as long as the session.
    _mock: Option<MockServer>,
}

/// Whether the command logs in: with `--mock` and no credentials in the environment, it
/// uses the mock's default account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Account {
    Anonymous,
    LogsIn,
    /// Logs in when credentials are configured (sync: the followed feed then).
    IfConfigured,
}

impl Session {
    pub(crate) async fn open(global: &Global, account: Account) -> Result<Self, CliError> {
        let has_credentials = ["ASYNCDEX_USERNAME", "ASYNCDEX_REFRESH_TOKEN"]
            .iter()
            .any(|name| is_set(name));
        let anonymous =
            account == Account::Anonymous || (account == Account::IfConfigured && !has_credentials);
        // Reading the catalogue needs no token: no login (MangaDex allows few an hour) for a
        // search, even with credentials in the environment. Said before reading it too, so
        // that half-set credentials, unused, do not stop an anonymous command; and after, so
        // that ASYNCDEX_ANONYMOUS does not override the command.
        let builder = MangadexClient::builder()
            .anonymous(anonymous)
            .read_env()
            .map_err(|error| CliError::usage(format!("in the environment: {}", strip(&error))))?
            .sleep_on_ratelimit(!global.no_wait)
            .anonymous(anonymous);
        if let Some(url) = &global.report_url {
            asyncdex::download::check_report_url(url)
                .map_err(|error| CliError::usage(format!("--report-url: {}", strip(&error))))?;
        }
        let (builder, mock) = if global.mock {
            let mock_account = account == Account::LogsIn && !has_credentials;
            let (builder, server) = with_mock(builder, global.quiet, mock_account).await?;
            (builder, Some(server))
        } else {
            (with_flags(builder, global), None)
        };
        let client = crate::shared_limit::apply(builder, global)?
            .build()
            .map_err(|error| CliError::usage(strip(&error)))?;
        // The mock's tokens die with it: nothing to keep.
        let kept_token = if anonymous || global.mock {
            None
        } else {
            keep_token(global, &client)?
        };
        Ok(Self {
            api_url: client.api_base().to_owned(),
            client,
            json: global.json,
            report_url: mock
                .as_ref()
                .map(MockServer::report_url)
                .or_else(|| global.report_url.clone()),
            uploads_url: mock
                .as_ref()
                .map(|server| format!("{}/covers", server.uploads_url())),
            quiet: global.quiet,
            no_wait: global.no_wait,
            has_credentials,
            kept_token,
            _mock: mock,
        })
    }

    /// Turns an error of the client into the user's one line.
    pub(crate) fn fail(&self, error: &asyncdex::Error) -> CliError {
        CliError::api(error, &self.api_url, self.no_wait, None)
    }

    /// As [`fail`](Self::fail), with the message for a 404.
    pub(crate) fn fail_not_found(&self, error: &asyncdex::Error, message: String) -> CliError {
        CliError::api(error, &self.api_url, self.no_wait, Some(message))
    }
}

/// `--mock`: starts the embedded fake server and points the builder at it; `mock_account`:
/// logs in to its default account.
async fn with_mock(
    mut builder: ClientBuilder,
    quiet: bool,
    mock_account: bool,
) -> Result<(ClientBuilder, MockServer), CliError> {
    let server = MockServer::builder().try_start().await.map_err(|error| {
        CliError::new(
            EXIT_API,
            format!("could not start the fake server: {error}"),
        )
    })?;
    // The flags conflict with --mock (clap refuses them); the environment is only
    // overridden, so say so rather than seem to use it.
    for name in ["ASYNCDEX_API_URL", "ASYNCDEX_AUTH_URL"] {
        if is_set(name) && !quiet {
            output::note(&format!("note: {name} is ignored with --mock"));
        }
    }
    builder = builder.api_url(server.url()).auth_url(server.auth_url());
    if mock_account {
        builder = builder.credentials(DEFAULT_USERNAME, DEFAULT_PASSWORD);
    }
    Ok((builder, server))
}

/// `--api-url` and `--auth-url`, over the environment's.
fn with_flags(mut builder: ClientBuilder, global: &Global) -> ClientBuilder {
    if let Some(url) = &global.api_url {
        builder = builder.api_url(url);
    }
    if let Some(url) = &global.auth_url {
        builder = builder.auth_url(url);
    }
    builder
}

/// Attaches the refresh token kept for the account `client` logs in to (see
/// [`token_store`](crate::token_store)). `None` when nothing is kept: no username, a refresh
/// token given in `ASYNCDEX_REFRESH_TOKEN` (it rules, and is the caller's to keep), or
/// `ASYNCDEX_TOKEN_STORE=none` (or `auto` for a test server on loopback).
fn keep_token(global: &Global, client: &MangadexClient) -> Result<Option<KeptToken>, CliError> {
    let kind = StoreKind::parse(env_text(token_store::STORE_VAR)?.as_deref())?;
    let Some(username) = client.username() else {
        return Ok(None);
    };
    if client.refresh_token().is_some() {
        return Ok(None);
    }
    let server = token_server(global, client);
    let test_server = is_loopback(client.api_base_uri()) || is_loopback(&server);
    let dir = std::env::var_os(token_store::DIR_VAR).map(PathBuf::from);
    let Some(store) = token_store::open(kind, token_store::data_dir(dir), test_server) else {
        return Ok(None);
    };
    let key = TokenKey {
        server: origin(&server),
        username,
    };
    let kept = KeptToken::new(store, key, global.quiet);
    kept.attach(client);
    Ok(Some(kept))
}

/// Who issues the refresh token: the OAuth token endpoint with a personal client, else the
/// API (the legacy login).
fn token_server(global: &Global, client: &MangadexClient) -> Uri {
    if !is_set("ASYNCDEX_CLIENT_ID") {
        return client.api_base_uri().clone();
    }
    let url = global
        .auth_url
        .clone()
        .or_else(|| std::env::var("ASYNCDEX_AUTH_URL").ok())
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| asyncdex::DEFAULT_AUTH_URL.to_owned());
    // The client was built, so the URL parsed.
    url.trim_end_matches('/')
        .parse()
        .unwrap_or_else(|_| client.api_base_uri().clone())
}

/// `https://auth.mangadex.org`: the scheme and authority of `uri`.
fn origin(uri: &Uri) -> String {
    let scheme = uri.scheme_str().unwrap_or("https");
    let authority = uri.authority().map_or("", |a| a.as_str());
    format!("{scheme}://{authority}")
}

/// Whether `uri` names this machine: a test server, whose tokens are not worth keeping.
fn is_loopback(uri: &Uri) -> bool {
    let host = uri.host().unwrap_or("");
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// An environment variable's text (`None` when unset); one that is not UTF-8 is bad input.
fn env_text(name: &str) -> Result<Option<String>, CliError> {
    match std::env::var(name) {
        Ok(text) => Ok(Some(text)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(CliError::usage(format!(
            "{name} is not valid UTF-8: set it to UTF-8 text or unset it"
        ))),
    }
}

/// Whether an environment variable is set to something other than blanks (a blank one
/// counts as unset, as for the client).
fn is_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|value| !value.to_string_lossy().trim().is_empty())
}

/// `invalid input: the API URL ...` -> `the API URL ...`.
fn strip(error: &asyncdex::Error) -> String {
    let text = error.to_string();
    text.strip_prefix("invalid input: ")
        .map(str::to_owned)
        .unwrap_or(text)
}
