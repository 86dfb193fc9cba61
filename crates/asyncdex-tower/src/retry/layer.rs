//! [`RetryLayer`]: builds [`Retry`] services that share one budget.

use std::any::type_name;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tower::Layer;

use super::backoff::{Backoff, Jitter};
use super::budget::RetryBudget;
use super::classify::DefaultClassifier;
use super::policy::{Config, Shared};
use super::service::Retry;

/// Applies [`Retry`] to a service; see the [module docs](super).
///
/// Cheap to clone; clones, and every service built from them, share one [`RetryBudget`] and
/// one jitter generator.
#[derive(Clone)]
pub struct RetryLayer<C = DefaultClassifier> {
    config: Config,
    classifier: C,
    budget: Option<RetryBudget>,
    jitter: Jitter,
}

impl RetryLayer {
    /// Defaults: 3 retries (up to 4 sends), backoff from 250 ms doubling up to 30 s, no resend
    /// starting more than 60 s after the first send, [`RetryBudget::default`], the
    /// [`DefaultClassifier`] and a jitter generator seeded from the clock.
    pub fn new() -> Self {
        Self {
            config: Config {
                max_retries: 3,
                backoff: Backoff {
                    initial: Duration::from_millis(250),
                    max: Duration::from_secs(30),
                },
                max_elapsed: Duration::from_secs(60),
            },
            classifier: DefaultClassifier,
            budget: Some(RetryBudget::default()),
            jitter: Jitter::from_entropy(),
        }
    }
}

impl Default for RetryLayer {
    fn default() -> Self {
        Self::new()
    }
}

impl<C> RetryLayer<C> {
    /// Retries per request after the first send, unless the request carries a
    /// [`Retries`](super::Retries) extension.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.config.max_retries = retries;
        self
    }

    /// The upper bound of the first backoff; it doubles with every retry.
    pub fn initial_backoff(mut self, delay: Duration) -> Self {
        self.config.backoff.initial = delay;
        self
    }

    /// The longest single wait, for the backoff and for server hints alike.
    pub fn max_backoff(mut self, delay: Duration) -> Self {
        self.config.backoff.max = delay;
        self
    }

    /// No resend starts later than this after the first send (`Duration::MAX`: no limit).
    ///
    /// A server hint or rate-limit pause that ends past this deadline makes the layer return
    /// the response at once instead of waiting for nothing.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.config.max_elapsed = elapsed;
        self
    }

    /// Seeds the jitter, for reproducible delays in tests.
    pub fn seed(mut self, seed: u64) -> Self {
        self.jitter = Jitter::seeded(seed);
        self
    }

    /// Shares `budget` (a clone of another layer's budget shares it with that layer too).
    pub fn budget(mut self, budget: RetryBudget) -> Self {
        self.budget = Some(budget);
        self
    }

    /// Retries without a budget: only the per-request retry count limits them.
    pub fn no_budget(mut self) -> Self {
        self.budget = None;
        self
    }

    /// Uses `classifier` to decide which errors of the inner service are retried.
    pub fn classifier<C2>(self, classifier: C2) -> RetryLayer<C2> {
        RetryLayer {
            config: self.config,
            classifier,
            budget: self.budget,
            jitter: self.jitter,
        }
    }

    /// The budget shared by every service of this layer, if any.
    pub fn retry_budget(&self) -> Option<&RetryBudget> {
        self.budget.as_ref()
    }
}

impl<S: Clone, C: Clone> Layer<S> for RetryLayer<C> {
    type Service = Retry<S, C>;

    fn layer(&self, inner: S) -> Self::Service {
        let shared = Shared {
            config: self.config,
            classifier: self.classifier.clone(),
            budget: self.budget.clone(),
            jitter: self.jitter.clone(),
            resend: Mutex::new(inner.clone()),
        };
        Retry::from_shared(inner, Arc::new(shared))
    }
}

impl<C> fmt::Debug for RetryLayer<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryLayer")
            .field("config", &self.config)
            .field("classifier", &type_name::<C>())
            .field("budget", &self.budget)
            .finish_non_exhaustive()
    }
}
