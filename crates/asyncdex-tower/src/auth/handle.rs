use std::{fmt, sync::Arc};

use tower::BoxError;

use super::{Credentials, Secret, store::Store};

/// Reads and changes the token store shared by an [`AuthLayer`] and every service it built.
///
/// This is what a client facade wraps for the `login`, `logout`, `get_session_token`,
/// `anonymous_mode`, `username`, `refresh_token` and `session_token` of AsyncDex (the Python
/// library). Cheap to clone.
///
/// The methods that talk to the server go through the layer's
/// [token client](super::AuthLayer::token_client), like every other token call (so in the
/// asyncdex stack they are rate-limited); they wait for its readiness themselves. They share
/// the layer's single-flight lock, so they never race a refresh made on behalf of a request.
///
/// Unlike the token calls the layer makes for requests (which survive the request being
/// dropped), these calls are driven by the future you await: dropping one mid-call can lose a
/// rotated refresh token, and the next token call then falls back to a login.
///
/// Every change made here (credentials, refresh token, [`clear`](AuthHandle::clear)) forgets the
/// current session token, and a token call still in flight at that moment does not store its
/// answer.
///
/// [`AuthLayer`]: super::AuthLayer
#[derive(Clone)]
pub struct AuthHandle {
    store: Arc<Store>,
}

impl AuthHandle {
    pub(crate) fn new(store: Arc<Store>) -> Self {
        Self { store }
    }

    /// Sets or replaces the credentials.
    pub fn set_credentials(&self, credentials: Credentials) {
        self.store.set_credentials(Some(credentials));
    }

    /// Sets, replaces or (with `None`) removes the refresh token.
    pub fn set_refresh_token(&self, refresh_token: Option<Secret>) {
        self.store.set_refresh_token(refresh_token);
    }

    /// Calls `listener` after every token call that leaves another refresh token than it
    /// found: a login, a refresh whose answer rotated the token, or (with `None`) a refresh
    /// token the server rejected and that was dropped. A program that keeps the refresh token
    /// between runs saves it here, so a rotation is never lost, even in a long run. Replaces
    /// any earlier listener.
    ///
    /// It runs inside the token call, which holds the single-flight lock (not the state's):
    /// keep it short (a keyring or file write); it may read the handle.
    ///
    /// ```
    /// use asyncdex_tower::auth::AuthLayer;
    ///
    /// let layer = AuthLayer::legacy(http::Uri::from_static("https://api.mangadex.org"));
    /// layer.handle().on_refresh_token_change(|token| match token {
    ///     Some(_token) => { /* save token.expose() for the next run */ }
    ///     None => { /* forget the saved one: the server refused it */ }
    /// });
    /// ```
    pub fn on_refresh_token_change(
        &self,
        listener: impl Fn(Option<&Secret>) + Send + Sync + 'static,
    ) {
        self.store.set_refresh_listener(Arc::new(listener));
    }

    /// Forgets credentials and tokens without telling the server (see
    /// [`logout`](AuthHandle::logout) for that).
    pub fn clear(&self) {
        self.store.clear();
    }

    /// True when requests go out without a token: no credentials, no refresh token, no
    /// session, no standing refusal of the credentials (see [`login`](Self::login)), and a
    /// source that cannot make tokens on its own.
    pub fn anonymous_mode(&self) -> bool {
        self.store.is_anonymous()
    }

    /// The stored username (or email address).
    pub fn username(&self) -> Option<String> {
        self.store.credentials().map(|c| c.login().to_owned())
    }

    /// The stored credentials (their `Debug` redacts the password).
    pub fn credentials(&self) -> Option<Credentials> {
        self.store.credentials()
    }

    /// The current refresh token, e.g. to save it for the next run.
    pub fn refresh_token(&self) -> Option<Secret> {
        self.store.refresh_token()
    }

    /// The current session token; `None` when there is none or it is due for a refresh.
    pub fn session_token(&self) -> Option<Secret> {
        self.store.session_token()
    }

    /// Logs in with `credentials` (which replace the stored ones) or, with `None`, with the
    /// stored credentials; stores the session and refresh tokens.
    ///
    /// Errors: [`MissingCredentials`] without any call when there are none;
    /// [`TokenCallFailed`] when the call fails. A [rejection](super::TokenCallFailed::is_rejected)
    /// keeps the credentials (so `login(None)` tries them again) but every request that wants
    /// a token then fails with it, without a token call, until the next `login`,
    /// [`set_credentials`](Self::set_credentials) or [`logout`](Self::logout).
    ///
    /// [`MissingCredentials`]: super::MissingCredentials
    /// [`TokenCallFailed`]: super::TokenCallFailed
    pub async fn login(&self, credentials: Option<Credentials>) -> Result<(), BoxError> {
        self.store.login(credentials).await
    }

    /// Ends the session: calls the flow's logout route when it has one (legacy
    /// `/auth/logout`), then forgets credentials and tokens, leaving the layer anonymous.
    ///
    /// Everything is forgotten even when the logout call fails; the error is still returned
    /// so the caller knows the server may not have ended the session.
    pub async fn logout(&self) -> Result<(), BoxError> {
        self.store.logout().await
    }

    /// Gets a new session token now: refreshes with the refresh token (storing the rotated
    /// one), or logs in when there is none (or it was rejected), and returns it.
    ///
    /// Errors: [`MissingCredentials`] in anonymous mode; [`TokenCallFailed`], at once after
    /// the server refused the credentials (see [`login`](Self::login)).
    ///
    /// [`MissingCredentials`]: super::MissingCredentials
    /// [`TokenCallFailed`]: super::TokenCallFailed
    pub async fn get_session_token(&self) -> Result<Secret, BoxError> {
        self.store.renew().await
    }
}

impl fmt::Debug for AuthHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthHandle")
            .field("store", &self.store)
            .finish()
    }
}
