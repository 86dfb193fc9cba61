use std::{
    mem,
    sync::Arc,
    task::{Context, Poll},
};

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body::Body;
use tower::{BoxError, Layer, Service};
use tracing::debug;

use super::{
    AuthHandle, SessionExpired, Unauthorized, call,
    client::Erased,
    future::ResponseFuture,
    scope::Scope,
    stamp::Stamped,
    store::{Store, TARGET},
};

/// Applies [`Session`]: a fresh session before each request that wants the token, and one
/// replay after a 401. Built by [`AuthLayer::session_layer`](super::AuthLayer::session_layer).
#[derive(Clone, Debug)]
pub struct SessionLayer {
    store: Arc<Store>,
    scope: Arc<Scope>,
}

impl SessionLayer {
    pub(crate) fn new(store: Arc<Store>, scope: Arc<Scope>) -> Self {
        Self { store, scope }
    }
}

impl<S> Layer<S> for SessionLayer {
    type Service = Session<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Session {
            inner,
            store: self.store.clone(),
            scope: self.scope.clone(),
        }
    }
}

/// Makes sure a session token is fresh before a request for the API goes on, and replays the
/// request once after a 401. It does not add the token itself: a
/// [`Stamp`](super::Stamp) service below does, when the request actually leaves.
///
/// A request wants the token when all of these hold:
/// - the store is not anonymous;
/// - the request has no [`WithAuth(false)`](super::WithAuth) extension;
/// - it has no `Authorization` header of its own (which is left alone);
/// - its URI is relative, or its scheme, host and port are those of the API base URL or the
///   auth URL. Image servers, the MD@Home report endpoint and any other host never see it.
///
/// Other requests are passed straight to the inner service (no clone, no box).
///
/// A request that wants the token first waits for a fresh one (refreshed before it expires,
/// one token call for all the concurrent requests that need it, made through the store's
/// token client). If the server still answers `401`, the session the stamp used (the
/// response says which) is discarded unless it was already replaced, one new token is
/// fetched (refresh, or login again when the refresh token is refused) and the same request,
/// same headers and same body bytes, is sent once more; a second `401` becomes an
/// [`Unauthorized`] error, and a failed token call a
/// [`TokenCallFailed`](super::TokenCallFailed) error. Other answers, including other errors,
/// pass through.
///
/// When no token client was set, the first request that wants the token installs a clone of
/// the inner service as the token client.
///
/// Replaying needs the body twice, hence `B: Clone` (e.g. `http_body_util::Full<Bytes>`, which
/// clones by reference count); token calls are built as bytes, hence `B: From<Bytes>`.
#[derive(Clone, Debug)]
pub struct Session<S> {
    inner: S,
    store: Arc<Store>,
    scope: Arc<Scope>,
}

impl<S> Session<S> {
    /// A handle on the token store this service shares with its layer and clones.
    pub fn handle(&self) -> AuthHandle {
        AuthHandle::new(self.store.clone())
    }

    /// The inner service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The inner service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Consumes `self`, returning the inner service.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S, B, RB> Service<Request<B>> for Session<S>
where
    S: Service<Request<B>, Response = Response<RB>> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Into<BoxError>,
    B: From<Bytes> + Clone + Send + 'static,
    RB: Body + Send + 'static,
    RB::Data: Send,
    RB::Error: Into<BoxError>,
{
    type Response = Response<RB>;
    type Error = BoxError;
    type Future = ResponseFuture<S::Future, RB>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // Anonymity first: a read of an atomic, cheaper than the scope's checks.
        if self.store.is_anonymous() || !self.scope.admits(&request) {
            return ResponseFuture::direct(self.inner.call(request));
        }
        self.store
            .set_client_if_absent(|| Arc::new(Erased::<S, B>::new(self.inner.clone())));
        // The token may have to be fetched before the request goes, so the future owns the
        // service that was polled ready, and a fresh clone is left for the next call.
        let clone = self.inner.clone();
        let mut inner = mem::replace(&mut self.inner, clone);
        let store = self.store.clone();
        ResponseFuture::authorized(Box::pin(async move {
            authorized(&store, &mut inner, request).await
        }))
    }
}

/// Sends `request` once a fresh token exists; after a 401, or when its session expired while
/// it waited below, once more with a new token.
async fn authorized<S, B, RB>(
    store: &Arc<Store>,
    inner: &mut S,
    request: Request<B>,
) -> Result<Response<RB>, BoxError>
where
    S: Service<Request<B>, Response = Response<RB>>,
    S::Error: Into<BoxError>,
    B: Clone,
    RB: Body,
    RB::Error: Into<BoxError>,
{
    if store.token(None).await?.is_none() {
        // Logged out since `call` looked: it goes as an anonymous request.
        return call::send(inner, request).await;
    }
    let (parts, body) = request.into_parts();
    let replay = Request::from_parts(parts.clone(), body.clone());
    // The session the request left with (none when the stamp found none: it was discarded
    // while the request waited below), and the 401's body.
    let (used, first_body, why) = match call::send(inner, Request::from_parts(parts, body)).await {
        Ok(response) if response.status() != StatusCode::UNAUTHORIZED => return Ok(response),
        Ok(response) => {
            let used = response.extensions().get::<Stamped>().map(|s| s.generation);
            // Read the small error body rather than drop it, so the connection can be reused.
            let body = call::collect(response.into_body())
                .await
                .unwrap_or_default();
            (used, body, "401 with a token")
        }
        Err(error) => match error.downcast_ref::<SessionExpired>() {
            Some(expired) => (
                Some(expired.generation()),
                Bytes::new(),
                "the session expired while the request waited",
            ),
            None => return Err(error),
        },
    };
    let method = replay.method().clone();
    let path = replay.uri().path().to_owned();
    debug!(target: TARGET, %method, path, why, "renewing the session and sending once more");
    if store.token(used).await?.is_none() {
        return Err(Unauthorized::new(method, path, first_body).into());
    }
    let response = call::send(inner, replay).await?;
    if response.status() != StatusCode::UNAUTHORIZED {
        return Ok(response);
    }
    let body = call::collect(response.into_body())
        .await
        .unwrap_or_default();
    Err(Unauthorized::new(method, path, body).into())
}
