//! The token client: the service token calls go through, its types erased.

use std::{
    future::Future,
    marker::PhantomData,
    pin::Pin,
    sync::{Mutex, PoisonError},
};

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body::Body;
use tower::{BoxError, Service};

use super::{WithAuth, call};

/// The answer to a token call: its status and (at most [`call::MAX_BODY`] of) its body.
pub(crate) type Answer =
    Pin<Box<dyn Future<Output = Result<(StatusCode, Bytes), BoxError>> + Send>>;

/// Sends token calls; what the store owns instead of a generic service.
pub(crate) trait TokenClient: Send + Sync {
    /// Sends `request` through a fresh clone of the service, marked [`WithAuth(false)`]: the
    /// stamp layer never adds the session token to a token call (the logout call carries its
    /// own `Authorization` header).
    fn call(&self, request: Request<Bytes>) -> Answer;
}

/// A [`TokenClient`] over any cloneable HTTP service whose request body can be built from
/// bytes. The mutex only makes a `Send` service shareable; it is held while cloning.
pub(crate) struct Erased<S, B> {
    service: Mutex<S>,
    body: PhantomData<fn() -> B>,
}

impl<S, B> Erased<S, B> {
    pub(crate) fn new(service: S) -> Self {
        Self {
            service: Mutex::new(service),
            body: PhantomData,
        }
    }
}

impl<S, B, RB> TokenClient for Erased<S, B>
where
    S: Service<Request<B>, Response = Response<RB>> + Clone + Send + 'static,
    S::Future: Send,
    S::Error: Into<BoxError>,
    B: From<Bytes> + Send + 'static,
    RB: Body + Send + 'static,
    RB::Data: Send,
    RB::Error: Into<BoxError>,
{
    fn call(&self, mut request: Request<Bytes>) -> Answer {
        let mut service = self
            .service
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        request.extensions_mut().insert(WithAuth(false));
        Box::pin(async move { call::token_call(&mut service, request).await })
    }
}
