//! [`ResponseFuture`]: one request, sent until it succeeds or may not be retried.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use http::{Request, Response};
use pin_project_lite::pin_project;
use tokio::time::Sleep;
use tower::{BoxError, Service};

use super::classify::ClassifyError;
use super::extensions::Attempts;
use super::policy::{Attempt, Shared};

pin_project! {
    /// The response future of [`Retry`](super::Retry).
    pub struct ResponseFuture<S, B, C>
    where
        S: Service<Request<B>>,
    {
        #[pin]
        state: State<S, S::Future>,
        // The request as first received, cloned for each resend. `None` once no resend can
        // follow (the last allowed send took it).
        request: Option<Request<B>>,
        shared: Arc<Shared<C, S>>,
        attempt: Attempt,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<S, F> {
        // An attempt is in flight.
        Called { #[pin] future: F },
        // Backing off before the next attempt.
        Sleeping { #[pin] sleep: Sleep },
        // Waiting for a clone of the wrapped service to be ready for the next attempt.
        Polling { service: S },
    }
}

impl<S, B, C> ResponseFuture<S, B, C>
where
    S: Service<Request<B>>,
{
    pub(crate) fn new(
        future: S::Future,
        request: Option<Request<B>>,
        shared: Arc<Shared<C, S>>,
        attempt: Attempt,
    ) -> Self {
        Self {
            state: State::Called { future },
            request,
            shared,
            attempt,
        }
    }
}

impl<S, B, RB, C> Future for ResponseFuture<S, B, C>
where
    S: Service<Request<B>, Response = Response<RB>> + Clone,
    S::Error: Into<BoxError>,
    B: Clone,
    C: ClassifyError,
{
    type Output = Result<Response<RB>, BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        loop {
            match this.state.as_mut().project() {
                StateProj::Called { future } => {
                    let result = ready!(future.poll(cx)).map_err(Into::into);
                    let delay = match this.request {
                        Some(_) => this.shared.decide(this.attempt, &result),
                        None => None,
                    };
                    let Some(delay) = delay else {
                        let retries = this.attempt.retries;
                        return Poll::Ready(result.map(|mut response| {
                            if retries > 0 {
                                response.extensions_mut().insert(Attempts(retries + 1));
                            }
                            response
                        }));
                    };
                    // Dropping a response whose body was not read makes hyper close that
                    // connection instead of returning it to the pool. That is deliberate: the
                    // body of a 5xx/429 is an error page nobody will read, draining it would
                    // mean reading an unbounded body during the backoff, and one fresh
                    // connection costs little next to the backoff itself.
                    drop(result);
                    this.attempt.retries += 1;
                    if delay.is_zero() {
                        let service = this.shared.resend_service();
                        this.state.set(State::Polling { service });
                    } else {
                        this.state.set(State::Sleeping {
                            sleep: tokio::time::sleep(delay),
                        });
                    }
                }
                StateProj::Sleeping { sleep } => {
                    ready!(sleep.poll(cx));
                    let service = this.shared.resend_service();
                    this.state.set(State::Polling { service });
                }
                StateProj::Polling { service } => {
                    // Readiness contract: the clone is polled ready before it sends.
                    ready!(service.poll_ready(cx)).map_err(Into::into)?;
                    let request = if this.attempt.retries >= this.attempt.max_retries {
                        // The last allowed send: no clone needed.
                        this.request.take()
                    } else {
                        this.request.as_ref().map(clone_request)
                    };
                    let Some(request) = request else {
                        // Unreachable: `decide` is only asked while a request is kept.
                        return Poll::Ready(Err("retry without a request to resend".into()));
                    };
                    let future = service.call(request);
                    this.state.set(State::Called { future });
                }
            }
        }
    }
}

/// A copy of the request for a resend: same method, URI, version, headers, extensions
/// (`http::Extensions` only holds `Clone` values) and body.
pub(crate) fn clone_request<B: Clone>(request: &Request<B>) -> Request<B> {
    let mut clone = Request::new(request.body().clone());
    *clone.method_mut() = request.method().clone();
    *clone.uri_mut() = request.uri().clone();
    *clone.version_mut() = request.version();
    *clone.headers_mut() = request.headers().clone();
    *clone.extensions_mut() = request.extensions().clone();
    clone
}

impl<S, B, C> fmt::Debug for ResponseFuture<S, B, C>
where
    S: Service<Request<B>>,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture")
            .field("attempt", &self.attempt)
            .finish_non_exhaustive()
    }
}
