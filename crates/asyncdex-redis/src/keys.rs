//! The names of the store's keys.

use asyncdex_tower::ratelimit::SharedLimit;
use asyncdex_tower::ratelimit::store::StoreError;

/// The key names of one API host. They all start with one hash tag, `{prefix:host}`, so Redis
/// Cluster keeps them on one node and a script may touch several of them.
#[derive(Clone, Debug)]
pub(crate) struct Keys {
    tag: String,
}

impl Keys {
    /// The keys under `prefix` for `api_host`; braces would break the hash tag, so they are
    /// refused.
    pub(crate) fn new(prefix: &str, api_host: &str) -> Result<Self, StoreError> {
        for (what, part) in [("key prefix", prefix), ("API host", api_host)] {
            if part.is_empty() || part.contains(['{', '}']) {
                return Err(StoreError::msg(format!(
                    "the {what} {part:?} must be non-empty and hold no braces (it goes into a Redis hash tag)"
                )));
            }
        }
        Ok(Self {
            tag: format!("{{{prefix}:{api_host}}}"),
        })
    }

    /// `limit`'s whole state: its pause's end, its last slot and its sends' latest arrivals
    /// (`scripts/state.lua`).
    pub(crate) fn limit(&self, limit: &SharedLimit) -> String {
        format!("{}:state:{}", self.tag, limit.name)
    }

    /// The heartbeat registry: the stores' ids by their last heartbeat.
    pub(crate) fn peers(&self) -> String {
        format!("{}:peers", self.tag)
    }
}
