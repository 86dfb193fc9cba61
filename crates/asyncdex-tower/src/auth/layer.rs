use std::{sync::Arc, time::Duration};

use http::Uri;
use tower::Layer;

use super::{
    Auth, AuthHandle, Credentials, LegacySource, OAuthSource, Secret, TokenSource, scope::Scope,
    store::Store,
};

/// Applies [`Auth`] to a service: a bearer token on requests to the API (and auth) origin.
///
/// Cheap to clone; every clone, and every [`Auth`] built from any of them, shares one token
/// store. Building needs no runtime.
#[derive(Clone, Debug)]
pub struct AuthLayer {
    store: Arc<Store>,
    scope: Arc<Scope>,
}

impl AuthLayer {
    /// The legacy session login (`/auth/login`, `/auth/refresh`, `/auth/logout`) of the API at
    /// `api_base`, e.g. `https://api.mangadex.org`.
    pub fn legacy(api_base: Uri) -> Self {
        let source = LegacySource::new(&api_base);
        Self::with_source(api_base, source)
    }

    /// An OAuth2 personal client; the origin of its token URL (the auth host) also receives
    /// the token.
    pub fn oauth(api_base: Uri, source: OAuthSource) -> Self {
        let auth_url = source.url().clone();
        Self::with_source(api_base, source).authorize_origin(&auth_url)
    }

    /// Tokens from a source of your own, for the API at `api_base`.
    pub fn with_source(api_base: Uri, source: impl TokenSource) -> Self {
        let mut scope = Scope::default();
        scope.add(&api_base);
        Self {
            store: Arc::new(Store::new(source)),
            scope: Arc::new(scope),
        }
    }

    /// Stores the credentials to log in with (in the shared store).
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.store.set_credentials(Some(credentials));
        self
    }

    /// Stores a refresh token, e.g. one saved by an earlier run (in the shared store).
    pub fn refresh_token(self, refresh_token: impl Into<Secret>) -> Self {
        self.store.set_refresh_token(Some(refresh_token.into()));
        self
    }

    /// How long before expiry a session token is refreshed; default 60 seconds. Never more
    /// than half the token's lifetime, so short-lived tokens are still used.
    pub fn refresh_margin(self, margin: Duration) -> Self {
        self.store.set_margin(margin);
        self
    }

    /// Also sends the token to the origin (scheme, host, port) of `uri`. Only the API origin
    /// (and, for OAuth, the auth origin) receive it otherwise.
    pub fn authorize_origin(mut self, uri: &Uri) -> Self {
        Arc::make_mut(&mut self.scope).add(uri);
        self
    }

    /// A handle on the shared token store: log in and out, read the tokens.
    pub fn handle(&self) -> AuthHandle {
        AuthHandle::new(self.store.clone())
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = Auth<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Auth::new(inner, self.store.clone(), self.scope.clone())
    }
}
