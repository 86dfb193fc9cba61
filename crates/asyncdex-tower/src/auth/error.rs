use std::{borrow::Cow, error::Error, fmt};

use bytes::Bytes;
use http::{Method, StatusCode};
use tower::BoxError;

/// Which token call an error or a log line is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenCall {
    /// Logging in with credentials (legacy `/auth/login`, or the OAuth password grant).
    Login,
    /// Trading a refresh token for new tokens (legacy `/auth/refresh`, or the OAuth
    /// refresh-token grant).
    Refresh,
    /// Asking a source that has tokens of its own (see [`Grant::Standalone`]).
    ///
    /// [`Grant::Standalone`]: super::Grant::Standalone
    Standalone,
    /// Ending the session (legacy `/auth/logout`).
    Logout,
}

impl TokenCall {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Login => "login",
            Self::Refresh => "refresh",
            Self::Standalone => "standalone",
            Self::Logout => "logout",
        }
    }
}

impl fmt::Display for TokenCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A token call did not produce tokens.
///
/// Either the server definitely [rejected](TokenCallFailed::is_rejected) what was sent (an
/// OAuth `invalid_grant`, a 400/401 from the legacy routes): the layer drops a refused refresh
/// token, keeps refused credentials, and fails every request that wants a token with this
/// refusal until the handle logs in again or logs out; or the failure was
/// [transient](TokenCallFailed::is_transient) (a 5xx, a 429, a transport error, a malformed
/// answer), and everything stored is kept for the next attempt.
///
/// Never contains a token, a password or a response body: only the server's error code and,
/// for a rejection, the server's own short title and explanation of it (see
/// [`server_title`](TokenCallFailed::server_title)), capped in length.
#[derive(Debug)]
pub struct TokenCallFailed {
    call: TokenCall,
    rejected: bool,
    status: Option<StatusCode>,
    reason: Cow<'static, str>,
    server: Option<ServerMessage>,
    source: Option<BoxError>,
}

/// The server's words for a refusal: an API error's `title` and `detail`, or an OAuth
/// `error` and `error_description`.
#[derive(Clone, Debug)]
struct ServerMessage {
    title: String,
    detail: Option<String>,
}

/// The longest server text kept: it ends up in error messages and logs.
const MAX_SERVER_TEXT: usize = 200;

/// `text` cut to [`MAX_SERVER_TEXT`] bytes (on a character boundary), control characters
/// replaced, so a hostile server cannot forge log lines.
fn server_text(text: &str) -> String {
    let mut end = text.len().min(MAX_SERVER_TEXT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end]
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

impl TokenCallFailed {
    /// A definite rejection of the credentials or the refresh token, e.g. `invalid_grant`.
    ///
    /// For use by a [`TokenSource`](super::TokenSource); `reason` must not contain a secret.
    pub fn rejected(reason: impl Into<Cow<'static, str>>) -> Self {
        Self::new(true, reason.into())
    }

    /// A failure that says nothing about the credentials (server error, rate limit, garbage).
    ///
    /// For use by a [`TokenSource`](super::TokenSource); `reason` must not contain a secret.
    pub fn transient(reason: impl Into<Cow<'static, str>>) -> Self {
        Self::new(false, reason.into())
    }

    fn new(rejected: bool, reason: Cow<'static, str>) -> Self {
        Self {
            call: TokenCall::Login,
            rejected,
            status: None,
            reason,
            server: None,
            source: None,
        }
    }

    /// Adds the server's own words for the failure: the API error's `title` and `detail`, or
    /// OAuth's `error` and `error_description`. Each is cut to 200 bytes.
    ///
    /// For use by a [`TokenSource`](super::TokenSource); neither may contain a secret.
    pub fn with_server_message(mut self, title: &str, detail: Option<&str>) -> Self {
        self.server = Some(ServerMessage {
            title: server_text(title),
            detail: detail.map(server_text),
        });
        self
    }

    /// The inner service failed to deliver the token call (connect, reset, timeout ...).
    pub(crate) fn transport(call: TokenCall, source: BoxError) -> Self {
        Self {
            source: Some(source),
            ..Self::transient("transport error").with_call(call)
        }
    }

    /// A copy without the underlying transport error (which is not `Clone`), for the callers
    /// that queued behind the failed call.
    pub(crate) fn duplicate(&self) -> Self {
        Self {
            call: self.call,
            rejected: self.rejected,
            status: self.status,
            reason: self.reason.clone(),
            server: self.server.clone(),
            source: None,
        }
    }

    pub(crate) fn with_call(mut self, call: TokenCall) -> Self {
        self.call = call;
        self
    }

    pub(crate) fn with_status(mut self, status: StatusCode) -> Self {
        self.status = Some(status);
        self
    }

    /// Which call failed.
    pub fn call(&self) -> TokenCall {
        self.call
    }

    /// The server definitely rejected the credentials or the refresh token.
    pub fn is_rejected(&self) -> bool {
        self.rejected
    }

    /// The failure says nothing about the credentials; trying again later may work.
    pub fn is_transient(&self) -> bool {
        !self.rejected
    }

    /// The status of the token call's answer, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// A short reason: the server's error code (e.g. `invalid_grant`) or what went wrong.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The server's short title for the failure, when its answer had one: the API error's
    /// `title` (legacy routes) or the OAuth `error` code (e.g. `invalid_grant`).
    pub fn server_title(&self) -> Option<&str> {
        self.server.as_ref().map(|server| server.title.as_str())
    }

    /// The server's explanation, when its answer had one: the API error's `detail` (e.g.
    /// `User / Password does not match`) or the OAuth `error_description` (e.g. `Invalid user
    /// credentials`).
    pub fn server_detail(&self) -> Option<&str> {
        self.server.as_ref()?.detail.as_deref()
    }
}

impl fmt::Display for TokenCallFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.rejected { "rejected" } else { "failed" };
        write!(f, "{} token call {what}: {}", self.call, self.reason)?;
        if let Some(server) = &self.server {
            write!(f, "; the server said: {}", server.title)?;
            if let Some(detail) = &server.detail {
                write!(f, " ({detail})")?;
            }
        }
        if let Some(status) = self.status {
            write!(f, " (HTTP {})", status.as_u16())?;
        }
        Ok(())
    }
}

impl Error for TokenCallFailed {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|e| e as &(dyn Error + 'static))
    }
}

/// The server answered `401 Unauthorized` to a request, then again to its replay with a fresh
/// token: the account may not do this, or the server does not accept the login at all.
///
/// Carries the request's method and path and the body of the second 401 (at most 64 KiB; the
/// API's `errors` array), so a client can report what was refused.
#[derive(Debug)]
pub struct Unauthorized {
    method: Method,
    path: String,
    body: Bytes,
}

impl Unauthorized {
    pub(crate) fn new(method: Method, path: String, body: Bytes) -> Self {
        Self { method, path, body }
    }

    /// The method of the refused request.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path of the refused request, without the query string.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The body of the final 401 answer (possibly empty or truncated to 64 KiB).
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

impl fmt::Display for Unauthorized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "401 Unauthorized for {} {} even with a fresh token",
            self.method, self.path
        )
    }
}

impl Error for Unauthorized {}

/// The session token had expired when the request was to be sent (it waited below the
/// [`Session`](super::Session) layer, in a rate limiter, longer than the token lived), so
/// [`Stamp`](super::Stamp) did not send it: a token known to be expired only earns a 401.
///
/// The [`Session`](super::Session) layer above renews the session and sends the request
/// again; this error comes out only when the replay waits past the new token's life too, or
/// when no session layer is above.
#[derive(Debug)]
pub struct SessionExpired {
    generation: u64,
}

impl SessionExpired {
    pub(crate) fn new(generation: u64) -> Self {
        Self { generation }
    }

    /// Which session expired (see [`Stamped`](super::stamp::Stamped)).
    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }
}

impl fmt::Display for SessionExpired {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the session token expired while the request waited to be sent")
    }
}

impl Error for SessionExpired {}

/// A login was asked for, but no credentials are known (none given and none stored).
///
/// Returned without any network call.
#[derive(Debug)]
pub struct MissingCredentials {
    _private: (),
}

impl MissingCredentials {
    pub(crate) fn new() -> Self {
        Self { _private: () }
    }
}

impl fmt::Display for MissingCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no credentials and no refresh token to authenticate with")
    }
}

impl Error for MissingCredentials {}
