//! Error types of the rate-limit layer.

use std::fmt;
use std::time::Duration;

use time::OffsetDateTime;

/// A request refused because a rate limit has no free slot now, raised instead of waiting
/// when the layer is built with `sleep_on_ratelimit(false)`.
///
/// Nothing was sent. It carries what the `Ratelimit` exception of AsyncDex (the Python
/// library) did (the path, the limit's amount and when, UTC, it frees up) and more: the rule
/// that bound, how long to wait, and whether the server's word (a 429's pause, or its count
/// of the window) or this client's own record of sends decided it.
#[derive(Clone, Debug)]
pub struct Ratelimited {
    path: String,
    rule: String,
    ratelimit_amount: u32,
    ratelimit_time: Duration,
    retry_after: Duration,
    ratelimit_expires: OffsetDateTime,
    by_server: bool,
}

impl Ratelimited {
    pub(crate) fn new(
        path: &str,
        rule: &super::PathRatelimit,
        retry_after: Duration,
        by_server: bool,
    ) -> Self {
        Self {
            by_server,
            path: path.to_owned(),
            rule: rule.path().name().to_owned(),
            ratelimit_amount: rule.ratelimit_amount(),
            ratelimit_time: rule.ratelimit_time(),
            retry_after,
            ratelimit_expires: OffsetDateTime::now_utc() + retry_after,
        }
    }

    /// The path of the refused request (without its query string).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The name of the rule that refused it (`global` for the host-wide limit).
    pub fn rule(&self) -> &str {
        &self.rule
    }

    /// How many requests that rule allows per window.
    pub fn ratelimit_amount(&self) -> u32 {
        self.ratelimit_amount
    }

    /// The length of that rule's window.
    pub fn ratelimit_time(&self) -> Duration {
        self.ratelimit_time
    }

    /// How long after the refusal the rule frees a slot.
    pub fn retry_after(&self) -> Duration {
        self.retry_after
    }

    /// When (UTC) the rule frees a slot.
    pub fn ratelimit_expires(&self) -> OffsetDateTime {
        self.ratelimit_expires
    }

    /// Whether the server decided (a pause after its 429, or its `X-RateLimit-*` count of the
    /// window), rather than this client's own record of the rule's sends.
    pub fn decided_by_server(&self) -> bool {
        self.by_server
    }
}

impl fmt::Display for Ratelimited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rate limit `{}` ({} requests per {:?}) reached for {}{}; a slot frees in {:.3}s",
            self.rule,
            self.ratelimit_amount,
            self.ratelimit_time,
            self.path,
            if self.by_server {
                " (held back by the server)"
            } else {
                ""
            },
            self.retry_after.as_secs_f64()
        )
    }
}

impl std::error::Error for Ratelimited {}
