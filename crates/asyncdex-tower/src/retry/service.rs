//! [`Retry`]: the service built by [`RetryLayer`].

use std::fmt;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use tokio::time::Instant;
use tower::{BoxError, Layer, Service};

use super::budget::RetryBudget;
use super::classify::{ClassifyError, DefaultClassifier};
use super::extensions::{Idempotent, Retries};
use super::future::{ResponseFuture, clone_request};
use super::layer::RetryLayer;
use super::policy::{Attempt, Shared};

/// Resends failed requests with backoff; see the [module docs](super).
///
/// A first send goes through the service that was polled ready. A resend goes through a new
/// clone of the service as the layer wrapped it, polled ready first; so a change made through
/// [`get_mut`](Self::get_mut) reaches first sends only.
pub struct Retry<S, C = DefaultClassifier> {
    inner: S,
    shared: Arc<Shared<C, S>>,
}

impl<S: Clone> Retry<S> {
    /// Wraps `inner` with the defaults of [`RetryLayer::new`].
    pub fn new(inner: S) -> Self {
        RetryLayer::new().layer(inner)
    }
}

impl<S, C> Retry<S, C> {
    pub(crate) fn from_shared(inner: S, shared: Arc<Shared<C, S>>) -> Self {
        Self { inner, shared }
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

    /// The retry budget shared with the layer and its other services, if any.
    pub fn retry_budget(&self) -> Option<&RetryBudget> {
        self.shared.budget.as_ref()
    }
}

impl<S, B, RB, C> Service<Request<B>> for Retry<S, C>
where
    S: Service<Request<B>, Response = Response<RB>> + Clone,
    S::Error: Into<BoxError>,
    B: Clone,
    C: ClassifyError,
{
    type Response = Response<RB>;
    type Error = BoxError;
    type Future = ResponseFuture<S, B, C>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let config = &self.shared.config;
        let max_retries = request
            .extensions()
            .get::<Retries>()
            .map_or(config.max_retries, |r| r.0);
        let attempt = Attempt {
            retries: 0,
            max_retries,
            idempotent: request.method().is_idempotent()
                || request.extensions().get::<Idempotent>().is_some(),
            deadline: Instant::now().checked_add(config.max_elapsed),
        };
        if let Some(budget) = &self.shared.budget {
            budget.deposit();
        }
        // Keep the original for resends only if there may be any.
        let (first, kept) = if max_retries == 0 {
            (request, None)
        } else {
            (clone_request(&request), Some(request))
        };
        let future = self.inner.call(first);
        ResponseFuture::new(future, kept, Arc::clone(&self.shared), attempt)
    }
}

impl<S: Clone, C> Clone for Retry<S, C> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<S: fmt::Debug, C> fmt::Debug for Retry<S, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Retry")
            .field("inner", &self.inner)
            .field("config", &self.shared.config)
            .field("budget", &self.shared.budget)
            .finish_non_exhaustive()
    }
}
