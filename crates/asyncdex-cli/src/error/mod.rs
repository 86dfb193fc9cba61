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

mod cause;
mod describe;

use std::fmt;
use std::io;

use asyncdex::Error;

pub(crate) use self::cause::{network_cause, strip_os_error};
use self::describe::describe;

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

/// Newlines would make two lines of one error.
fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use std::error::Error as StdError;

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
