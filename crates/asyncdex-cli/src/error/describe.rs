//! The one line, and the exit code, for each kind of error of the client.

use std::error::Error as StdError;
use std::time::Duration;

use asyncdex::Error;
use asyncdex::TokenCallFailed;
use time::OffsetDateTime;

use super::{CliError, EXIT_API, EXIT_RATELIMITED, EXIT_UNAUTHORIZED, EXIT_USAGE, network_cause};

const CREDENTIALS_HINT: &str = "set ASYNCDEX_USERNAME and ASYNCDEX_PASSWORD (with \
ASYNCDEX_CLIENT_ID and ASYNCDEX_CLIENT_SECRET for an OAuth personal client), or try --mock";

/// The message and code for an error of the client.
pub(super) fn describe(error: &Error, api_url: &str, no_wait: bool) -> CliError {
    let path = error.path().unwrap_or("the request");
    if let Some(limit) = error.ratelimit() {
        return ratelimited(path, limit.amount(), limit.retry_at(), no_wait);
    }
    if error.is_banned() {
        let wait = error.slow_down().unwrap_or_default();
        return CliError::new(
            EXIT_RATELIMITED,
            format!(
                "{api_url} temporarily banned this machine for sending too fast: wait {} \
                 before the next command",
                minutes(wait)
            ),
        );
    }
    if let Some(failed) = error.token_call() {
        // A refused login (unauthorized) or a token call that failed for a passing reason.
        return login_failed(failed);
    }
    if error.is_unauthorized() {
        let why = first_error(error)
            .map(|text| format!(" ({text})"))
            .unwrap_or_default();
        return CliError::new(
            EXIT_UNAUTHORIZED,
            format!("unauthorized: {path} needs a login{why}; {CREDENTIALS_HINT}"),
        );
    }
    if error.is_transport() {
        return CliError::new(
            EXIT_API,
            format!(
                "could not connect to {api_url}: {}; check the network and --api-url, \
                 or try --mock to work offline",
                network_cause(error)
            ),
        );
    }
    if error.is_timeout() && error.deadline().is_none() {
        return CliError::new(
            EXIT_API,
            format!("{api_url} did not answer in time; check the network, or try again later"),
        );
    }
    if error.is_captcha() {
        return CliError::new(
            EXIT_API,
            "MangaDex wants a captcha solved before this request; log in on mangadex.org and \
             try again",
        );
    }
    if let (true, Some(status)) = (error.is_http(), error.status()) {
        let detail = first_error(error)
            .map(|text| format!(": {text}"))
            .unwrap_or_default();
        let code = if status.as_u16() == 400 {
            EXIT_USAGE
        } else {
            EXIT_API
        };
        return CliError::new(
            code,
            format!("the API answered {status} for {path}{detail}"),
        );
    }
    if error.is_decode() {
        let cause = StdError::source(error)
            .map(ToString::to_string)
            .unwrap_or_default();
        return CliError::new(
            EXIT_API,
            format!("unexpected answer from the API for {path}: {cause}"),
        );
    }
    if error.is_invalid_input() {
        return CliError::usage(error.to_string());
    }
    CliError::new(EXIT_API, error.to_string())
}

/// The API's first error object, in a message: its detail, else its title.
fn first_error(error: &Error) -> Option<String> {
    let first = error.api_errors().first()?;
    Some(server_text(first.detail.as_deref().unwrap_or(&first.title)))
}

/// A rate limit with no free slot. Exit code 4 and the `--no-wait` hint belong to the runs
/// that asked not to wait; otherwise the API asked for a longer wait than the command does.
fn ratelimited(
    path: &str,
    amount: Option<u32>,
    expires: OffsetDateTime,
    no_wait: bool,
) -> CliError {
    let wait = (expires - OffsetDateTime::now_utc())
        .try_into()
        .unwrap_or(Duration::ZERO);
    let limit = amount.map_or_else(String::new, |amount| format!(" (limit {amount} requests)"));
    if no_wait {
        return CliError::new(
            EXIT_RATELIMITED,
            format!(
                "rate-limited on {path}{limit}: a slot frees up in about {}; run again then, \
                 or without --no-wait to wait for it",
                seconds(wait)
            ),
        );
    }
    CliError::new(
        EXIT_API,
        format!(
            "rate-limited on {path}{limit}: the API asks to wait about {}, longer than a \
             command waits; run it again then",
            seconds(wait)
        ),
    )
}

/// A failed token call: refused credentials (or OAuth client) are exit code 3.
fn login_failed(failed: &TokenCallFailed) -> CliError {
    if failed.is_rejected() {
        return CliError::new(
            EXIT_UNAUTHORIZED,
            format!("login refused: {failed}; check the credentials in the environment"),
        );
    }
    // OAuth's answer to a wrong client id or secret (RFC 6749, section 5.2).
    if matches!(failed.reason(), "invalid_client" | "unauthorized_client") {
        return CliError::new(
            EXIT_UNAUTHORIZED,
            format!("login refused: {failed}; check ASYNCDEX_CLIENT_ID and ASYNCDEX_CLIENT_SECRET"),
        );
    }
    let cause = StdError::source(failed)
        .map(|source| format!(": {}", network_cause(source)))
        .unwrap_or_default();
    CliError::new(EXIT_API, format!("login failed: {failed}{cause}"))
}

/// A piece of server text in a message: made safe for a terminal and cut short.
fn server_text(text: &str) -> String {
    crate::output::excerpt(text, crate::output::ECHO_MAX)
}

/// `42 s`, or `3 min` past 90 seconds.
fn seconds(wait: Duration) -> String {
    let secs = wait.as_secs().max(1);
    if secs < 90 {
        format!("{secs} s")
    } else {
        minutes(wait)
    }
}

/// `1 minute`, `5 minutes` (rounded up, at least one).
fn minutes(wait: Duration) -> String {
    match wait.as_secs().div_ceil(60).max(1) {
        1 => "1 minute".to_owned(),
        n => format!("{n} minutes"),
    }
}
