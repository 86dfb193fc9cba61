//! The knobs of what the server answers: faults, the catalogue seed, refusals, latency and the
//! release time.

use std::time::Duration;

use time::OffsetDateTime;

#[cfg(doc)]
use super::DEFAULT_SEED;
use super::MockServerBuilder;
#[cfg(doc)]
use crate::MockServer;
use crate::faults::FaultPlan;

impl MockServerBuilder {
    /// Fault injection plan (default none); can be changed later with
    /// [`MockServer::set_faults`].
    pub fn faults(mut self, plan: FaultPlan) -> Self {
        self.config.faults = plan;
        self
    }

    /// Catalogue seed (default [`DEFAULT_SEED`]).
    pub fn seed(mut self, seed: u64) -> Self {
        self.config.seed = seed;
        self
    }

    /// Whether the image, report and uploads hosts answer 403 to requests carrying an
    /// `Authorization` header, as real MD@Home nodes do (default on). Such requests are counted in
    /// [`Counters::leaked_tokens`](crate::Counters::leaked_tokens) either way.
    pub fn reject_tokens_on_image_hosts(mut self, on: bool) -> Self {
        self.config.reject_tokens_on_cdn = on;
        self
    }

    /// Refuse API requests without a real `User-Agent` (missing, blank, or a browser's
    /// `Mozilla/...` sent by a program) and requests with a `Via` header, as MangaDex does:
    /// a plain-text `400` (default on). Counted in
    /// [`Counters::refused_clients`](crate::Counters::refused_clients).
    pub fn client_checks(mut self, on: bool) -> Self {
        self.config.client_checks = on;
        self
    }

    /// Every request, on every listener, waits this long before it is answered (default
    /// none), as over a slow network. On tokio time, like every wait of the server.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.config.latency = latency;
        self
    }

    /// Starts with a release time (default none: every chapter is out); see
    /// [`MockServer::set_release_time`].
    pub fn release_time(mut self, t: OffsetDateTime) -> Self {
        self.config.release = Some(t.unix_timestamp());
        self
    }
}
