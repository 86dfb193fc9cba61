//! [`RatelimitDetails`]: what a rate-limit error knows of the limit that bound.

use std::time::Duration;

use time::OffsetDateTime;

/// The limit behind a rate-limit error (see [`Error::ratelimit`](super::Error::ratelimit)):
/// which rule bound, how many requests it allows, who decided, and when a slot frees.
///
/// Read-only, so that fields can be added without breaking anyone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RatelimitDetails {
    pub(super) rule: Option<String>,
    pub(super) amount: Option<u32>,
    pub(super) by_server: bool,
    pub(super) retry_after: Duration,
    pub(super) retry_at: OffsetDateTime,
}

impl RatelimitDetails {
    /// The name of the client's rule that bound (`global` for the host-wide limit); `None`
    /// for a server's 429, which names no rule.
    pub fn rule(&self) -> Option<&str> {
        self.rule.as_deref()
    }

    /// How many requests the limit allows per window, when known (the rule's, or the
    /// server's `X-RateLimit-Limit`).
    pub fn amount(&self) -> Option<u32> {
        self.amount
    }

    /// Whether the server decided (its 429, or the pause and count it announced), rather than
    /// this client's own record of its sends.
    pub fn by_server(&self) -> bool {
        self.by_server
    }

    /// How long until the limit frees a slot, from when the error was made.
    pub fn retry_after(&self) -> Duration {
        self.retry_after
    }

    /// When (UTC) the limit frees a slot.
    pub fn retry_at(&self) -> OffsetDateTime {
        self.retry_at
    }

    /// `" (rule `name`, N requests per window)"`, with what is known of the limit.
    pub(super) fn describe_limit(&self) -> String {
        match (&self.rule, self.amount) {
            (Some(rule), Some(amount)) => {
                format!(" (rule `{rule}`, {amount} requests per window)")
            }
            (Some(rule), None) => format!(" (rule `{rule}`)"),
            (None, Some(amount)) => format!(" ({amount} requests per window)"),
            (None, None) => String::new(),
        }
    }
}
