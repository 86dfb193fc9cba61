//! The knobs of the rate limits and bans.

use std::time::Duration;

use super::MockServerBuilder;
use crate::limits::RouteLimit;
#[cfg(doc)]
use crate::limits::default_route_limits;

impl MockServerBuilder {
    /// Global limit: requests per second per client IP on the API host (default 5).
    pub fn global_limit(mut self, per_second: u32) -> Self {
        self.config.global_limit = Some(per_second.max(1));
        self
    }

    /// No global limit.
    pub fn no_global_limit(mut self) -> Self {
        self.config.global_limit = None;
        self
    }

    /// Turns the per-route table on or off (default on).
    pub fn route_limits(mut self, on: bool) -> Self {
        self.config.route_limits = on;
        self
    }

    /// Replaces the per-route table (default [`default_route_limits`]).
    pub fn route_limit_table(mut self, table: Vec<RouteLimit>) -> Self {
        self.config.table = table;
        self
    }

    /// Multiplies every amount of the per-route table (at least 1 each), e.g. for soak tests.
    pub fn scale_route_limits(mut self, factor: f64) -> Self {
        self.table_scale = Some(factor);
        self
    }

    /// Number of early retries after which the client IP is banned (default 10): requests
    /// refused with a 429 that were sent before the end of a limit already announced to the
    /// client by an earlier 429 (`Retry-After` for the global limit, `X-RateLimit-Retry-After`
    /// for the route's bucket). A client that waits as every 429 tells it is never banned.
    pub fn ban_after(mut self, early_retries: u32) -> Self {
        self.config.ban_after = early_retries.max(1);
        self
    }

    /// How long a ban lasts (default 60 s). Also the quiet time after which the count of early
    /// retries towards a ban starts again from zero.
    pub fn ban_duration(mut self, d: Duration) -> Self {
        self.config.ban_duration = d;
        self
    }
}
