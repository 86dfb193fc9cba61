//! [`Error`]: everything that can go wrong, typed.

use std::time::Duration;

use asyncdex_tower::auth::{MissingCredentials, TokenCall, TokenCallFailed, Unauthorized};
use asyncdex_tower::hint::RatelimitPaused;
use asyncdex_tower::ratelimit::error::Ratelimited;
use asyncdex_tower::ratelimit::{MAX_SERVER_WAIT, RatelimitHeaders};
use http::{Extensions, HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::time::Instant;
use tower::BoxError;

/// A `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One entry of the API's error body
/// `{"result":"error","errors":[{"id":..,"status":..,"title":..,"detail":..,"context":..}]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiError {
    /// The error's id (a UUID the API support can look up).
    #[serde(default)]
    pub id: String,
    /// The HTTP status the API gave this error.
    #[serde(default)]
    pub status: u16,
    /// A short title, e.g. `not_found_http_exception` or `Manga not found`.
    #[serde(default)]
    pub title: String,
    /// A longer explanation, when there is one.
    #[serde(default)]
    pub detail: Option<String>,
    /// Extra machine-readable context, when there is some.
    #[serde(default)]
    pub context: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    errors: Vec<ApiError>,
}

/// The errors of an API error body; empty when the body is not one (an HTML page, nothing).
/// `" (rule `name`, N requests per window)"`, with what is known of the limit.
fn describe_limit(rule: Option<&str>, amount: Option<u32>) -> String {
    match (rule, amount) {
        (Some(rule), Some(amount)) => format!(" (rule `{rule}`, {amount} requests per window)"),
        (Some(rule), None) => format!(" (rule `{rule}`)"),
        (None, Some(amount)) => format!(" ({amount} requests per window)"),
        (None, None) => String::new(),
    }
}

pub(crate) fn parse_api_errors(body: &[u8]) -> Vec<ApiError> {
    serde_json::from_slice::<ErrorBody>(body)
        .map(|body| body.errors)
        .unwrap_or_default()
}

/// Everything that can go wrong with a MangaDex call.
///
/// The exceptions of AsyncDex (the Python library) are variants (`Ratelimit`, `Http` for its
/// `HTTPException`, `Unauthorized`, `Captcha`), plus what a network client meets besides.
/// Match on the variant, or ask with the `is_*` helpers. No variant ever carries a password or
/// a token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A rate limit has no free slot: raised at once in `sleep_on_ratelimit(false)` mode, or
    /// when the server still answers 429 after every retry.
    #[error(
        "rate limit reached for {path}{}; decided by {}; a slot frees in {:.1}s (at {ratelimit_expires})",
        describe_limit(rule.as_deref(), *ratelimit_amount),
        if *by_server { "the server" } else { "this client's limiter" },
        retry_after.as_secs_f64()
    )]
    #[non_exhaustive]
    Ratelimit {
        /// The path of the request.
        path: String,
        /// The name of the client's rule that bound (`global` for the host-wide limit);
        /// `None` for a server's 429, which names no rule.
        rule: Option<String>,
        /// How many requests the limit allows per window, when known (the rule's, or the
        /// server's `X-RateLimit-Limit`).
        ratelimit_amount: Option<u32>,
        /// How long until the limit frees a slot, from when the error was made.
        retry_after: Duration,
        /// When (UTC) the limit frees a slot.
        ratelimit_expires: OffsetDateTime,
        /// Whether the server decided (its 429, or the pause and count it announced), rather
        /// than this client's own record of its sends.
        by_server: bool,
    },

    /// The API answered with an error status.
    #[error("{status} for {path}{}", describe(errors))]
    #[non_exhaustive]
    Http {
        /// The path of the request.
        path: String,
        /// The status of the answer.
        status: StatusCode,
        /// The API's error objects from the body (empty when the body had none).
        errors: Vec<ApiError>,
        /// Set when the answer was the API edge's HTML "slow down" page (a 400, or a 403
        /// temporary ban for sending too fast): how long the client holds back every request
        /// to the API host because of it. See [`Error::is_banned`].
        slow_down: Option<Duration>,
    },

    /// The request needs authentication and the client has none, the server refused the one
    /// it has (after one refresh and replay), or the server refused the client's credentials.
    ///
    /// After a refusal of the credentials every request of the client (public ones too: it
    /// was set up to be logged in) fails this way, without a token call, until
    /// [`login`](crate::MangadexClient::login) succeeds or
    /// [`logout`](crate::MangadexClient::logout) makes the client anonymous.
    #[error("unauthorized for {path}{}{}", describe(errors), refusal_hint(refusal.as_deref()))]
    #[non_exhaustive]
    Unauthorized {
        /// The path of the request.
        path: String,
        /// The API's error objects, when the server sent some; for refused credentials, the
        /// token call's title and detail.
        errors: Vec<ApiError>,
        /// The token call that refused the credentials (or the refresh token), when that is
        /// why.
        #[source]
        refusal: Option<Box<TokenCallFailed>>,
    },

    /// The API wants a captcha solved (`captcha_required_exception`) before this request.
    #[error("the API requires a captcha (site key {site_key})")]
    #[non_exhaustive]
    Captcha {
        /// The reCAPTCHA site key from `X-Captcha-Sitekey`.
        site_key: String,
    },

    /// A token call (login, refresh) failed for a passing reason (a 5xx, a 429, the network, a
    /// malformed answer): the credentials are kept and the next request tries again. A refusal
    /// of the credentials is [`Error::Unauthorized`] instead.
    #[error(transparent)]
    Auth(TokenCallFailed),

    /// The request could not be sent or its answer not received (connection refused or
    /// reset, TLS, DNS, an incomplete answer).
    #[error("transport error: {0}")]
    Transport(#[source] BoxError),

    /// The request (or one attempt of it) took longer than the configured timeout.
    #[error("the request timed out")]
    Timeout,

    /// The answer's body is not what was expected.
    #[error("could not decode the answer for {path}: {source}; body starts with {excerpt:?}")]
    #[non_exhaustive]
    Decode {
        /// The path of the request.
        path: String,
        /// What the decoder said.
        source: serde_json::Error,
        /// The start of the body (at most 200 bytes; withheld for auth routes).
        excerpt: String,
    },

    /// The answer's body is larger than the configured cap; it was not read past the cap.
    #[error("the answer for {path} is larger than the {limit}-byte cap")]
    #[non_exhaustive]
    BodyTooLarge {
        /// The path of the request.
        path: String,
        /// The cap.
        limit: usize,
    },

    /// A file could not be read or written (downloads): the disk, not the network.
    #[error("could not {action} {path:?}: {source}")]
    #[non_exhaustive]
    Io {
        /// What was being done (`write`, `rename`, `create directory` ...).
        action: &'static str,
        /// The file or directory.
        path: std::path::PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },

    /// The call was refused before anything was sent: an invalid id, URL, parameter or option.
    #[error("invalid input: {0}")]
    InvalidInput(String),

    /// A library's store could not be used (series downloads and sync): another run holds
    /// it, a newer version wrote it, or it is damaged. The message says what to do.
    #[error(transparent)]
    Library(#[from] crate::series::StoreError),

    /// A chapter download did not finish within its
    /// [deadline](crate::download::ChapterDownload::deadline): the pages fetched so far are
    /// kept, and a later run resumes from them.
    #[error(
        "the download did not finish within its deadline of {} s; the pages on disk are kept",
        deadline.as_secs()
    )]
    #[non_exhaustive]
    DeadlineExceeded {
        /// The deadline.
        deadline: Duration,
    },

    /// Another download of the same chapter into the same directory is running (in this
    /// process or another): two would delete each other's half-written pages.
    #[error(
        "another download of this chapter is running (it holds {}); let it finish, or download elsewhere",
        path.display()
    )]
    #[non_exhaustive]
    Locked {
        /// The lock file the other download holds.
        path: std::path::PathBuf,
    },
}

/// An HTML body: the edge's pages, never the API's JSON.
fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().starts_with("text/html"))
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

/// The API error a refused token call stands for: the server's title and detail.
fn refusal_error(failed: &TokenCallFailed) -> ApiError {
    ApiError {
        id: String::new(),
        status: failed
            .status()
            .map_or(StatusCode::UNAUTHORIZED.as_u16(), |status| status.as_u16()),
        title: failed.server_title().unwrap_or(failed.reason()).to_owned(),
        detail: failed.server_detail().map(str::to_owned),
        context: None,
    }
}

fn describe(errors: &[ApiError]) -> String {
    match errors.first() {
        None => String::new(),
        Some(first) => match &first.detail {
            Some(detail) => format!(": {} ({detail})", first.title),
            None => format!(": {}", first.title),
        },
    }
}

impl Error {
    /// True for [`Error::Library`].
    pub fn is_library(&self) -> bool {
        matches!(self, Self::Library(_))
    }

    /// True for [`Error::Ratelimit`].
    pub fn is_ratelimit(&self) -> bool {
        matches!(self, Self::Ratelimit { .. })
    }

    /// True for [`Error::Http`].
    pub fn is_http(&self) -> bool {
        matches!(self, Self::Http { .. })
    }

    /// True for the API edge's HTML 403 page: a temporary ban for sending too fast. Every
    /// request to the API host is held back for [`slow_down`](Self::slow_down); sending more
    /// meanwhile would only lengthen the ban.
    pub fn is_banned(&self) -> bool {
        matches!(
            self,
            Self::Http {
                status: StatusCode::FORBIDDEN,
                slow_down: Some(_),
                ..
            }
        )
    }

    /// How long the client holds back requests to the API host after the edge's HTML "slow
    /// down" page (a 400, or the 403 ban of [`is_banned`](Self::is_banned)); `None` otherwise.
    pub fn slow_down(&self) -> Option<Duration> {
        match self {
            Self::Http { slow_down, .. } => *slow_down,
            _ => None,
        }
    }

    /// True for [`Error::Unauthorized`].
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Self::Unauthorized { .. })
    }

    /// True for [`Error::Captcha`].
    pub fn is_captcha(&self) -> bool {
        matches!(self, Self::Captcha { .. })
    }

    /// True for [`Error::Auth`].
    pub fn is_auth(&self) -> bool {
        matches!(self, Self::Auth(_))
    }

    /// True for [`Error::Transport`].
    pub fn is_transport(&self) -> bool {
        matches!(self, Self::Transport(_))
    }

    /// True for [`Error::Timeout`] and [`Error::DeadlineExceeded`]: something took too long.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout | Self::DeadlineExceeded { .. })
    }

    /// True for [`Error::Locked`].
    pub fn is_locked(&self) -> bool {
        matches!(self, Self::Locked { .. })
    }

    /// True for [`Error::Decode`].
    pub fn is_decode(&self) -> bool {
        matches!(self, Self::Decode { .. })
    }

    /// True for [`Error::BodyTooLarge`].
    pub fn is_body_too_large(&self) -> bool {
        matches!(self, Self::BodyTooLarge { .. })
    }

    /// True for [`Error::Io`].
    pub fn is_io(&self) -> bool {
        matches!(self, Self::Io { .. })
    }

    /// True for [`Error::InvalidInput`].
    pub fn is_invalid_input(&self) -> bool {
        matches!(self, Self::InvalidInput(_))
    }

    /// True when the API said the thing asked for does not exist (404).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// The HTTP status behind the error, when there is one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Http { status, .. } => Some(*status),
            Self::Unauthorized { .. } => Some(StatusCode::UNAUTHORIZED),
            Self::Captcha { .. } => Some(StatusCode::FORBIDDEN),
            Self::Ratelimit { .. } => Some(StatusCode::TOO_MANY_REQUESTS),
            Self::Auth(failed) => failed.status(),
            _ => None,
        }
    }

    /// The API's error objects, when the server sent some.
    pub fn api_errors(&self) -> &[ApiError] {
        match self {
            Self::Http { errors, .. } | Self::Unauthorized { errors, .. } => errors,
            _ => &[],
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::InvalidInput(message.into())
    }

    /// Turns an error of the middleware stack into a typed error.
    pub(crate) fn from_stack(error: BoxError, path: &str) -> Self {
        let error = match error.downcast::<Ratelimited>() {
            Ok(refused) => {
                return Self::Ratelimit {
                    path: refused.path().to_owned(),
                    rule: Some(refused.rule().to_owned()),
                    ratelimit_amount: Some(refused.ratelimit_amount()),
                    retry_after: refused.retry_after(),
                    ratelimit_expires: refused.ratelimit_expires(),
                    by_server: refused.decided_by_server(),
                };
            }
            Err(error) => error,
        };
        let error = match error.downcast::<Unauthorized>() {
            Ok(refused) => {
                return Self::Unauthorized {
                    path: refused.path().to_owned(),
                    errors: parse_api_errors(refused.body()),
                    refusal: None,
                };
            }
            Err(error) => error,
        };
        let error = match error.downcast::<TokenCallFailed>() {
            Ok(failed) if failed.is_rejected() => {
                return Self::Unauthorized {
                    path: path.to_owned(),
                    errors: vec![refusal_error(&failed)],
                    refusal: Some(failed),
                };
            }
            Ok(failed) => return Self::Auth(*failed),
            Err(error) => error,
        };
        if error.is::<MissingCredentials>() {
            return Self::Unauthorized {
                path: path.to_owned(),
                errors: Vec::new(),
                refusal: None,
            };
        }
        if error.is::<tower::timeout::error::Elapsed>() {
            return Self::Timeout;
        }
        Self::Transport(error)
    }

    /// Turns an answer with an error status into a typed error. `extensions` are the answer's:
    /// the rate-limit layer marks there how long it paused the API host, which is the wait a
    /// 429 or a "slow down" page stands for (the same one a fail-fast refusal would report).
    pub(crate) fn from_status(
        path: &str,
        status: StatusCode,
        headers: &HeaderMap,
        extensions: &Extensions,
        body: &[u8],
    ) -> Self {
        let errors = parse_api_errors(body);
        let paused = extensions
            .get::<RatelimitPaused>()
            .map(|paused| paused.until.saturating_duration_since(Instant::now()));
        if status == StatusCode::UNAUTHORIZED {
            return Self::Unauthorized {
                path: path.to_owned(),
                errors,
                refusal: None,
            };
        }
        if status == StatusCode::FORBIDDEN {
            let site_key = headers
                .get("x-captcha-sitekey")
                .and_then(|value| value.to_str().ok());
            let captcha = errors
                .iter()
                .any(|error| error.title.contains("captcha_required"));
            if site_key.is_some() || captcha {
                return Self::Captcha {
                    site_key: site_key.unwrap_or_default().to_owned(),
                };
            }
        }
        if status == StatusCode::TOO_MANY_REQUESTS {
            let parsed = RatelimitHeaders::parse(headers, MAX_SERVER_WAIT);
            let wait = paused.or(parsed.resend_after()).unwrap_or_default();
            return Self::Ratelimit {
                path: path.to_owned(),
                rule: None,
                ratelimit_amount: parsed.limit(),
                retry_after: wait,
                ratelimit_expires: OffsetDateTime::now_utc() + wait,
                by_server: true,
            };
        }
        let slow_down = paused.filter(|_| is_html(headers) && errors.is_empty());
        Self::Http {
            path: path.to_owned(),
            status,
            errors,
            slow_down,
        }
    }

    pub(crate) fn decode(path: &str, source: serde_json::Error, body: &[u8]) -> Self {
        // Auth answers carry tokens: never quote them.
        let excerpt = if path.contains("/auth/") || path.contains("openid-connect") {
            String::from("<withheld: auth route>")
        } else {
            let end = body.len().min(200);
            String::from_utf8_lossy(&body[..end]).into_owned()
        };
        Self::Decode {
            path: path.to_owned(),
            source,
            excerpt,
        }
    }
}
