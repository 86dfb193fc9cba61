//! [`Ratelimits`]: every rule of an API host, with their live state.

use std::fmt;
use std::time::Duration;

use http::Method;
use tokio::time::Instant;

use super::constants;
use super::gate::{Attempt, Bucket, Gate};
use super::matcher::RouteMatcher;
use super::path::Path;
use super::record::Record;
use super::route::Route;
use super::rule::PathRatelimit;

/// The global limit MangaDex guarantees to every client IP: 5 requests per second.
pub const MANGADEX_GLOBAL_AMOUNT: u32 = 5;
/// The window of the global limit.
pub const MANGADEX_GLOBAL_TIME: Duration = Duration::from_secs(1);

/// The rate limits of one API host: a global bucket every request passes, and per-route rules
/// (each its own bucket, or one bucket shared by several routes).
///
/// This is the `Ratelimits` of AsyncDex (the Python library), fixed: rules are keyed by
/// (method, route), a rule counts only the requests it applies to, a request matches on its
/// path alone and whole with the most specific rule winning, and [`sleep`](Self::sleep)
/// *reserves* a slot before it returns, so concurrent callers can never overshoot.
///
/// Configure it with `&mut self` methods, then share it: the
/// [`RateLimitLayer`](super::RateLimitLayer) owns one behind an `Arc`.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use std::time::Duration;
/// use asyncdex_tower::ratelimit::{Path, PathRatelimit, Ratelimits};
/// use http::Method;
///
/// let mut limits = Ratelimits::default(); // MangaDex's table and 5 requests/s overall
/// limits.add(PathRatelimit::new(
///     Path::new("feed", "/manga/{id}/feed", Some(Method::GET)),
///     2,
///     Duration::from_secs(60),
/// ));
///
/// let (wait, rule) = limits.check("/manga/abc/feed", &Method::GET);
/// assert_eq!(wait, None); // may go now
/// assert_eq!(rule.unwrap().ratelimit_amount(), 2);
///
/// limits.sleep("/manga/abc/feed", &Method::GET).await; // reserves a slot
/// limits.sleep("/manga/abc/feed", &Method::GET).await;
/// let (wait, _) = limits.check("/manga/abc/feed", &Method::GET);
/// assert!(wait.unwrap() > Duration::from_secs(59));
/// # }
/// ```
pub struct Ratelimits {
    routes: Vec<Bucket>,
    matcher: RouteMatcher,
    global: Option<Bucket>,
    safety_margin: Duration,
}

impl Ratelimits {
    /// These route rules, plus MangaDex's global limit of
    /// [5 requests per second](MANGADEX_GLOBAL_AMOUNT) (remove it with
    /// [`without_global`](Self::without_global)). Rules later in the list replace earlier ones
    /// for the same (method, route).
    pub fn new(rules: impl IntoIterator<Item = PathRatelimit>) -> Self {
        let mut limits = Self {
            routes: Vec::new(),
            matcher: RouteMatcher::default(),
            global: None,
            safety_margin: Duration::ZERO,
        };
        limits.set_global(Some(global_rule(
            MANGADEX_GLOBAL_AMOUNT,
            MANGADEX_GLOBAL_TIME,
        )));
        for rule in rules {
            limits.insert(rule);
        }
        limits.matcher = RouteMatcher::new(&limits.rules_snapshot());
        limits
    }

    /// Sets the global limit: `amount` requests per `per` for every request to the host.
    /// Above 10 per window, bursts are capped at a tenth of the amount (at least 10): see
    /// [`PathRatelimit::with_burst`]. Use [`with_global_rule`](Self::with_global_rule) for
    /// another cap.
    #[must_use]
    pub fn with_global(mut self, amount: u32, per: Duration) -> Self {
        self.set_global(Some(global_rule(amount, per)));
        self
    }

    /// Sets the global limit to a rule of your own (its paths are not used: it applies to every
    /// request of the host).
    #[must_use]
    pub fn with_global_rule(mut self, rule: PathRatelimit) -> Self {
        self.set_global(Some(rule));
        self
    }

    /// Removes the global limit (only the per-route rules apply).
    #[must_use]
    pub fn without_global(mut self) -> Self {
        self.set_global(None);
        self
    }

    /// Lengthens every window (global and per route) by `margin`, to absorb network jitter:
    /// a burst sent at the end of one window and the next at the start of the following window
    /// may arrive closer together than they left. Zero by default.
    #[must_use]
    pub fn with_safety_margin(mut self, margin: Duration) -> Self {
        self.safety_margin = margin;
        self.rebuild(|rule| rule.with_safety_margin(margin));
        self
    }

    /// Adds a rule; a rule already present for the same (method, route) as any of its paths is
    /// replaced.
    pub fn add(&mut self, rule: PathRatelimit) {
        self.insert(rule);
        self.matcher = RouteMatcher::new(&self.rules_snapshot());
    }

    /// Removes the rule that has `path` (same method and route) and returns it.
    pub fn remove(&mut self, path: &Path) -> Option<PathRatelimit> {
        let index = self.position(path)?;
        let removed = self.routes.remove(index).state.snapshot();
        self.matcher = RouteMatcher::new(&self.rules_snapshot());
        Some(removed)
    }

    /// How long a request for `path` with `method` would wait now (`None`: it may go at
    /// once), and a snapshot of the route rule it falls under, if any. Nothing is reserved.
    pub fn check(&self, path: &str, method: &Method) -> (Option<Duration>, Option<PathRatelimit>) {
        let now = Instant::now();
        let route = self
            .route_index(path, method)
            .map(|index| &self.routes[index]);
        let free_at = [route, self.global.as_ref()]
            .into_iter()
            .flatten()
            .map(|bucket| bucket.state.free_at(now))
            .max()
            .unwrap_or(now);
        let wait = (free_at > now).then(|| free_at - now);
        (wait, route.map(|bucket| bucket.state.snapshot()))
    }

    /// Waits until a request for `path` with `method` may be sent, and reserves its slot: call
    /// it right before sending, once per request. Waiters are served first come, first served.
    pub async fn sleep(&self, path: &str, method: &Method) {
        let route = self.route_index(path, method);
        self.gate(route).reserve().await;
    }

    /// Takes a slot for a request for `path` with `method` now, if every limit it falls under
    /// has one; otherwise takes nothing and returns how long until one frees up.
    ///
    /// This is the limiter's hot path: one clock read, no allocation, no await.
    ///
    /// # Errors
    ///
    /// The wait until a slot frees, when a limit has none now.
    pub fn try_acquire(&self, path: &str, method: &Method) -> Result<(), Duration> {
        let route = self.route_index(path, method);
        let now = Instant::now();
        match self.gate(route).try_now(now, false) {
            Attempt::Blocked(blocked) => Err(blocked.free_at.saturating_duration_since(now)),
            Attempt::Go(_) | Attempt::Wait(_) => Ok(()),
        }
    }

    /// A snapshot of every route rule with its state (AsyncDex's `ratelimit_dictionary`).
    pub fn ratelimit_dictionary(&self) -> Vec<PathRatelimit> {
        self.rules_snapshot()
    }

    /// A snapshot of the global rule, if there is one.
    pub fn global(&self) -> Option<PathRatelimit> {
        self.global.as_ref().map(|bucket| bucket.state.snapshot())
    }

    /// The safety margin added to every window.
    pub fn safety_margin(&self) -> Duration {
        self.safety_margin
    }

    // ---- used by the layer ----

    pub(crate) fn route_index(&self, path: &str, method: &Method) -> Option<usize> {
        self.matcher.find(path, method)
    }

    /// As `route_index`, for a path without a query string, built from `route` if known.
    pub(crate) fn route_index_of_path(
        &self,
        route: Option<&Route>,
        path: &str,
        method: &Method,
    ) -> Option<usize> {
        match route {
            Some(Route(template)) => self.matcher.find_route(template, path, method),
            None => self.matcher.find_in_path(path, method),
        }
    }

    pub(crate) fn gate(&self, route: Option<usize>) -> Gate<'_> {
        Gate {
            host: self.global.as_ref(),
            route: route.map(|index| &self.routes[index]),
        }
    }

    /// The same rules with every amount divided among `peers` processes, in this process's
    /// memory with empty records: what a process keeps to while the store it shares the limit
    /// through is out of reach. Route indices are the same as in `self`.
    pub(crate) fn share(&self, peers: u32) -> Ratelimits {
        let rules: Vec<PathRatelimit> = self
            .rules_snapshot()
            .into_iter()
            .map(|rule| rule.shared_by(peers))
            .collect();
        let mut limits = Self {
            routes: Vec::new(),
            matcher: RouteMatcher::new(&rules),
            global: None,
            safety_margin: self.safety_margin,
        };
        limits.routes = rules
            .into_iter()
            .map(|rule| limits.bucket_for(rule))
            .collect();
        let global = self.global().map(|rule| rule.shared_by(peers));
        limits.set_global(global);
        limits
    }

    /// The gate of `route` with only the buckets whose window `keep` accepts.
    pub(crate) fn gate_where(
        &self,
        route: Option<usize>,
        keep: impl Fn(Duration) -> bool,
    ) -> Gate<'_> {
        let gate = self.gate(route);
        Gate {
            host: gate.host.filter(|bucket| keep(bucket.state.window())),
            route: gate.route.filter(|bucket| keep(bucket.state.window())),
        }
    }

    /// Holds every bucket back until one of its windows after `from`.
    pub(crate) fn pause_each_for_its_window(&self, from: Instant) {
        for bucket in self.global.iter().chain(&self.routes) {
            bucket.state.pause_until(from + bucket.state.window());
        }
    }

    /// The longest window of any bucket.
    pub(crate) fn longest_window(&self) -> Duration {
        self.global
            .iter()
            .chain(&self.routes)
            .map(|bucket| bucket.state.window())
            .max()
            .unwrap_or_default()
    }

    /// The shared-store limits a request to the API passes: the global one, then its route's.
    pub(crate) fn shared_limits(&self, route: Option<usize>) -> Box<[super::store::SharedLimit]> {
        let global = self.global.as_ref().map(|bucket| bucket.state.snapshot());
        let route = route.map(|index| self.routes[index].state.snapshot());
        global
            .iter()
            .chain(route.iter())
            .map(PathRatelimit::shared_limit)
            .collect()
    }

    /// The route rule at `index`, with its state.
    pub(crate) fn route_rule(&self, index: usize) -> Option<PathRatelimit> {
        self.routes.get(index).map(|bucket| bucket.state.snapshot())
    }

    /// How many route rules there are.
    pub(crate) fn route_count(&self) -> usize {
        self.routes.len()
    }

    pub(crate) fn bucket_for(&self, rule: PathRatelimit) -> Bucket {
        Bucket::new(Record::new(rule.with_safety_margin(self.safety_margin)))
    }

    // ---- internals ----

    fn set_global(&mut self, rule: Option<PathRatelimit>) {
        self.global = rule.map(|rule| self.bucket_for(rule));
    }

    fn insert(&mut self, rule: PathRatelimit) {
        let bucket = self.bucket_for(rule.clone());
        let existing = rule.paths().iter().find_map(|path| self.position(path));
        match existing {
            Some(index) => self.routes[index] = bucket,
            None => self.routes.push(bucket),
        }
    }

    fn position(&self, path: &Path) -> Option<usize> {
        self.routes.iter().position(|bucket| {
            bucket
                .state
                .snapshot()
                .paths()
                .iter()
                .any(|own| own.same_target(path))
        })
    }

    fn rules_snapshot(&self) -> Vec<PathRatelimit> {
        self.routes
            .iter()
            .map(|bucket| bucket.state.snapshot())
            .collect()
    }

    /// Re-creates every bucket through `change`.
    fn rebuild(&mut self, change: impl Fn(PathRatelimit) -> PathRatelimit) {
        let routes = std::mem::take(&mut self.routes);
        self.routes = routes
            .into_iter()
            .map(|bucket| self.bucket_for(change(bucket.state.snapshot())))
            .collect();
        if let Some(global) = self.global.take() {
            self.global = Some(self.bucket_for(change(global.state.snapshot())));
        }
    }
}

/// A host-wide rule. Above 10 requests per window its bursts are capped at a tenth of the
/// amount (at least 10), so a high limit is spread over its window rather than sent at once;
/// MangaDex's own 5 per second keeps its full burst.
pub(crate) fn global_rule(amount: u32, per: Duration) -> PathRatelimit {
    let rule = PathRatelimit::new(Path::any("global", None), amount, per);
    let amount = rule.ratelimit_amount();
    if amount > 10 {
        rule.with_burst((amount / 10).max(10))
    } else {
        rule
    }
}

impl Default for Ratelimits {
    /// MangaDex's current per-route table ([`constants::ratelimit_data`]) and its global limit
    /// of 5 requests per second.
    fn default() -> Self {
        Self::new(constants::ratelimit_data())
    }
}

impl fmt::Debug for Ratelimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ratelimits")
            .field("global", &self.global())
            .field("routes", &self.routes.len())
            .field("safety_margin", &self.safety_margin)
            .finish()
    }
}
