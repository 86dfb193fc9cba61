//! [`Kind`]: what went wrong, with the data only that kind has. Private, so kinds and their
//! data can grow without breaking users; they ask [`Error`](super::Error)'s predicates.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use asyncdex_tower::auth::{TokenCall, TokenCallFailed};
use http::StatusCode;

use super::api::{ApiError, describe};
use super::ratelimit::RatelimitDetails;

#[derive(Debug)]
#[cfg_attr(
    not(feature = "download"),
    allow(dead_code, reason = "the file kinds come from downloads")
)]
pub(crate) enum Kind {
    /// A rate limit has no free slot: raised at once in `sleep_on_ratelimit(false)` mode, or
    /// when the server still answers 429 after every retry.
    Ratelimit(RatelimitDetails),
    /// The API answered with an error status.
    Http {
        status: StatusCode,
        errors: Vec<ApiError>,
        /// Set for the API edge's HTML "slow down" page: how long the client holds back.
        slow_down: Option<Duration>,
    },
    /// No authentication, a 401 even with a fresh token, or refused credentials (then the
    /// source is the refused [`TokenCallFailed`]).
    Unauthorized { errors: Vec<ApiError> },
    /// The API wants a captcha solved.
    Captcha { site_key: String },
    /// A token call failed for a passing reason; the source is the [`TokenCallFailed`].
    Auth,
    /// The request could not be sent or its answer not received; the source says why.
    Transport,
    /// The request (or one attempt of it) took longer than the configured timeout.
    Timeout,
    /// The body is not what was expected; the source is the decoder's error.
    Decode { excerpt: String },
    /// The body is larger than the cap.
    BodyTooLarge { limit: usize },
    /// A file could not be read or written; the source is the `io::Error`. `action` and
    /// `file` are unknown for an error made with `From<io::Error>`.
    Io {
        action: Option<&'static str>,
        file: Option<PathBuf>,
    },
    /// The call was refused before anything was sent.
    InvalidInput(String),
    /// A library's store could not be used; the source is the `StoreError`.
    Library,
    /// A chapter download did not finish within its deadline.
    DeadlineExceeded { deadline: Duration },
    /// Another download of the same chapter into the same directory is running.
    Locked { file: PathBuf },
    /// A blocking task (file work of downloads and series jobs) panicked or was cancelled;
    /// the source is the `JoinError`.
    BlockingTask,
}

/// What is known to write a kind's message besides the kind itself.
pub(super) struct Context<'a> {
    pub(super) path: Option<&'a str>,
    pub(super) source: Option<&'a (dyn std::error::Error + Send + Sync + 'static)>,
}

impl Context<'_> {
    /// `" for /path"`, or nothing without a path.
    fn for_path(&self) -> String {
        self.path
            .map_or_else(String::new, |path| format!(" for {path}"))
    }

    fn source(&self) -> String {
        self.source.map_or_else(String::new, ToString::to_string)
    }

    fn token_call(&self) -> Option<&TokenCallFailed> {
        self.source?.downcast_ref::<TokenCallFailed>()
    }
}

impl Kind {
    /// The error's message.
    pub(super) fn write(&self, context: &Context<'_>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = context.for_path();
        match self {
            Self::Ratelimit(limit) => write!(
                f,
                "rate limit reached{at}{}; decided by {}; a slot frees in {:.1}s (at {})",
                limit.describe_limit(),
                if limit.by_server() {
                    "the server"
                } else {
                    "this client's limiter"
                },
                limit.retry_after().as_secs_f64(),
                limit.retry_at()
            ),
            Self::Http { status, errors, .. } => write!(f, "{status}{at}{}", describe(errors)),
            Self::Unauthorized { errors } => write!(
                f,
                "unauthorized{at}{}{}",
                describe(errors),
                refusal_hint(context.token_call())
            ),
            Self::Captcha { site_key } => {
                write!(f, "the API requires a captcha{at} (site key {site_key})")
            }
            Self::Auth | Self::Library => f.write_str(&context.source()),
            Self::Transport => write!(f, "transport error{at}: {}", context.source()),
            Self::Timeout => write!(f, "the request{at} timed out"),
            Self::Decode { excerpt } => write!(
                f,
                "could not decode the answer{at}: {}; body starts with {excerpt:?}",
                context.source()
            ),
            Self::BodyTooLarge { limit } => {
                write!(f, "the answer{at} is larger than the {limit}-byte cap")
            }
            Self::Io { action, file } => write_io(f, *action, file.as_ref(), &context.source()),
            Self::InvalidInput(message) => write!(f, "invalid input: {message}"),
            Self::DeadlineExceeded { deadline } => write!(
                f,
                "the download did not finish within its deadline of {} s; the pages on disk \
                 are kept",
                deadline.as_secs()
            ),
            Self::Locked { file } => write!(
                f,
                "another download of this chapter is running (it holds {}); let it finish, or \
                 download elsewhere",
                file.display()
            ),
            Self::BlockingTask => write!(
                f,
                "a blocking file task did not finish (it panicked or the runtime shut down): {}",
                context.source()
            ),
        }
    }
}

fn write_io(
    f: &mut fmt::Formatter<'_>,
    action: Option<&str>,
    file: Option<&PathBuf>,
    source: &str,
) -> fmt::Result {
    match (action, file) {
        (Some(action), Some(file)) => write!(f, "could not {action} {file:?}: {source}"),
        (None, Some(file)) => write!(f, "I/O error on {file:?}: {source}"),
        (Some(action), None) => write!(f, "could not {action}: {source}"),
        (None, None) => write!(f, "I/O error: {source}"),
    }
}

/// What a refusal of the credentials asks of the user.
fn refusal_hint(refusal: Option<&TokenCallFailed>) -> String {
    match refusal {
        Some(failed) => format!(
            "; the server refused the {} ({}): log in with other credentials, or log out",
            match failed.call() {
                TokenCall::Refresh => "refresh token",
                _ => "credentials",
            },
            failed.call()
        ),
        None => String::new(),
    }
}
