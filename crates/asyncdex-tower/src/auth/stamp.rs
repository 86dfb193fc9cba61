use std::{
    future::Future,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll, ready},
};

use http::{Request, Response, header::AUTHORIZATION};
use pin_project_lite::pin_project;
use tokio::time::Instant;
use tower::{BoxError, Layer, Service};

use super::{error::SessionExpired, scope::Scope, state::Shared};

/// Set by [`Stamp`] on the response to a request it gave the session token: which session
/// that was, so a 401 discards that session and no newer one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stamped {
    pub(crate) generation: u64,
}

/// Applies [`Stamp`]: the session token, added when the request is sent. Built by
/// [`AuthLayer::stamp_layer`](super::AuthLayer::stamp_layer).
///
/// It holds the token state only, never the store's token client, so a token client that
/// sends through this layer makes no reference cycle.
#[derive(Clone, Debug)]
pub struct StampLayer {
    state: Arc<Shared>,
    scope: Arc<Scope>,
}

impl StampLayer {
    pub(crate) fn new(state: Arc<Shared>, scope: Arc<Scope>) -> Self {
        Self { state, scope }
    }
}

impl<S> Layer<S> for StampLayer {
    type Service = Stamp<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Stamp {
            inner,
            state: self.state.clone(),
            scope: self.scope.clone(),
        }
    }
}

/// Adds `Authorization: Bearer <session token>` to a request for the API when it is called,
/// with the session current at that moment.
///
/// Place it below anything that may hold a request back (the rate-limit layer): a request
/// that waited there past a session renewal leaves with the newer token, not with the one
/// that was current when it started waiting.
///
/// It adds the token under the rules of [`Session`](super::Session) (no
/// [`WithAuth(false)`](super::WithAuth), no `Authorization` header of its own, a URI for the
/// API or auth origin), whenever the store has a session, fresh or due for a refresh. A
/// session that has expired (the request waited longer than the token lived) is not sent: the
/// request fails with [`SessionExpired`] instead of earning a 401. It never makes a token
/// call: keeping the session fresh, and replaying after a 401 or an expired session, is the
/// job of the [`Session`](super::Session) service above it.
#[derive(Clone, Debug)]
pub struct Stamp<S> {
    inner: S,
    state: Arc<Shared>,
    scope: Arc<Scope>,
}

impl<S> Stamp<S> {
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

impl<S, B, RB> Service<Request<B>> for Stamp<S>
where
    S: Service<Request<B>, Response = Response<RB>>,
    S::Error: Into<BoxError>,
{
    type Response = Response<RB>;
    type Error = BoxError;
    type Future = StampFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, mut request: Request<B>) -> Self::Future {
        // The session is looked at first: without one (an anonymous client) that is a read
        // of an atomic, cheaper than the scope's header and origin checks.
        let token = if self.state.has_session() && self.scope.admits(&request) {
            self.state.current()
        } else {
            None
        };
        let stamped = match token {
            Some(token) if token.expires_at <= Instant::now() => {
                let kind = Kind::Expired {
                    generation: token.generation,
                };
                return StampFuture { kind };
            }
            Some(token) => {
                request.headers_mut().insert(AUTHORIZATION, token.header);
                Some(Stamped {
                    generation: token.generation,
                })
            }
            None => None,
        };
        StampFuture {
            kind: Kind::Sent {
                future: self.inner.call(request),
                stamped,
            },
        }
    }
}

pin_project! {
    /// Response future of [`Stamp`]: the inner future, whose response it tags with the
    /// session the request carried; or, for a request whose session had expired, that error
    /// ([`SessionExpired`]) without sending it.
    #[derive(Debug)]
    pub struct StampFuture<F> {
        #[pin]
        kind: Kind<F>,
    }
}

pin_project! {
    #[project = KindProjection]
    #[derive(Debug)]
    enum Kind<F> {
        Sent {
            #[pin]
            future: F,
            stamped: Option<Stamped>,
        },
        Expired {
            generation: u64,
        },
    }
}

impl<F, RB, E> Future for StampFuture<F>
where
    F: Future<Output = Result<Response<RB>, E>>,
    E: Into<BoxError>,
{
    type Output = Result<Response<RB>, BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().kind.project() {
            KindProjection::Sent { future, stamped } => {
                let mut response = ready!(future.poll(cx)).map_err(Into::into)?;
                if let Some(stamped) = stamped.take() {
                    response.extensions_mut().insert(stamped);
                }
                Poll::Ready(Ok(response))
            }
            KindProjection::Expired { generation } => {
                Poll::Ready(Err(SessionExpired::new(*generation).into()))
            }
        }
    }
}
