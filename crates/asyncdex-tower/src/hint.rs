//! Hints one layer leaves on a request or response for another layer of the stack.
//!
//! The layers never depend on each other's types, only on these small markers, so each one
//! still works alone in a user's own stack.

use std::fmt;
use std::sync::Arc;

use http::HeaderMap;
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

/// Set by the auth layer on a request it gave a token: a layer below that held the request
/// back (the rate-limit layer, waiting for a free slot) calls it on the request's headers right
/// before sending it on, so the request leaves with the newest token rather than the one that
/// was current when it started waiting, which may have expired meanwhile.
#[derive(Clone)]
pub struct BeforeSend(pub Arc<dyn Fn(&mut HeaderMap) + Send + Sync>);

impl fmt::Debug for BeforeSend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BeforeSend")
    }
}
