//! The retry budget shared by every clone of a layer.
//!
//! Without a budget, an outage multiplies the load on the server by `1 + retries`, exactly
//! when it can least take it. The budget caps retries to a share of recent requests.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tower::retry::budget::{Budget, TpsBudget};

/// A retry budget, shared by cloning (clones and every service built from one
/// [`RetryLayer`](super::RetryLayer) draw from the same budget).
///
/// Every request deposits into the budget and every retry withdraws from it. When a retry
/// finds the budget empty, the layer returns the last response or error as it is.
///
/// The default is tower's [`TpsBudget`] default: deposits count for 10 seconds, at least 10
/// retries per second are always allowed, plus 20 % of the requests.
///
/// The counters are for observability and tests.
#[derive(Clone)]
pub struct RetryBudget {
    inner: Arc<Inner>,
}

struct Inner {
    budget: Box<dyn Budget + Send + Sync>,
    deposits: AtomicU64,
    withdrawals: AtomicU64,
    refusals: AtomicU64,
}

impl RetryBudget {
    /// A [`TpsBudget`] with these parameters: `ttl` is how long a deposit counts,
    /// `min_per_sec` the retries per second always allowed, `retry_percent` the share of
    /// requests that may be retried on top (`0.2` = 20 %).
    ///
    /// # Panics
    ///
    /// Like [`TpsBudget::new`]: when `ttl` is not within 1 to 60 seconds or `retry_percent`
    /// not within 0 to 1000.
    pub fn new(ttl: Duration, min_per_sec: u32, retry_percent: f32) -> Self {
        Self::custom(TpsBudget::new(ttl, min_per_sec, retry_percent))
    }

    /// Wraps any tower [`Budget`].
    pub fn custom<B>(budget: B) -> Self
    where
        B: Budget + Send + Sync + 'static,
    {
        Self {
            inner: Arc::new(Inner {
                budget: Box::new(budget),
                deposits: AtomicU64::new(0),
                withdrawals: AtomicU64::new(0),
                refusals: AtomicU64::new(0),
            }),
        }
    }

    /// How many requests deposited into the budget.
    pub fn deposits(&self) -> u64 {
        self.inner.deposits.load(Ordering::Relaxed)
    }

    /// How many retries the budget allowed.
    pub fn withdrawals(&self) -> u64 {
        self.inner.withdrawals.load(Ordering::Relaxed)
    }

    /// How many retries were refused because the budget was exhausted.
    pub fn refusals(&self) -> u64 {
        self.inner.refusals.load(Ordering::Relaxed)
    }

    pub(crate) fn deposit(&self) {
        self.inner.deposits.fetch_add(1, Ordering::Relaxed);
        self.inner.budget.deposit();
    }

    pub(crate) fn withdraw(&self) -> bool {
        let allowed = self.inner.budget.withdraw();
        let counter = if allowed {
            &self.inner.withdrawals
        } else {
            &self.inner.refusals
        };
        counter.fetch_add(1, Ordering::Relaxed);
        allowed
    }
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self::custom(TpsBudget::default())
    }
}

impl fmt::Debug for RetryBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryBudget")
            .field("deposits", &self.deposits())
            .field("withdrawals", &self.withdrawals())
            .field("refusals", &self.refusals())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_budget_and_counters() {
        // No floor, one retry per deposit.
        let a = RetryBudget::new(Duration::from_secs(1), 0, 1.0);
        let b = a.clone();
        assert!(!a.withdraw());
        a.deposit();
        assert!(b.withdraw());
        assert!(!a.withdraw());
        assert_eq!((b.deposits(), b.withdrawals(), b.refusals()), (1, 1, 2));
    }

    #[test]
    fn default_allows_the_floor() {
        // 10 retries per second over a 10 s window, before any deposit.
        let budget = RetryBudget::default();
        let allowed = (0..200).filter(|_| budget.withdraw()).count();
        assert_eq!(allowed, 100);
    }
}
