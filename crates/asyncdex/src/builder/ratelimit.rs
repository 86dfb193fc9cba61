//! Rate-limit options: waiting or failing at a limit, the limits, their margins, a limit
//! shared with other processes and the slow-down pause.

use std::sync::Arc;
use std::time::Duration;

use asyncdex_tower::ratelimit::{OnStoreFailure, Ratelimits, SharedStore};

use super::ClientBuilder;

impl ClientBuilder {
    /// Waits when a rate limit is reached (`true`, the default) or fails at once with
    /// [`Error::is_ratelimit`](crate::Error::is_ratelimit) (`false`).
    pub fn sleep_on_ratelimit(mut self, sleep: bool) -> Self {
        self.sleep_on_ratelimit = sleep;
        self
    }

    /// The rate limits (default: MangaDex's table and 5 requests per second overall).
    pub fn ratelimits(mut self, ratelimits: Ratelimits) -> Self {
        self.ratelimits = Some(ratelimits);
        self
    }

    /// Lengthens every rate-limit window by `margin`, against jitter between the times
    /// requests are sent and the times they arrive (default 50 ms: on a busy machine the fake
    /// server saw two requests arrive 66 ms closer together than they were sent).
    pub fn safety_margin(mut self, margin: Duration) -> Self {
        self.safety_margin = Some(margin);
        self
    }

    /// How late this process's sends in its first second may reach the server, which a
    /// [shared limit](Self::ratelimit_backend) counts (default 300 ms): a starting process
    /// opens its connections after its first slots, while the others send on open ones. It
    /// costs at most `margin` once, when the limit is full; no effect without a shared limit.
    pub fn startup_margin(mut self, margin: Duration) -> Self {
        self.startup_margin = Some(margin);
        self
    }

    /// Shares MangaDex's limits with the other processes behind this IP address through
    /// `store`: a [`FileStore`](asyncdex_tower::ratelimit::file_store::FileStore) for the
    /// processes of one machine (the CLI's default), or a Redis store (the `asyncdex-redis`
    /// crate) across machines. Every API request then passes this client's own limiter and
    /// reserves its send in the store; a 429 one process gets pauses them all. While the store
    /// fails, `on_failure` says what requests do. Building still needs no runtime; the store
    /// is first used by the first request.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use asyncdex::ratelimit::{FileStore, OnStoreFailure};
    ///
    /// let limits = std::env::temp_dir().join("asyncdex-limits");
    /// let client = asyncdex::MangadexClient::builder()
    ///     .ratelimit_backend(
    ///         Arc::new(FileStore::for_host(&limits, "api.mangadex.org", None)),
    ///         OnStoreFailure::ShareLocally,
    ///     )
    ///     .build()?;
    /// # Ok::<(), asyncdex::Error>(())
    /// ```
    pub fn ratelimit_backend(
        mut self,
        store: Arc<dyn SharedStore>,
        on_failure: OnStoreFailure,
    ) -> Self {
        self.shared_limit = Some((store, on_failure));
        self
    }

    /// How long every request to the API host is held back after an HTML 400 or 403 page,
    /// MangaDex's edge's way of saying "slow down" (default 60 s).
    pub fn slowdown_pause(mut self, pause: Duration) -> Self {
        self.slowdown_pause = Some(pause);
        self
    }
}
