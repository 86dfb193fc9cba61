//! The state every clone of a [`RateLimit`](super::RateLimit) service shares.

use std::sync::Arc;
use std::time::Duration;

use http::header::CONTENT_TYPE;
use http::{Request, Response, StatusCode};
use tokio::time::Instant;

use super::gate::{Bucket, Gate};
use super::headers::{RatelimitHeaders, X_RATELIMIT_RETRY_AFTER};
use super::ratelimits::Ratelimits;
use super::route::Route;
use super::stage::StoreStage;
use crate::api::Api;
use crate::hint::RatelimitPaused;
use crate::origin::Origin;

#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) ratelimits: Ratelimits,
    pub(crate) api: Api,
    pub(crate) hosts: Vec<(Option<Origin>, Bucket)>,
    pub(crate) sleep_on_ratelimit: bool,
    pub(crate) max_wait: Duration,
    pub(crate) slowdown_pause: Duration,
    /// The stage shared with other processes, when a store is set.
    pub(crate) store: Option<Arc<StoreStage>>,
}

/// Which buckets a request passes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Target {
    /// A host with no limit configured: passed through untouched.
    Unlimited,
    /// The API host, and the request's route rule if it has one.
    Api(Option<usize>),
    /// Another host with a limit of its own (index into `hosts`).
    Host(usize),
}

impl Shared {
    pub(crate) fn target<B>(&self, request: &Request<B>) -> Target {
        let uri = request.uri();
        if let Some(path) = self.api.route_path(uri) {
            let route = request.extensions().get::<Route>();
            return Target::Api(
                self.ratelimits
                    .route_index_of_path(route, path, request.method()),
            );
        }
        match self
            .hosts
            .iter()
            .position(|(origin, _)| origin.as_ref().is_some_and(|origin| origin.matches(uri)))
        {
            Some(index) => Target::Host(index),
            None => Target::Unlimited,
        }
    }

    pub(crate) fn gate(&self, target: Target) -> Gate<'_> {
        match target {
            Target::Unlimited => Gate {
                host: None,
                route: None,
            },
            Target::Api(route) => self.ratelimits.gate(route),
            Target::Host(index) => Gate {
                host: Some(&self.hosts[index].1),
                route: None,
            },
        }
    }

    /// Applies what a response says about the limits: header corrections on the route's
    /// bucket, and on a 429 (or an HTML "slow down" page) a pause of the affected buckets for
    /// every caller, marked on the response for a retry layer above.
    ///
    /// A route the table does not know has no bucket of its own: its window's end
    /// (`X-RateLimit-Retry-After`), once the server says nothing remains, pauses the host
    /// bucket instead, so that the next request does not earn a 429.
    pub(crate) fn observe<B>(&self, target: Target, sent_at: Instant, response: &mut Response<B>) {
        let gate = self.gate(target);
        let status = response.status();
        let slowdown = is_slowdown_page(status, response);
        let limited = status == StatusCode::TOO_MANY_REQUESTS;
        let hinted = response.headers().contains_key(&X_RATELIMIT_RETRY_AFTER);
        if gate.route.is_none() && !limited && !slowdown && !hinted {
            return;
        }
        let now = Instant::now();
        let headers = RatelimitHeaders::parse(response.headers(), self.max_wait);
        if let Some(route) = gate.route {
            route.state.correct(&headers, Some(sent_at), now);
        }
        self.tell_store(target, &headers);
        let paused_until = if limited {
            pause_after_429(gate, &headers, now)
        } else if slowdown {
            gate.host.map(|host| pause(host, now + self.slowdown_pause))
        } else if gate.route.is_none()
            && headers.remaining() == Some(0)
            && let Some(host) = gate.host
            && let Some(end) = headers.window_end().filter(|end| !end.is_zero())
        {
            Some(pause(host, now + end))
        } else {
            None
        };
        if let Some(until) = paused_until {
            tracing::debug!(
                target: "asyncdex_tower::ratelimit",
                status = status.as_u16(),
                pause_ms = until.saturating_duration_since(now).as_millis() as u64,
                "server says slow down: pausing for every caller"
            );
            if let (Some(stage), Target::Api(route)) = (&self.store, target) {
                stage.pause(route, until.saturating_duration_since(now));
            }
            response.extensions_mut().insert(RatelimitPaused { until });
        }
    }

    /// Passes the server's count of a route's window on to the shared store.
    fn tell_store(&self, target: Target, headers: &RatelimitHeaders) {
        let (Some(stage), Target::Api(Some(route))) = (&self.store, target) else {
            return;
        };
        if let (Some(limit), Some(remaining), Some(window_end)) =
            (headers.limit(), headers.remaining(), headers.window_end())
        {
            stage.correct(route, limit.saturating_sub(remaining), window_end);
        }
    }
}

/// Pauses the buckets a 429 hit: the route until its window ends (or `Retry-After`), the
/// host for `Retry-After`; without a hint, each for one window of its own. Without a
/// route rule, the host stands in for the route and honours the window's end too.
fn pause_after_429(gate: Gate<'_>, headers: &RatelimitHeaders, now: Instant) -> Option<Instant> {
    let mut paused_until = None;
    if let Some(route) = gate.route {
        let wait = headers
            .window_end()
            .or(headers.retry_after())
            .unwrap_or_else(|| route.state.snapshot().ratelimit_time());
        paused_until = Some(pause(route, now + wait));
    }
    if let Some(host) = gate.host {
        let hint = if gate.route.is_none() {
            headers.retry_after().max(headers.window_end())
        } else {
            headers.retry_after()
        };
        let wait = hint.unwrap_or_else(|| host.state.snapshot().ratelimit_time());
        let until = pause(host, now + wait);
        paused_until = Some(paused_until.map_or(until, |route: Instant| route.max(until)));
    }
    paused_until
}

fn pause(bucket: &Bucket, until: Instant) -> Instant {
    bucket.state.pause_until(until);
    bucket.state.paused_until().unwrap_or(until)
}

/// MangaDex's edge answers an HTML 400 "Your browser sent an invalid request" or an HTML 403
/// ban page to clients that push too hard; both mean "slow down".
fn is_slowdown_page<B>(status: StatusCode, response: &Response<B>) -> bool {
    (status == StatusCode::BAD_REQUEST || status == StatusCode::FORBIDDEN)
        && response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.trim_start().starts_with("text/html"))
}
