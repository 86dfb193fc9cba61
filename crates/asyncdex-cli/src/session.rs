//! The client every command uses, configured from the environment and the global flags, and
//! the embedded fake server behind `--mock`.

use asyncdex::MangadexClient;
use asyncdex_mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer};

use crate::cli::Global;
use crate::error::{CliError, EXIT_API};
use crate::output;

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
        let mut builder = MangadexClient::builder()
            .anonymous(anonymous)
            .read_env()
            .map_err(|error| CliError::usage(format!("in the environment: {}", strip(&error))))?
            .sleep_on_ratelimit(!global.no_wait)
            .anonymous(anonymous);
        if let Some(url) = &global.report_url {
            asyncdex::download::check_report_url(url)
                .map_err(|error| CliError::usage(format!("--report-url: {}", strip(&error))))?;
        }
        let mut report_url = global.report_url.clone();
        let mut uploads_url = None;
        let mock = if global.mock {
            let server = MockServer::builder().try_start().await.map_err(|error| {
                CliError::new(
                    EXIT_API,
                    format!("could not start the fake server: {error}"),
                )
            })?;
            // The flags conflict with --mock (clap refuses them); the environment is only
            // overridden, so say so rather than seem to use it.
            for name in ["ASYNCDEX_API_URL", "ASYNCDEX_AUTH_URL"] {
                if is_set(name) && !global.quiet {
                    output::note(&format!("note: {name} is ignored with --mock"));
                }
            }
            builder = builder.api_url(server.url()).auth_url(server.auth_url());
            report_url = Some(server.report_url());
            uploads_url = Some(format!("{}/covers", server.uploads_url()));
            if account == Account::LogsIn && !has_credentials {
                builder = builder.credentials(DEFAULT_USERNAME, DEFAULT_PASSWORD);
            }
            Some(server)
        } else {
            if let Some(url) = &global.api_url {
                builder = builder.api_url(url);
            }
            if let Some(url) = &global.auth_url {
                builder = builder.auth_url(url);
            }
            None
        };
        let client = crate::shared_limit::apply(builder, global)?
            .build()
            .map_err(|error| CliError::usage(strip(&error)))?;
        Ok(Self {
            api_url: client.api_base().to_owned(),
            client,
            json: global.json,
            report_url,
            uploads_url,
            quiet: global.quiet,
            no_wait: global.no_wait,
            has_credentials,
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
