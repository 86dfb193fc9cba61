//! Where bucket state lives: a small trait, so a shared store can replace the in-process one.

use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::time::Instant;

use super::headers::RatelimitHeaders;
use super::rule::PathRatelimit;

/// The state of one bucket: the sends it has counted and any pause.
///
/// The in-process implementation is a [`PathRatelimit`] behind a mutex. Another
/// implementation (for example several processes behind one IP sharing memory or a file)
/// must keep each method atomic with respect to the others: in particular
/// [`reserve`](Self::reserve) decides and commits in one step, so that concurrent callers can
/// never both take the last slot.
pub trait RatelimitState: Send + Sync + fmt::Debug + 'static {
    /// Commits a send at the earliest instant the bucket allows, not before `now`, and returns
    /// it; or, when `wait` is false and that instant is later than `now`, commits nothing and
    /// returns that instant as the error.
    fn reserve(&self, now: Instant, wait: bool) -> Result<Instant, Instant>;

    /// The earliest instant, not before `now`, at which one more send would fit.
    fn free_at(&self, now: Instant) -> Instant;

    /// Records a send at `at` (decided elsewhere, e.g. by a host bucket).
    fn record(&self, at: Instant);

    /// Holds every send back until `until` (a pause never shortens an existing one).
    fn pause_until(&self, until: Instant);

    /// The end of the current pause, if any was set.
    fn paused_until(&self) -> Option<Instant>;

    /// Applies the server's rate-limit headers of a response to a request sent at `sent_at`.
    fn correct(&self, headers: &RatelimitHeaders, sent_at: Option<Instant>, now: Instant);

    /// Forgets every counted send and any pause.
    fn expire(&self);

    /// A copy of the rule and its current state.
    fn snapshot(&self) -> PathRatelimit;
}

/// Makes the state of each bucket of a [`Ratelimits`](super::Ratelimits).
pub trait RatelimitBackend: Send + Sync + fmt::Debug + 'static {
    /// The state for `rule` (which carries its initial state, normally empty).
    fn bucket(&self, rule: PathRatelimit) -> Box<dyn RatelimitState>;
}

/// The default backend: state in this process's memory, one short mutex per bucket.
#[derive(Clone, Copy, Debug, Default)]
pub struct InMemory;

impl RatelimitBackend for InMemory {
    fn bucket(&self, rule: PathRatelimit) -> Box<dyn RatelimitState> {
        Box::new(InMemoryBucket(Mutex::new(rule)))
    }
}

#[derive(Debug)]
struct InMemoryBucket(Mutex<PathRatelimit>);

impl InMemoryBucket {
    fn lock(&self) -> MutexGuard<'_, PathRatelimit> {
        // No method panics while holding the lock; if one ever did, the rule's state is still
        // a valid (if stale) record, so carry on rather than poison every later request.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl RatelimitState for InMemoryBucket {
    fn reserve(&self, now: Instant, wait: bool) -> Result<Instant, Instant> {
        self.lock().reserve(now, wait)
    }

    fn free_at(&self, now: Instant) -> Instant {
        self.lock().free_at(now)
    }

    fn record(&self, at: Instant) {
        self.lock().record(at);
    }

    fn pause_until(&self, until: Instant) {
        self.lock().pause_until(until);
    }

    fn paused_until(&self) -> Option<Instant> {
        self.lock().paused_until()
    }

    fn correct(&self, headers: &RatelimitHeaders, sent_at: Option<Instant>, now: Instant) {
        self.lock().correct(headers, sent_at, now);
    }

    fn expire(&self) {
        self.lock().expire();
    }

    fn snapshot(&self) -> PathRatelimit {
        self.lock().clone()
    }
}
