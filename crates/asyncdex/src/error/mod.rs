//! [`Error`]: everything that can go wrong, behind one opaque type.
//!
//! The kinds of failure are private: ask the `is_*` predicates and the accessors, so new
//! kinds and new details can come without breaking anyone (the shape of `reqwest::Error` and
//! `hyper::Error`).

mod access;
mod api;
mod convert;
mod kind;
mod ratelimit;
#[cfg(test)]
mod tests;

use std::error::Error as StdError;
use std::fmt;

use tower::BoxError;

pub use self::api::ApiError;
use self::api::parse_api_errors;
#[cfg(feature = "download")]
pub(crate) use self::convert::run_blocking;
use self::kind::Kind;
pub use self::ratelimit::RatelimitDetails;

/// A `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong with a MangaDex call.
///
/// The exceptions of AsyncDex (the Python library) are predicates here
/// ([`is_ratelimit`](Self::is_ratelimit), [`is_http`](Self::is_http) for its
/// `HTTPException`, [`is_unauthorized`](Self::is_unauthorized),
/// [`is_captcha`](Self::is_captcha)), plus what a network client meets besides. The details
/// are accessors: [`status`](Self::status), [`path`](Self::path),
/// [`api_errors`](Self::api_errors), [`retry_after`](Self::retry_after),
/// [`request_id`](Self::request_id) ...; [`source`](StdError::source) leads to the
/// underlying error (the I/O error, the decoder's, the transport's, the failed token call,
/// the library store's). No error ever carries a password or a token.
///
/// ```
/// use std::time::Duration;
///
/// fn explain(error: &asyncdex::Error) -> String {
///     if error.is_ratelimit() {
///         let wait = error.retry_after().unwrap_or(Duration::ZERO);
///         format!("slow down: try again in {} s", wait.as_secs())
///     } else if error.is_not_found() {
///         format!("{} does not exist", error.path().unwrap_or("it"))
///     } else if error.is_unauthorized() {
///         "log in first".to_owned()
///     } else {
///         error.to_string()
///     }
/// }
///
/// // `?` turns an I/O error of your own code into an `asyncdex::Error`.
/// fn read_list(path: &str) -> asyncdex::Result<String> {
///     Ok(std::fs::read_to_string(path)?)
/// }
/// let error = read_list("/no/such/list.txt").unwrap_err();
/// assert!(error.is_io());
/// assert_eq!(explain(&error), error.to_string());
/// ```
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Debug)]
struct Inner {
    kind: Kind,
    /// The path of the request, when there was one.
    path: Option<String>,
    /// The answer's `X-Request-ID`, when there was an answer carrying one.
    request_id: Option<String>,
    source: Option<BoxError>,
}

impl Error {
    pub(crate) fn new(kind: Kind) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                path: None,
                request_id: None,
                source: None,
            }),
        }
    }

    /// Sets the path of the request the error is about.
    pub(crate) fn with_path(mut self, path: impl Into<String>) -> Self {
        self.inner.path = Some(path.into());
        self
    }

    /// Sets the underlying error.
    pub(crate) fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    /// Sets the request id of the answer from its headers, when they carry one.
    pub(crate) fn with_request_id(mut self, headers: &http::HeaderMap) -> Self {
        self.inner.request_id = headers
            .get("x-request-id")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        self
    }

    fn kind(&self) -> &Kind {
        &self.inner.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let context = kind::Context {
            path: self.inner.path.as_deref(),
            source: self.inner.source.as_deref(),
        };
        self.inner.kind.write(&context, f)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("asyncdex::Error");
        debug.field("kind", &self.inner.kind);
        if let Some(path) = &self.inner.path {
            debug.field("path", path);
        }
        if let Some(id) = &self.inner.request_id {
            debug.field("request_id", id);
        }
        if let Some(source) = &self.inner.source {
            debug.field("source", source);
        }
        debug.finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

/// An I/O error of your own code, so that `?` works in a function returning
/// [`Result`]; [`is_io`](Error::is_io) is true and the source is the
/// `io::Error`.
impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Self {
        Self::new(Kind::Io {
            action: None,
            file: None,
        })
        .with_source(error)
    }
}

#[cfg(feature = "download")]
/// A library store's error: [`is_library`](Error::is_library); the source is the
/// [`StoreError`](crate::series::StoreError).
impl From<crate::series::StoreError> for Error {
    fn from(error: crate::series::StoreError) -> Self {
        Self::new(Kind::Library).with_source(error)
    }
}

// `Error` goes into tasks and across threads, and lives as long as anyone likes.
const _: fn() = || {
    fn send_sync_static<T: Send + Sync + 'static>() {}
    send_sync_static::<Error>();
};
