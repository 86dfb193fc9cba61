//! Hints one layer leaves on a request or response for another layer of the stack.
//!
//! The layers never depend on each other's types, only on these small markers, so each one
//! still works alone in a user's own stack.

use tokio::time::Instant;

/// Set by the rate-limit layer on a `429 Too Many Requests` response once it has paused the
/// affected buckets for every caller.
///
/// A retry layer above it may resend at once: the rate-limit layer itself holds the resend
/// until `until`, so sleeping in the retry layer too would wait twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RatelimitPaused {
    /// When the paused bucket frees up again.
    pub until: Instant,
}
