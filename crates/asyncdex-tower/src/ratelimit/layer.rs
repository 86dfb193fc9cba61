//! [`RateLimitLayer`] and its builder.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::Uri;
use tower::Layer;

use crate::api::Api;

use super::headers::MAX_SERVER_WAIT;
use super::ratelimits::Ratelimits;
use super::service::RateLimit;
use super::shared::Shared;
use super::stage::{DEFAULT_STARTUP_MARGIN, OnStoreFailure, StoreStage};
use super::store::SharedStore;
use crate::origin::Origin;

/// Applies MangaDex's rate limits to every request of the inner service.
///
/// Cheap to clone; every clone, and every [`RateLimit`] service it makes, shares one set of
/// buckets. Building it needs no Tokio runtime. See the [module docs](super) for an example.
#[derive(Clone)]
pub struct RateLimitLayer {
    shared: Arc<Shared>,
}

impl RateLimitLayer {
    /// MangaDex's limits for the API at `api` (its origin, and path prefix if any): the
    /// per-route table, 5 requests per second overall, and waiting (not failing) when a limit
    /// is reached.
    ///
    /// Only requests to that origin (and relative URIs) are limited; every other host passes
    /// untouched unless given a limit with [`RateLimitLayerBuilder::limit_host`]. The origin
    /// is required because a limiter in front of another server than the one it was built
    /// for would limit nothing, silently.
    pub fn new(api: impl Into<Api>) -> Self {
        Self::builder().api_base(api).build()
    }

    /// [`new`](Self::new) for MangaDex itself, [`MANGADEX_API_URL`](crate::MANGADEX_API_URL).
    pub fn mangadex() -> Self {
        Self::new(Api::mangadex())
    }

    /// A builder to change any of the defaults of [`new`](Self::new); its API base is
    /// [`MANGADEX_API_URL`](crate::MANGADEX_API_URL) until
    /// [`api_base`](RateLimitLayerBuilder::api_base) sets another.
    pub fn builder() -> RateLimitLayerBuilder {
        RateLimitLayerBuilder {
            ratelimits: None,
            api: Api::mangadex(),
            sleep_on_ratelimit: true,
            hosts: Vec::new(),
            max_wait: MAX_SERVER_WAIT,
            slowdown_pause: Duration::from_secs(60),
            safety_margin: None,
            store: None,
            on_store_failure: OnStoreFailure::default(),
            startup_margin: DEFAULT_STARTUP_MARGIN,
        }
    }

    /// The limits and their live state, shared by every service of this layer.
    pub fn ratelimits(&self) -> &Ratelimits {
        &self.shared.ratelimits
    }

    /// Whether a request waits for a free slot (`true`) or fails at once with
    /// [`Ratelimited`](super::error::Ratelimited).
    pub fn sleep_on_ratelimit(&self) -> bool {
        self.shared.sleep_on_ratelimit
    }

    pub(crate) fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }
}

impl<S> Layer<S> for RateLimitLayer {
    type Service = RateLimit<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RateLimit::from_shared(inner, Arc::clone(&self.shared))
    }
}

impl fmt::Debug for RateLimitLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimitLayer")
            .field("api", &self.shared.api)
            .field("sleep_on_ratelimit", &self.shared.sleep_on_ratelimit)
            .field("ratelimits", &self.shared.ratelimits)
            .finish()
    }
}

/// Builds a [`RateLimitLayer`].
#[derive(Debug)]
#[must_use]
pub struct RateLimitLayerBuilder {
    ratelimits: Option<Ratelimits>,
    api: Api,
    sleep_on_ratelimit: bool,
    hosts: Vec<(Uri, u32, Duration)>,
    max_wait: Duration,
    slowdown_pause: Duration,
    safety_margin: Option<Duration>,
    store: Option<Arc<dyn SharedStore>>,
    on_store_failure: OnStoreFailure,
    startup_margin: Duration,
}

impl RateLimitLayerBuilder {
    /// The API's base URL (default `https://api.mangadex.org`). Requests to its host and port
    /// pass the global and per-route limits; a path prefix in it (`http://host/api`) is
    /// stripped before route matching. Requests with no host (relative URIs) count as API
    /// requests too.
    pub fn api_base(mut self, api: impl Into<Api>) -> Self {
        self.api = api.into();
        self
    }

    /// The limits to apply to the API host (default: [`Ratelimits::default`]).
    pub fn ratelimits(mut self, ratelimits: Ratelimits) -> Self {
        self.ratelimits = Some(ratelimits);
        self
    }

    /// Waits for a free slot when a limit is reached (`true`, the default), or fails the
    /// request at once with [`Ratelimited`](super::error::Ratelimited) (`false`).
    pub fn sleep_on_ratelimit(mut self, sleep: bool) -> Self {
        self.sleep_on_ratelimit = sleep;
        self
    }

    /// Lengthens every window by `margin` (see [`Ratelimits::with_safety_margin`]).
    pub fn safety_margin(mut self, margin: Duration) -> Self {
        self.safety_margin = Some(margin);
        self
    }

    /// Also limits another host (its host and port, from `base`) to `amount` requests per
    /// `per`. Requests to hosts that are neither the API nor limited this way pass through
    /// untouched.
    pub fn limit_host(mut self, base: Uri, amount: u32, per: Duration) -> Self {
        self.hosts.push((base, amount, per));
        self
    }

    /// The longest pause a server header can impose (default 65 minutes: the longest
    /// MangaDex window plus slack); longer values are clamped.
    pub fn max_wait(mut self, max_wait: Duration) -> Self {
        self.max_wait = max_wait;
        self
    }

    /// How long to hold every request to the host back after an HTML 400 or 403 page, which
    /// MangaDex's edge sends clients it wants to slow down (default 60 s).
    pub fn slowdown_pause(mut self, pause: Duration) -> Self {
        self.slowdown_pause = pause;
        self
    }

    /// Shares the API's limits (global, per route, pauses) with other processes through
    /// `store`: a [`FileStore`](super::file_store::FileStore) for the processes of one machine,
    /// or a remote store (the `asyncdex-redis` crate) for several. Each request to the API
    /// passes this process's buckets first, then reserves its send in the store. Requests to
    /// other hosts are not shared.
    pub fn shared_store(mut self, store: Arc<dyn SharedStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// What requests do while the shared store fails (default
    /// [`OnStoreFailure::ShareLocally`]); no effect without a [`shared_store`](Self::shared_store).
    pub fn on_store_failure(mut self, on_failure: OnStoreFailure) -> Self {
        self.on_store_failure = on_failure;
        self
    }

    /// How late the sends this process places in its first second may reach the server
    /// (default 300 ms): the shared store counts each such send at its slot plus `margin`,
    /// so that the sends after it keep a window's distance from when it really arrives. A
    /// starting process opens its connections after its first slots, while other processes
    /// may already send on open ones. It costs at most `margin` once, when the limit is full;
    /// no effect without a [`shared_store`](Self::shared_store).
    pub fn startup_margin(mut self, margin: Duration) -> Self {
        self.startup_margin = margin;
        self
    }

    /// The layer. Needs no runtime.
    pub fn build(self) -> RateLimitLayer {
        let mut ratelimits = self.ratelimits.unwrap_or_default();
        if let Some(margin) = self.safety_margin {
            ratelimits = ratelimits.with_safety_margin(margin);
        }
        let hosts = self
            .hosts
            .iter()
            .map(|(base, amount, per)| {
                let rule = super::ratelimits::global_rule(*amount, *per);
                (Origin::of(base), ratelimits.bucket_for(rule))
            })
            .collect();
        let store = self.store.map(|store| {
            Arc::new(StoreStage::new(
                store,
                &ratelimits,
                self.on_store_failure,
                self.startup_margin,
            ))
        });
        RateLimitLayer {
            shared: Arc::new(Shared {
                store,
                api: self.api,
                ratelimits,
                hosts,
                sleep_on_ratelimit: self.sleep_on_ratelimit,
                max_wait: self.max_wait,
                slowdown_pause: self.slowdown_pause,
            }),
        }
    }
}
