use std::{sync::Arc, time::Duration};

use bytes::Bytes;
use http::{Request, Response, Uri};
use http_body::Body;
use tower::{BoxError, Layer, Service};

use crate::api::Api;

use super::{
    AuthHandle, Credentials, LegacySource, OAuthSource, Secret, Session, SessionLayer, Stamp,
    StampLayer, TokenSource, client::Erased, scope::Scope, store::Store,
};

/// The auth layers: a bearer token on requests to the API (and auth) origin.
///
/// As a [`Layer`] it applies both halves at once, [`Session`] over [`Stamp`]; in a stack with
/// a rate limiter, put [`session_layer`](AuthLayer::session_layer) above the limiter and
/// [`stamp_layer`](AuthLayer::stamp_layer) below it, and give the layer a
/// [`token_client`](AuthLayer::token_client).
///
/// Cheap to clone; every clone, and every service built from any of them, shares one token
/// store. Building needs no runtime.
#[derive(Clone, Debug)]
pub struct AuthLayer {
    store: Arc<Store>,
    scope: Arc<Scope>,
}

impl AuthLayer {
    /// The legacy session login (`/auth/login`, `/auth/refresh`, `/auth/logout`) of the API at
    /// `api`, e.g. `https://api.mangadex.org`.
    pub fn legacy(api: impl Into<Api>) -> Self {
        let api = api.into();
        Self::with_source(api.clone(), LegacySource::new(api))
    }

    /// An OAuth2 personal client; the origin of its token URL (the auth host) also receives
    /// the token.
    pub fn oauth(api: impl Into<Api>, source: OAuthSource) -> Self {
        let auth_url = source.url().clone();
        Self::with_source(api, source).authorize_origin(&auth_url)
    }

    /// Tokens from a source of your own, for the API at `api`.
    pub fn with_source(api: impl Into<Api>, source: impl TokenSource) -> Self {
        let mut scope = Scope::default();
        scope.add(api.into().base());
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

    /// Sets the service token calls (login, refresh, logout) go through, e.g. the rate-limited
    /// transport, so the limiter sees them; it may contain this layer's
    /// [`stamp_layer`](AuthLayer::stamp_layer) (token calls are never stamped) but not its
    /// [`session_layer`](AuthLayer::session_layer). A later call replaces it.
    ///
    /// Without one, the first request that wants the token installs the service the
    /// [`Session`] wraps; until then, [`AuthHandle::login`] and the other token calls fail
    /// with a transient [`TokenCallFailed`](super::TokenCallFailed).
    ///
    /// Each token call goes through a fresh clone of `service`, marked
    /// [`WithAuth(false)`](super::WithAuth), with its body built from bytes.
    pub fn token_client<S, B, RB>(self, service: S) -> Self
    where
        S: Service<Request<B>, Response = Response<RB>> + Clone + Send + 'static,
        S::Future: Send,
        S::Error: Into<BoxError>,
        B: From<Bytes> + Send + 'static,
        RB: Body + Send + 'static,
        RB::Data: Send,
        RB::Error: Into<BoxError>,
    {
        self.store
            .set_client(Arc::new(Erased::<S, B>::new(service)));
        self
    }

    /// The upper half: keeps the session fresh and replays once after a 401. Put it above
    /// anything that may hold requests back, and a [`stamp_layer`](AuthLayer::stamp_layer)
    /// below.
    pub fn session_layer(&self) -> SessionLayer {
        SessionLayer::new(self.store.clone(), self.scope.clone())
    }

    /// The lower half: adds the current session token when the request is sent. Put it
    /// right above the transport.
    pub fn stamp_layer(&self) -> StampLayer {
        StampLayer::new(self.store.shared(), self.scope.clone())
    }

    /// A handle on the shared token store: log in and out, read the tokens.
    pub fn handle(&self) -> AuthHandle {
        AuthHandle::new(self.store.clone())
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = Session<Stamp<S>>;

    fn layer(&self, inner: S) -> Self::Service {
        self.session_layer().layer(self.stamp_layer().layer(inner))
    }
}
