//! Opening a session: the client built from the environment and the global flags, with the
//! mock server or the kept token when there is one.

use asyncdex::MangadexClient;
use asyncdex_mock::MockServer;

use super::endpoints::{with_flags, with_mock};
use super::env::is_set;
use super::kept_token::keep_token;
use super::{Account, Session};
use crate::cli::Global;
use crate::error::CliError;

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
}

/// `invalid input: the API URL ...` -> `the API URL ...`.
fn strip(error: &asyncdex::Error) -> String {
    let text = error.to_string();
    text.strip_prefix("invalid input: ")
        .map(str::to_owned)
        .unwrap_or(text)
}
