//! [`ResponseFuture`] of the [`RateLimit`](super::RateLimit) service.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use http::{Request, Response};
use pin_project_lite::pin_project;
use tokio::time::Instant;
use tower::{BoxError, Service};

use super::error::Ratelimited;
use super::shared::{Shared, Target};

type Wait = Pin<Box<dyn Future<Output = Result<Instant, BoxError>> + Send>>;

pin_project! {
    /// The response future of [`RateLimit`](super::RateLimit): waits for a slot if it must,
    /// calls the inner service, then learns from the response.
    pub struct ResponseFuture<S, B>
    where
        S: Service<Request<B>>,
    {
        #[pin]
        state: State<S, B>,
        observer: Option<Observer>,
    }
}

pin_project! {
    #[project = StateProj]
    enum State<S, B>
    where
        S: Service<Request<B>>,
    {
        // Boxed: held inline, the service and the request made every request's future 400
        // bytes, waiting or not (144 so); a wait costs far more than an allocation.
        Waiting {
            waiting: Option<Box<Held<S, B>>>,
        },
        Called {
            #[pin]
            future: S::Future,
        },
        Refused {
            error: Option<Ratelimited>,
        },
    }
}

/// A request held back until its slot: the wait, then the service to send it through.
struct Held<S, B> {
    wait: Wait,
    service: S,
    request: Request<B>,
}

/// What the future needs to learn from the response.
pub(crate) struct Observer {
    shared: Arc<Shared>,
    target: Target,
    sent_at: Instant,
}

impl Observer {
    pub(crate) fn new(shared: Arc<Shared>, target: Target, sent_at: Instant) -> Self {
        Self {
            shared,
            target,
            sent_at,
        }
    }
}

impl<S, B> ResponseFuture<S, B>
where
    S: Service<Request<B>>,
{
    pub(crate) fn called(future: S::Future, observer: Option<Observer>) -> Self {
        Self {
            state: State::Called { future },
            observer,
        }
    }

    pub(crate) fn waiting(wait: Wait, service: S, request: Request<B>, observer: Observer) -> Self {
        Self {
            state: State::Waiting {
                waiting: Some(Box::new(Held {
                    wait,
                    service,
                    request,
                })),
            },
            observer: Some(observer),
        }
    }

    pub(crate) fn refused(error: Ratelimited) -> Self {
        Self {
            state: State::Refused { error: Some(error) },
            observer: None,
        }
    }
}

impl<S, B, RB> Future for ResponseFuture<S, B>
where
    S: Service<Request<B>, Response = Response<RB>>,
    S::Error: Into<BoxError>,
{
    type Output = Result<Response<RB>, BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        loop {
            match this.state.as_mut().project() {
                StateProj::Waiting { waiting } => {
                    let held = waiting.as_mut().expect("polled after completion");
                    let sent_at = ready!(held.wait.as_mut().poll(cx))?;
                    let held = waiting.take().expect("polled after completion");
                    let Held {
                        mut service,
                        request,
                        ..
                    } = *held;
                    if let Some(observer) = this.observer.as_mut() {
                        observer.sent_at = sent_at;
                    }
                    let future = service.call(request);
                    this.state.set(State::Called { future });
                }
                StateProj::Called { future } => {
                    let mut response = ready!(future.poll(cx)).map_err(Into::into)?;
                    if let Some(observer) = this.observer.take() {
                        observer
                            .shared
                            .observe(observer.target, observer.sent_at, &mut response);
                    }
                    return Poll::Ready(Ok(response));
                }
                StateProj::Refused { error } => {
                    let error = error.take().expect("polled after completion");
                    return Poll::Ready(Err(error.into()));
                }
            }
        }
    }
}

impl<S, B> fmt::Debug for ResponseFuture<S, B>
where
    S: Service<Request<B>>,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Waiting { .. } => "waiting for a slot",
            State::Called { .. } => "called",
            State::Refused { .. } => "refused",
        };
        f.debug_struct("ResponseFuture")
            .field("state", &state)
            .finish()
    }
}
