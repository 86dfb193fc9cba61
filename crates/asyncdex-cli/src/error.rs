//! What the program says when something goes wrong: one line, and an exit code.
//!
//! | code | meaning |
//! |---|---|
//! | 1 | the API or the network failed (404 included) |
//! | 2 | bad usage or input (an id that is not one, a bad URL or option) |
//! | 3 | unauthorized: no credentials, or refused ones |
//! | 4 | rate-limited, with `--no-wait`; or temporarily banned for sending too fast |
//!
//! Every message is made safe for a terminal and cut short: server text in it is never
//! trusted. With `--json` the line is a JSON object (see `main`).

use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::time::Duration;

use asyncdex::Error;
use asyncdex::TokenCallFailed;
use time::OffsetDateTime;

/// The longest error line, in characters: every piece of echoed input or server text in it
/// is cut shorter already; this bounds the whole.
const MESSAGE_MAX: usize = 1000;

/// API or network failure.
pub(crate) const EXIT_API: u8 = 1;
/// Bad usage or input.
pub(crate) const EXIT_USAGE: u8 = 2;
/// No credentials, or refused ones.
pub(crate) const EXIT_UNAUTHORIZED: u8 = 3;
/// Rate-limited with `--no-wait`, or banned for sending too fast.
pub(crate) const EXIT_RATELIMITED: u8 = 4;

const CREDENTIALS_HINT: &str = "set ASYNCDEX_USERNAME and ASYNCDEX_PASSWORD (with \
ASYNCDEX_CLIENT_ID and ASYNCDEX_CLIENT_SECRET for an OAuth personal client), or try --mock";

/// An error on its way to the user: the one line to print (without `error: `) and the exit
/// code. An empty message prints nothing (a closed stdout pipe).
#[derive(Debug)]
pub(crate) struct CliError {
    pub(crate) code: u8,
    pub(crate) message: String,
}

impl CliError {
    pub(crate) fn new(code: u8, message: impl Into<String>) -> Self {
        Self {
            code,
            message: crate::output::excerpt(&one_line(&message.into()), MESSAGE_MAX),
        }
    }

    /// Bad usage or input (exit code 2).
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::new(EXIT_USAGE, message)
    }

    /// Stdout was closed under us (`asyncdex search x | head -1`): stop quietly.
    pub(crate) fn broken_pipe() -> Self {
        Self {
            code: 0,
            message: String::new(),
        }
    }

    /// An error writing the output.
    pub(crate) fn io(error: &io::Error, what: &str) -> Self {
        if error.kind() == io::ErrorKind::BrokenPipe {
            Self::broken_pipe()
        } else {
            Self::new(EXIT_API, format!("could not write {what}: {error}"))
        }
    }

    /// A failed API call, with `not_found` as the message for a 404 (`no manga with id ...`).
    /// `no_wait`: the command was told not to wait for rate limits (`--no-wait`).
    pub(crate) fn api(
        error: &Error,
        api_url: &str,
        no_wait: bool,
        not_found: Option<String>,
    ) -> Self {
        if error.is_not_found()
            && let Some(message) = not_found
        {
            return Self::new(EXIT_API, message);
        }
        describe(error, api_url, no_wait)
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The message and code for an error of the client.
fn describe(error: &Error, api_url: &str, no_wait: bool) -> CliError {
    match error {
        Error::Ratelimit {
            path,
            ratelimit_amount,
            ratelimit_expires,
            ..
        } => ratelimited(path, *ratelimit_amount, *ratelimit_expires, no_wait),
        Error::Http { .. } if error.is_banned() => {
            let wait = error.slow_down().unwrap_or_default();
            CliError::new(
                EXIT_RATELIMITED,
                format!(
                    "{api_url} temporarily banned this machine for sending too fast: wait {} \
                     before the next command",
                    minutes(wait)
                ),
            )
        }
        Error::Unauthorized { path, errors, .. } => {
            let why = errors
                .first()
                .map(|e| {
                    format!(
                        " ({})",
                        server_text(e.detail.as_deref().unwrap_or(&e.title))
                    )
                })
                .unwrap_or_default();
            CliError::new(
                EXIT_UNAUTHORIZED,
                format!("unauthorized: {path} needs a login{why}; {CREDENTIALS_HINT}"),
            )
        }
        Error::Auth(failed) => login_failed(failed),
        Error::Transport(source) => CliError::new(
            EXIT_API,
            format!(
                "could not connect to {api_url}: {}; check the network and --api-url, \
                 or try --mock to work offline",
                network_cause(source.as_ref())
            ),
        ),
        Error::Timeout => CliError::new(
            EXIT_API,
            format!("{api_url} did not answer in time; check the network, or try again later"),
        ),
        Error::Captcha { .. } => CliError::new(
            EXIT_API,
            "MangaDex wants a captcha solved before this request; log in on mangadex.org and \
             try again",
        ),
        Error::Http {
            path,
            status,
            errors,
            ..
        } => {
            let detail = errors
                .first()
                .map(|e| format!(": {}", server_text(e.detail.as_deref().unwrap_or(&e.title))))
                .unwrap_or_default();
            let code = if status.as_u16() == 400 {
                EXIT_USAGE
            } else {
                EXIT_API
            };
            CliError::new(
                code,
                format!("the API answered {status} for {path}{detail}"),
            )
        }
        Error::Decode { path, source, .. } => CliError::new(
            EXIT_API,
            format!("unexpected answer from the API for {path}: {source}"),
        ),
        Error::InvalidInput(message) => CliError::usage(message.clone()),
        other => CliError::new(EXIT_API, other.to_string()),
    }
}

/// A rate limit with no free slot. Exit code 4 and the `--no-wait` hint belong to the runs
/// that asked not to wait; otherwise the API asked for a longer wait than the command does.
fn ratelimited(path: &str, amount: u32, expires: OffsetDateTime, no_wait: bool) -> CliError {
    let wait = (expires - OffsetDateTime::now_utc())
        .try_into()
        .unwrap_or(Duration::ZERO);
    let limit = if amount > 0 {
        format!(" (limit {amount} requests)")
    } else {
        String::new()
    };
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

/// The most telling part of a network error: "connection refused" rather than hyper's
/// "client error (Connect)".
pub(crate) fn network_cause(error: &(dyn StdError + 'static)) -> String {
    let mut current: Option<&(dyn StdError + 'static)> = Some(error);
    let mut innermost = error.to_string();
    while let Some(err) = current {
        if let Some(io) = err.downcast_ref::<io::Error>() {
            return match io.kind() {
                io::ErrorKind::ConnectionRefused => "connection refused".to_owned(),
                io::ErrorKind::ConnectionReset => "connection reset".to_owned(),
                io::ErrorKind::TimedOut => "connection timed out".to_owned(),
                _ => strip_os_error(&io.to_string()),
            };
        }
        innermost = err.to_string();
        current = err.source();
    }
    strip_os_error(&innermost)
}

/// `Connection refused (os error 111)` -> `Connection refused`.
pub(crate) fn strip_os_error(message: &str) -> String {
    match message.find(" (os error") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// Newlines would make two lines of one error.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line() {
        let error = CliError::usage("a\nb   c\r\n");
        assert_eq!(error.message, "a b c");
        assert_eq!(error.code, EXIT_USAGE);
    }

    #[test]
    fn io_causes_are_found_in_the_chain() {
        #[derive(Debug)]
        struct Outer(io::Error);
        impl fmt::Display for Outer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("client error (Connect)")
            }
        }
        impl StdError for Outer {
            fn source(&self) -> Option<&(dyn StdError + 'static)> {
                Some(&self.0)
            }
        }
        let refused = Outer(io::Error::from(io::ErrorKind::ConnectionRefused));
        assert_eq!(network_cause(&refused), "connection refused");
        assert_eq!(
            strip_os_error("Connection refused (os error 111)"),
            "Connection refused"
        );
    }
}
