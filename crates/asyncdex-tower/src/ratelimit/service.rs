//! [`RateLimit`]: the service.

use std::fmt;
use std::mem;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::{Request, Response};
use tokio::time::Instant;
use tower::{BoxError, Service};

use super::error::Ratelimited;
use super::future::{Observer, ResponseFuture};
use super::gate::{Attempt, Pending};
use super::layer::RateLimitLayer;
use super::ratelimits::Ratelimits;
use super::shared::{Shared, Target};
use super::stage::Refusal;

/// Holds each request until the limits it falls under have a free slot for it, then sends it,
/// and learns from the response (rate-limit headers, 429s).
///
/// The wait happens inside the response future, not in `poll_ready`, since the bucket depends
/// on the request; so an outer timeout covers it. Clones share every bucket.
pub struct RateLimit<S> {
    inner: S,
    shared: Arc<Shared>,
}

impl<S> RateLimit<S> {
    /// `inner` under MangaDex's default limits for the API at `api_base` (see
    /// [`RateLimitLayer::new`]); use a [`RateLimitLayer`] built with
    /// [`RateLimitLayer::builder`] for any other setting.
    pub fn new(inner: S, api_base: http::Uri) -> Self {
        Self::from_shared(inner, Arc::clone(RateLimitLayer::new(api_base).shared()))
    }

    pub(crate) fn from_shared(inner: S, shared: Arc<Shared>) -> Self {
        Self { inner, shared }
    }

    /// The limits and their live state.
    pub fn ratelimits(&self) -> &Ratelimits {
        &self.shared.ratelimits
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

impl<S: Clone> Clone for RateLimit<S> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<S: fmt::Debug> fmt::Debug for RateLimit<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimit")
            .field("inner", &self.inner)
            .field("api", &self.shared.api)
            .field("sleep_on_ratelimit", &self.shared.sleep_on_ratelimit)
            .finish()
    }
}

impl<S, B, RB> Service<Request<B>> for RateLimit<S>
where
    S: Service<Request<B>, Response = Response<RB>> + Clone,
    S::Error: Into<BoxError>,
{
    type Response = Response<RB>;
    type Error = BoxError;
    type Future = ResponseFuture<S, B>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let target = self.shared.target(&request);
        if let Target::Unlimited = target {
            return ResponseFuture::called(self.inner.call(request), None);
        }
        let now = Instant::now();
        let attempt = self
            .shared
            .gate(target)
            .try_now(now, self.shared.sleep_on_ratelimit);
        let observer = |sent_at| Observer::new(Arc::clone(&self.shared), target, sent_at);
        let shared_stage = matches!(target, Target::Api(_)) && self.shared.store.is_some();
        match attempt {
            Attempt::Go(sent_at) if !shared_stage => {
                let observer = observer(sent_at);
                ResponseFuture::called(self.inner.call(request), Some(observer))
            }
            Attempt::Blocked(blocked) => {
                let rule = blocked.bucket.state.snapshot();
                let retry_after = blocked.free_at.saturating_duration_since(now);
                let path = request.uri().path();
                let by_server = rule.held_by_server(now);
                ResponseFuture::refused(Ratelimited::new(path, &rule, retry_after, by_server))
            }
            Attempt::Go(_) | Attempt::Wait(_) => {
                let pending = match attempt {
                    Attempt::Wait(pending) => Some(pending),
                    _ => None,
                };
                let shared = Arc::clone(&self.shared);
                let path = shared_stage.then(|| request.uri().path().to_owned());
                let wait = Box::pin(async move { wait(&shared, target, pending, path).await });
                // The ready service goes into the future; this handle keeps a fresh clone that
                // will be polled ready before its own next call.
                let clone = self.inner.clone();
                let service = mem::replace(&mut self.inner, clone);
                ResponseFuture::waiting(wait, service, request, observer(now))
            }
        }
    }
}

/// Waits for this process's buckets (when `pending`), then for the shared stage (when the
/// request goes to the API and a store is set; `path` is then the request's, for a refusal).
async fn wait(
    shared: &Shared,
    target: Target,
    pending: Option<Pending>,
    path: Option<String>,
) -> Result<Instant, BoxError> {
    let at = match pending {
        Some(pending) => shared.gate(target).finish(pending).await,
        None => Instant::now(),
    };
    let (Some(stage), Target::Api(route), Some(path)) = (&shared.store, target, path) else {
        return Ok(at);
    };
    match stage
        .pass(&shared.ratelimits, route, shared.sleep_on_ratelimit)
        .await
    {
        Ok(()) => Ok(Instant::now()),
        // The store does not say which of its limits bound: name the route's rule when the
        // request has one (the scarcer), else the global one.
        Err(Refusal::Busy(retry_after)) => {
            let rule = route
                .and_then(|index| shared.ratelimits.route_rule(index))
                .or_else(|| shared.ratelimits.global());
            match rule {
                Some(rule) => Err(Ratelimited::new(&path, &rule, retry_after, false).into()),
                None => Ok(Instant::now()),
            }
        }
        Err(Refusal::Unavailable(error)) => Err(error.into()),
    }
}
