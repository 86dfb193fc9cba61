//! The retry decision: is this outcome retryable, may this request be resent, and after how
//! long.

use std::fmt;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use http::{Response, StatusCode};
use tokio::time::Instant;
use tower::BoxError;

use super::backoff::{Backoff, Jitter};
use super::budget::RetryBudget;
use super::classify::{ClassifyError, Failure};
use crate::hint::RatelimitPaused;
use crate::ratelimit::{MAX_SERVER_WAIT, RatelimitHeaders};

/// The layer's settings.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Config {
    pub(crate) max_retries: u32,
    pub(crate) backoff: Backoff,
    pub(crate) max_elapsed: Duration,
}

/// What a [`Retry`](super::Retry) and its clones share (behind one `Arc`); the budget and the
/// jitter generator are shared further, by every service of the layer.
pub(crate) struct Shared<C, S> {
    pub(crate) config: Config,
    pub(crate) classifier: C,
    pub(crate) budget: Option<RetryBudget>,
    pub(crate) jitter: Jitter,
    /// The service as the layer wrapped it. Resends go through clones of it, made only when
    /// a resend comes: a first send needs no clone of the whole inner stack, whose reference
    /// counts every core would otherwise write twice per request.
    pub(crate) resend: Mutex<S>,
}

/// The retry state of one request.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Attempt {
    /// Retries already sent.
    pub(crate) retries: u32,
    pub(crate) max_retries: u32,
    /// Set when the request opted in, or its method is idempotent.
    pub(crate) idempotent: bool,
    /// No resend starts after this (`None`: no limit).
    pub(crate) deadline: Option<Instant>,
}

/// Why a request is retried, for the logs.
#[derive(Clone, Copy, Debug)]
enum Reason {
    Status(StatusCode),
    Error(Failure),
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Status(status) => write!(f, "status {}", status.as_u16()),
            Self::Error(Failure::NotSent) => f.write_str("request not sent"),
            Self::Error(_) => f.write_str("transport error"),
        }
    }
}

/// Statuses worth another try.
fn is_retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// 408 and 429 mean the server rejected the request without processing it (RFC 9110 15.5.9,
/// RFC 6585 4), so even a `POST` may be resent after them.
fn is_unprocessed(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429)
}

impl<C, S: Clone> Shared<C, S> {
    /// A clone of the wrapped service for one resend.
    pub(crate) fn resend_service(&self) -> S {
        self.resend
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl<C: ClassifyError, S> Shared<C, S> {
    /// `Some(delay)` to retry after `delay`, `None` to return `result` as it is.
    ///
    /// Withdraws from the budget when it says yes, so call it once per outcome.
    pub(crate) fn decide<B>(
        &self,
        attempt: &Attempt,
        result: &Result<Response<B>, BoxError>,
    ) -> Option<Duration> {
        let (reason, may_resend) = match result {
            Ok(response) if is_retryable(response.status()) => (
                Reason::Status(response.status()),
                attempt.idempotent || is_unprocessed(response.status()),
            ),
            Ok(_) => return None,
            Err(error) => match self.classifier.classify(&**error) {
                Failure::Fatal => return None,
                failure @ Failure::NotSent => (Reason::Error(failure), true),
                failure @ Failure::Transport => (Reason::Error(failure), attempt.idempotent),
            },
        };
        if !may_resend {
            return give_up(
                reason,
                "the server may have processed this non-idempotent request",
            );
        }
        if attempt.retries >= attempt.max_retries {
            return None;
        }

        let now = Instant::now();
        let remaining = match attempt.deadline {
            Some(deadline) if deadline <= now => return None,
            Some(deadline) => deadline - now,
            None => Duration::MAX,
        };
        let delay = match self.server_wait(result, now, remaining) {
            Wait::Exactly(delay) => delay,
            Wait::Backoff => {
                let cap = self.config.backoff.cap(attempt.retries);
                self.jitter.up_to(cap).min(remaining)
            }
            Wait::Never(why) => return give_up(reason, why),
        };

        if let Some(budget) = &self.budget
            && !budget.withdraw()
        {
            return give_up(reason, "retry budget exhausted");
        }
        tracing::debug!(
            target: "asyncdex_tower::retry",
            retry = attempt.retries + 1,
            max_retries = attempt.max_retries,
            ?delay,
            %reason,
            "retrying request"
        );
        Some(delay)
    }

    /// What the response says about when to resend.
    fn server_wait<B>(
        &self,
        result: &Result<Response<B>, BoxError>,
        now: Instant,
        remaining: Duration,
    ) -> Wait {
        let Ok(response) = result else {
            return Wait::Backoff;
        };
        // A server that says "now" (`Retry-After: 0`, a window that already ended) still gets
        // the first backoff's worth of quiet: resending at once is how a client earns a ban.
        let floor = self.config.backoff.initial;
        if response.status() == StatusCode::TOO_MANY_REQUESTS
            && let Some(paused) = response.extensions().get::<RatelimitPaused>()
        {
            // The rate-limit layer below has paused its bucket and holds the resend until
            // `until` itself: sleeping here too would wait twice. Only what the pause falls
            // short of the floor is waited here.
            let pause = paused.until.saturating_duration_since(now);
            return if pause > remaining {
                Wait::Never("the rate limit frees up after the deadline")
            } else {
                Wait::Exactly(floor.saturating_sub(pause).min(remaining))
            };
        }
        match RatelimitHeaders::parse(response.headers(), MAX_SERVER_WAIT).resend_after() {
            None => Wait::Backoff,
            Some(hint) => {
                let delay = hint.max(floor).min(self.config.backoff.max);
                // Resending before the server is willing to answer would be pointless.
                if delay > remaining {
                    Wait::Never("the server asks to wait past the deadline")
                } else {
                    Wait::Exactly(delay)
                }
            }
        }
    }
}

/// The server's say on the delay before a resend.
enum Wait {
    /// A hint (capped) or a rate-limit pause.
    Exactly(Duration),
    /// No hint: full-jitter backoff.
    Backoff,
    /// The hint points past the deadline.
    Never(&'static str),
}

fn give_up<T>(reason: Reason, why: &'static str) -> Option<T> {
    tracing::debug!(target: "asyncdex_tower::retry", %reason, why, "not retrying");
    None
}
