use std::{
    fmt,
    future::Future,
    pin::Pin,
    task::{Context, Poll, ready},
};

use http::Response;
use pin_project_lite::pin_project;
use tower::BoxError;

/// The boxed future of a request that wants a token: it may make a token call, and replay
/// the request once after a 401, so it is a small async state machine of its own.
pub(crate) type Authorized<RB> =
    Pin<Box<dyn Future<Output = Result<Response<RB>, BoxError>> + Send>>;

pin_project! {
    /// Response future of [`Session`](super::Session).
    ///
    /// Requests that get no token (anonymous mode, another host, `WithAuth(false)`) are the
    /// inner future itself, unboxed.
    pub struct ResponseFuture<F, RB> {
        #[pin]
        kind: Kind<F, RB>,
    }
}

pin_project! {
    #[project = KindProj]
    enum Kind<F, RB> {
        Direct { #[pin] future: F },
        Authorized { future: Authorized<RB> },
    }
}

impl<F, RB> ResponseFuture<F, RB> {
    pub(crate) fn direct(future: F) -> Self {
        Self {
            kind: Kind::Direct { future },
        }
    }

    pub(crate) fn authorized(future: Authorized<RB>) -> Self {
        Self {
            kind: Kind::Authorized { future },
        }
    }
}

impl<F, RB, E> Future for ResponseFuture<F, RB>
where
    F: Future<Output = Result<Response<RB>, E>>,
    E: Into<BoxError>,
{
    type Output = Result<Response<RB>, BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().kind.project() {
            KindProj::Direct { future } => Poll::Ready(ready!(future.poll(cx)).map_err(Into::into)),
            KindProj::Authorized { future } => future.as_mut().poll(cx),
        }
    }
}

impl<F, RB> fmt::Debug for ResponseFuture<F, RB> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            Kind::Direct { .. } => "Direct",
            Kind::Authorized { .. } => "Authorized",
        };
        f.debug_struct("ResponseFuture")
            .field("kind", &kind)
            .finish()
    }
}
