//! [`Record`]: the live state of one bucket in this process, behind a short mutex. (State
//! shared with other processes goes through a [`SharedStore`](super::SharedStore), a stage of
//! its own after these buckets.)

use std::sync::{Mutex, MutexGuard, PoisonError};

use tokio::time::Instant;

use super::headers::RatelimitHeaders;
use super::rule::PathRatelimit;

/// One bucket's rule and the sends it has counted. Each method is atomic with respect to the
/// others: [`reserve`](Self::reserve) decides and commits in one step, so concurrent callers
/// can never both take the last slot.
#[derive(Debug)]
pub(crate) struct Record(Mutex<PathRatelimit>);

impl Record {
    pub(crate) fn new(rule: PathRatelimit) -> Self {
        Self(Mutex::new(rule))
    }

    fn lock(&self) -> MutexGuard<'_, PathRatelimit> {
        // No method panics while holding the lock; if one ever did, the rule's state is still
        // a valid (if stale) record, so carry on rather than poison every later request.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn reserve(&self, now: Instant, wait: bool) -> Result<Instant, Instant> {
        self.lock().reserve(now, wait)
    }

    pub(crate) fn free_at(&self, now: Instant) -> Instant {
        self.lock().free_at(now)
    }

    pub(crate) fn pause_until(&self, until: Instant) {
        self.lock().pause_until(until);
    }

    pub(crate) fn paused_until(&self) -> Option<Instant> {
        self.lock().paused_until()
    }

    pub(crate) fn correct(
        &self,
        headers: &RatelimitHeaders,
        sent_at: Option<Instant>,
        now: Instant,
    ) {
        self.lock().correct(headers, sent_at, now);
    }

    /// The window's length, margin included.
    pub(crate) fn window(&self) -> std::time::Duration {
        let rule = self.lock();
        rule.ratelimit_time() + rule.safety_margin()
    }

    pub(crate) fn snapshot(&self) -> PathRatelimit {
        self.lock().clone()
    }
}
