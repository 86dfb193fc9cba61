use std::{
    mem,
    sync::Arc,
    task::{Context, Poll},
};

use bytes::Bytes;
use http::{HeaderMap, Request, Response, StatusCode, header::AUTHORIZATION};
use http_body::Body;
use tower::{BoxError, Service};
use tracing::debug;

use crate::hint::BeforeSend;

use super::{
    AuthHandle, Unauthorized, WithAuth, call,
    future::ResponseFuture,
    scope::Scope,
    state::Token,
    store::{Store, TARGET},
};

/// Adds `Authorization: Bearer <session token>` to requests for the API, keeping the token
/// fresh, and replays a request once after a 401.
///
/// Built by [`AuthLayer`](super::AuthLayer). A request gets a token only when all of these
/// hold:
/// - the layer is not anonymous;
/// - the request has no [`WithAuth(false)`](WithAuth) extension;
/// - it has no `Authorization` header of its own (which is left alone);
/// - its URI is relative, or its scheme, host and port are those of the API base URL or the
///   auth URL. Image servers, the MD@Home report endpoint and any other host never see it.
///
/// Such a request waits for a fresh token first (refreshed before it expires, one token call
/// for all the concurrent requests that need it, made through the inner service). If the
/// server still answers `401`, the session is discarded, one new token is fetched (refresh,
/// or login again when the refresh token is refused) and the same request, same headers and
/// same body bytes, is sent once more; a second `401` becomes an [`Unauthorized`] error, and
/// a failed token call a [`TokenCallFailed`](super::TokenCallFailed) error. Other answers,
/// including other errors, pass through.
///
/// Replaying needs the body twice, hence `B: Clone` (e.g. `http_body_util::Full<Bytes>`, which
/// clones by reference count); token calls are built as bytes, hence `B: From<Bytes>`.
#[derive(Clone, Debug)]
pub struct Auth<S> {
    inner: S,
    store: Arc<Store>,
    scope: Arc<Scope>,
}

impl<S> Auth<S> {
    pub(crate) fn new(inner: S, store: Arc<Store>, scope: Arc<Scope>) -> Self {
        Self {
            inner,
            store,
            scope,
        }
    }

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

    fn wants_token<B>(&self, request: &Request<B>) -> bool {
        request.extensions().get::<WithAuth>() != Some(&WithAuth(false))
            && !request.headers().contains_key(AUTHORIZATION)
            && self.scope.covers(request.uri())
            && !self.store.is_anonymous()
    }
}

impl<S, B, RB> Service<Request<B>> for Auth<S>
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
        if !self.wants_token(&request) {
            return ResponseFuture::direct(self.inner.call(request));
        }
        // The token may have to be fetched (through the same service) before the request
        // goes, so the future owns the service that was polled ready, and a fresh clone is
        // left for the next call. Requests without a token skip that clone.
        let clone = self.inner.clone();
        let mut inner = mem::replace(&mut self.inner, clone);
        let store = self.store.clone();
        ResponseFuture::authorized(Box::pin(async move {
            authorized(&store, &mut inner, request).await
        }))
    }
}

/// Sends `request` with a fresh token; after a 401, once more with a new token.
async fn authorized<S, B, RB>(
    store: &Arc<Store>,
    inner: &mut S,
    request: Request<B>,
) -> Result<Response<RB>, BoxError>
where
    S: Service<Request<B>, Response = Response<RB>> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Into<BoxError>,
    B: From<Bytes> + Clone + Send + 'static,
    RB: Body + Send + 'static,
    RB::Data: Send,
    RB::Error: Into<BoxError>,
{
    let Some(token) = store.token(inner, None).await? else {
        // Logged out since `call` looked: send it as an anonymous request.
        return call::send(inner, request).await;
    };
    let (parts, body) = request.into_parts();
    let replay = Request::from_parts(parts.clone(), body.clone());
    let response = call::send(
        inner,
        bearer(store, Request::from_parts(parts, body), &token),
    )
    .await?;
    if response.status() != StatusCode::UNAUTHORIZED {
        return Ok(response);
    }

    let method = replay.method().clone();
    let path = replay.uri().path().to_owned();
    debug!(target: TARGET, %method, path, "401 with a token; renewing it and replaying once");
    // Read the small error body rather than drop it, so the connection can be reused.
    let first_body = call::collect(response.into_body())
        .await
        .unwrap_or_default();
    let Some(fresh) = store.token(inner, Some(token.generation)).await? else {
        return Err(Unauthorized::new(method, path, first_body).into());
    };
    let response = call::send(inner, bearer(store, replay, &fresh)).await?;
    if response.status() != StatusCode::UNAUTHORIZED {
        return Ok(response);
    }
    let body = call::collect(response.into_body())
        .await
        .unwrap_or_default();
    Err(Unauthorized::new(method, path, body).into())
}

/// Adds the token, and a [`BeforeSend`] hook that swaps in a newer one should the request be
/// held back below (by the rate limiter) while the session is renewed: a request that waited
/// past its token's expiry would otherwise be answered 401.
fn bearer<B>(store: &Arc<Store>, mut request: Request<B>, token: &Token) -> Request<B> {
    request
        .headers_mut()
        .insert(AUTHORIZATION, token.header.clone());
    let (store, attached) = (Arc::downgrade(store), token.clone());
    let hook = move |headers: &mut HeaderMap| {
        // Only the header this layer set, and only a newer session's.
        if headers.get(AUTHORIZATION) != Some(&attached.header) {
            return;
        }
        if let Some(newer) = store
            .upgrade()
            .and_then(|store| store.newer_than(attached.generation))
        {
            headers.insert(AUTHORIZATION, newer);
        }
    };
    request.extensions_mut().insert(BeforeSend(Arc::new(hook)));
    request
}
