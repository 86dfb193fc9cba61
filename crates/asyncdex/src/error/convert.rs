//! How the crate makes an [`Error`]: from the stack's boxed errors, from an answer with an
//! error status, from a body that does not decode, from the disk and from blocking tasks.

use asyncdex_tower::auth::{MissingCredentials, SessionExpired, TokenCallFailed, Unauthorized};
use asyncdex_tower::hint::RatelimitPaused;
use asyncdex_tower::ratelimit::error::Ratelimited;
use asyncdex_tower::ratelimit::{MAX_SERVER_WAIT, RatelimitHeaders};
use http::{Extensions, HeaderMap, StatusCode};
use time::OffsetDateTime;
use tokio::time::Instant;
use tower::BoxError;

use super::{ApiError, Error, Kind, RatelimitDetails, parse_api_errors};

/// An HTML body: the edge's pages, never the API's JSON.
fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().starts_with("text/html"))
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

#[cfg(feature = "download")]
/// Runs `work` (file work that blocks) on tokio's blocking pool. A panic in it, or the
/// runtime shutting down under it, is [`Error::is_blocking_task`], not a network failure.
pub(crate) async fn run_blocking<T, F>(work: F) -> super::Result<T>
where
    F: FnOnce() -> super::Result<T> + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| Error::new(Kind::BlockingTask).with_source(error))?
}

impl Error {
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Self::new(Kind::InvalidInput(message.into()))
    }

    /// A file I/O error, with what was done to which file.
    #[cfg(feature = "download")]
    pub(crate) fn io(action: &'static str, file: &std::path::Path, source: std::io::Error) -> Self {
        Self::new(Kind::Io {
            action: Some(action),
            file: Some(file.to_owned()),
        })
        .with_source(source)
    }

    /// The request for `path` (or one attempt of it) took too long.
    pub(crate) fn timeout(path: Option<&str>) -> Self {
        let error = Self::new(Kind::Timeout);
        match path {
            Some(path) => error.with_path(path),
            None => error,
        }
    }

    /// The request for `path` failed: transport trouble (the source says which).
    pub(crate) fn transport(path: Option<&str>, source: impl Into<BoxError>) -> Self {
        let error = Self::new(Kind::Transport).with_source(source);
        match path {
            Some(path) => error.with_path(path),
            None => error,
        }
    }

    pub(crate) fn body_too_large(path: &str, limit: usize) -> Self {
        Self::new(Kind::BodyTooLarge { limit }).with_path(path)
    }

    #[cfg(feature = "download")]
    pub(crate) fn deadline_exceeded(deadline: std::time::Duration) -> Self {
        Self::new(Kind::DeadlineExceeded { deadline })
    }

    #[cfg(feature = "download")]
    pub(crate) fn locked(file: &std::path::Path) -> Self {
        Self::new(Kind::Locked {
            file: file.to_owned(),
        })
    }

    /// Turns an error of the middleware stack into a typed error.
    pub(crate) fn from_stack(error: BoxError, path: &str) -> Self {
        let error = match error.downcast::<Ratelimited>() {
            Ok(refused) => {
                let details = RatelimitDetails {
                    rule: Some(refused.rule().to_owned()),
                    amount: Some(refused.ratelimit_amount()),
                    by_server: refused.decided_by_server(),
                    retry_after: refused.retry_after(),
                    retry_at: refused.ratelimit_expires(),
                };
                return Self::new(Kind::Ratelimit(details)).with_path(refused.path());
            }
            Err(error) => error,
        };
        let error = match error.downcast::<Unauthorized>() {
            Ok(refused) => {
                let errors = parse_api_errors(refused.body());
                return Self::new(Kind::Unauthorized { errors }).with_path(refused.path());
            }
            Err(error) => error,
        };
        let error = match error.downcast::<TokenCallFailed>() {
            Ok(failed) if failed.is_rejected() => {
                let errors = vec![refusal_error(&failed)];
                return Self::new(Kind::Unauthorized { errors })
                    .with_path(path)
                    .with_source(*failed);
            }
            Ok(failed) => return Self::new(Kind::Auth).with_path(path).with_source(*failed),
            Err(error) => error,
        };
        if error.is::<MissingCredentials>() {
            return Self::new(Kind::Unauthorized { errors: Vec::new() }).with_path(path);
        }
        // Renewed once already: the request waited past the new session's life too.
        if error.is::<SessionExpired>() {
            return Self::new(Kind::Auth).with_path(path).with_source(error);
        }
        if error.is::<tower::timeout::error::Elapsed>() {
            return Self::timeout(Some(path));
        }
        Self::transport(Some(path), error)
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
        Self::new(status_kind(status, headers, extensions, body))
            .with_path(path)
            .with_request_id(headers)
    }

    /// A body that did not decode; `headers` are the answer's.
    pub(crate) fn decode(
        path: &str,
        source: serde_json::Error,
        body: &[u8],
        headers: &HeaderMap,
    ) -> Self {
        // Auth answers carry tokens: never quote them.
        let excerpt = if path.contains("/auth/") || path.contains("openid-connect") {
            String::from("<withheld: auth route>")
        } else {
            let end = body.len().min(200);
            String::from_utf8_lossy(&body[..end]).into_owned()
        };
        Self::new(Kind::Decode { excerpt })
            .with_path(path)
            .with_source(source)
            .with_request_id(headers)
    }
}

/// The kind of an answer with an error status.
fn status_kind(
    status: StatusCode,
    headers: &HeaderMap,
    extensions: &Extensions,
    body: &[u8],
) -> Kind {
    let errors = parse_api_errors(body);
    let paused = extensions
        .get::<RatelimitPaused>()
        .map(|paused| paused.until.saturating_duration_since(Instant::now()));
    if status == StatusCode::UNAUTHORIZED {
        return Kind::Unauthorized { errors };
    }
    if status == StatusCode::FORBIDDEN {
        let site_key = headers
            .get("x-captcha-sitekey")
            .and_then(|value| value.to_str().ok());
        let captcha = errors
            .iter()
            .any(|error| error.title.contains("captcha_required"));
        if site_key.is_some() || captcha {
            return Kind::Captcha {
                site_key: site_key.unwrap_or_default().to_owned(),
            };
        }
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        let parsed = RatelimitHeaders::parse(headers, MAX_SERVER_WAIT);
        let wait = paused.or(parsed.resend_after()).unwrap_or_default();
        return Kind::Ratelimit(RatelimitDetails {
            rule: None,
            amount: parsed.limit(),
            by_server: true,
            retry_after: wait,
            retry_at: OffsetDateTime::now_utc() + wait,
        });
    }
    let slow_down = paused.filter(|_| is_html(headers) && errors.is_empty());
    Kind::Http {
        status,
        errors,
        slow_down,
    }
}
