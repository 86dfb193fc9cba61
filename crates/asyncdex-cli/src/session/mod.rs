//! The client every command uses, configured from the environment and the global flags, and
//! the embedded fake server behind `--mock`.
//!
//! [`Session`] is here; opening one, aiming the client, the kept refresh token and the
//! environment's variables have their own modules.

mod endpoints;
mod env;
mod kept_token;
mod open;

use asyncdex::MangadexClient;
use asyncdex_mock::MockServer;

#[cfg(doc)]
use self::kept_token::keep_token;
use crate::error::CliError;
use crate::token_store::KeptToken;

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
    /// Turns an error of the client into the user's one line.
    pub(crate) fn fail(&self, error: &asyncdex::Error) -> CliError {
        CliError::api(error, &self.api_url, self.no_wait, None)
    }

    /// As [`fail`](Self::fail), with the message for a 404.
    pub(crate) fn fail_not_found(&self, error: &asyncdex::Error, message: String) -> CliError {
        CliError::api(error, &self.api_url, self.no_wait, Some(message))
    }
}
