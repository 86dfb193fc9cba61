use std::{fmt, time::Duration};

use bytes::Bytes;
use http::StatusCode;

use super::{Credentials, Secret, TokenCallFailed};

/// Where tokens come from: the legacy MangaDex login ([`LegacySource`]), an OAuth2 personal
/// client ([`OAuthSource`]), or a source of your own.
///
/// A source does no I/O itself. For each [`Grant`] it either describes an HTTP call
/// ([`TokenRequest::Http`]), which the layer sends through the service it wraps (so the
/// rate-limit layer below sees and limits token calls like any other request) and hands the
/// answer back to [`TokenSource::read`]; or it answers at once ([`TokenRequest::Ready`]), which is
/// how a static token, or one read from a keyring beforehand, is supplied without HTTP.
///
/// The layer decides which grant to ask for: the refresh token when it has one, else the
/// credentials, else [`Grant::Standalone`] when [`TokenSource::is_standalone`] says so; and it
/// makes sure only one call is in flight at a time.
///
/// [`LegacySource`]: super::LegacySource
/// [`OAuthSource`]: super::OAuthSource
pub trait TokenSource: fmt::Debug + Send + Sync + 'static {
    /// The call that obtains tokens for `grant`, or the answer itself.
    fn request(&self, grant: Grant<'_>) -> TokenRequest;

    /// Reads the answer (status and body, at most 64 KiB) to the call made for `grant`.
    ///
    /// Return [`TokenCallFailed::rejected`] only when the server definitely refused the grant:
    /// the layer then drops a refused refresh token and fails the requests that want a token
    /// until the user logs in again (see [`AuthHandle::login`](super::AuthHandle::login)); add
    /// the server's words with [`TokenCallFailed::with_server_message`]. Anything else is
    /// [`TokenCallFailed::transient`]. The default, for sources that never make HTTP calls,
    /// treats every answer as transient.
    fn read(
        &self,
        grant: Grant<'_>,
        status: StatusCode,
        body: &[u8],
    ) -> Result<Tokens, TokenCallFailed> {
        let _ = (grant, status, body);
        Err(TokenCallFailed::transient(
            "this token source makes no HTTP calls",
        ))
    }

    /// The call that ends the session `session`, when the flow has one (the legacy
    /// `/auth/logout`). The default has none: logging out then only forgets the tokens.
    fn logout(&self, session: &Secret) -> Option<http::Request<Bytes>> {
        let _ = session;
        None
    }

    /// The call that revokes `refresh_token` when logging out (RFC 7009), when the flow has
    /// one; tried before [`logout`](Self::logout). The default has none.
    fn revoke(&self, refresh_token: &Secret) -> Option<http::Request<Bytes>> {
        let _ = refresh_token;
        None
    }

    /// Whether this source can produce tokens with neither credentials nor a refresh token
    /// (a static token, a keyring). A layer over such a source is never anonymous.
    fn is_standalone(&self) -> bool {
        false
    }
}

/// What a token call trades for tokens.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Grant<'a> {
    /// Log in with credentials.
    Password(&'a Credentials),
    /// Trade a refresh token for new tokens.
    RefreshToken(&'a Secret),
    /// Neither credentials nor a refresh token are known; only asked of a source whose
    /// [`TokenSource::is_standalone`] is true.
    Standalone,
}

/// What a [`TokenSource`] wants done for a grant.
#[derive(Debug)]
pub enum TokenRequest {
    /// Send this request through the token client and pass the answer to
    /// [`TokenSource::read`]. The URI must be absolute.
    Http(http::Request<Bytes>),
    /// The outcome, without any call.
    Ready(Result<Tokens, TokenCallFailed>),
}

/// The tokens a token call produced.
///
/// The session (access) token's lifetime is `expires_in` when the server said it, else the
/// token's JWT `exp` claim, else MangaDex's documented 15 minutes.
#[derive(Clone, Debug)]
pub struct Tokens {
    access: Secret,
    refresh: Option<Secret>,
    expires_in: Option<Duration>,
}

impl Tokens {
    /// Tokens made of a session (access) token alone.
    pub fn new(access: impl Into<Secret>) -> Self {
        Self {
            access: access.into(),
            refresh: None,
            expires_in: None,
        }
    }

    /// Adds the refresh token that came with the session token. It replaces the stored one
    /// (refresh tokens rotate); without one the stored refresh token is kept.
    pub fn with_refresh_token(mut self, refresh: impl Into<Secret>) -> Self {
        self.refresh = Some(refresh.into());
        self
    }

    /// Sets how long the session token lives, counted from when the call was sent.
    pub fn with_expires_in(mut self, expires_in: Duration) -> Self {
        self.expires_in = Some(expires_in);
        self
    }

    /// The session (access) token.
    pub fn access_token(&self) -> &Secret {
        &self.access
    }

    /// The refresh token, if the call returned one.
    pub fn refresh_token(&self) -> Option<&Secret> {
        self.refresh.as_ref()
    }

    /// The lifetime the server gave the session token, if it gave one.
    pub fn expires_in(&self) -> Option<Duration> {
        self.expires_in
    }

    pub(crate) fn into_parts(self) -> (Secret, Option<Secret>, Option<Duration>) {
        (self.access, self.refresh, self.expires_in)
    }
}
