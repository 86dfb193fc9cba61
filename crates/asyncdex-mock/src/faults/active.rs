//! [`ActiveFaults`]: a plan being applied, request by request.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use http::Method;

use super::{FaultKind, FaultPlan};
use crate::log::{Listener, lock};
use crate::util::Rng;

/// A plan being applied: per-rule hit counters and the RNG.
#[derive(Debug)]
pub(crate) struct ActiveFaults {
    plan: FaultPlan,
    hits: Vec<AtomicU64>,
    rng: Mutex<Rng>,
}

impl ActiveFaults {
    pub(crate) fn new(plan: FaultPlan) -> Self {
        let hits = plan.rules.iter().map(|_| AtomicU64::new(0)).collect();
        let rng = Mutex::new(Rng::new(plan.seed));
        Self { plan, hits, rng }
    }

    pub(crate) fn decide(
        &self,
        listener: Listener,
        method: &Method,
        path: &str,
    ) -> Option<FaultKind> {
        for (rule, hits) in self.plan.rules.iter().zip(&self.hits) {
            if rule.kinds.is_empty() || !rule.which.matches(listener, method, path) {
                continue;
            }
            let n = hits.fetch_add(1, Ordering::Relaxed);
            if n < rule.skip {
                continue;
            }
            if rule.times.is_some_and(|t| n - rule.skip >= t) {
                continue;
            }
            let mut rng = lock(&self.rng);
            if let Some(p) = rule.probability
                && !rng.chance(p)
            {
                continue;
            }
            return Some(*rng.pick(&rule.kinds));
        }
        None
    }
}
