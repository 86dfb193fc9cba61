//! Where the client is aimed: the embedded fake server, or the URL flags.

use asyncdex::ClientBuilder;
use asyncdex_mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer};

use super::env::is_set;
use crate::cli::Global;
use crate::error::{CliError, EXIT_API};
use crate::output;

/// `--mock`: starts the embedded fake server and points the builder at it; `mock_account`:
/// logs in to its default account.
pub(super) async fn with_mock(
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
pub(super) fn with_flags(mut builder: ClientBuilder, global: &Global) -> ClientBuilder {
    if let Some(url) = &global.api_url {
        builder = builder.api_url(url);
    }
    if let Some(url) = &global.auth_url {
        builder = builder.auth_url(url);
    }
    builder
}
