//! [`PathRatelimit`]: one rate-limit rule (its paths and [`Limit`], data) and its live
//! [`Window`] (the sends it has counted).

mod window;

use std::time::Duration;

use http::{HeaderMap, Method};
use time::OffsetDateTime;
use tokio::time::Instant;

use self::window::{Limit, Window};
use super::headers::{MAX_SERVER_WAIT, RatelimitHeaders};
use super::path::Path;

/// The largest amount a rule may have (set, or announced by a server): the record holds one
/// instant per request of the window, and no real limit comes near this.
pub(crate) const MAX_SERVER_LIMIT: u32 = 1_000_000;

/// One of `peers` equal shares of `amount`, at least 1.
fn share(amount: u32, peers: u32) -> u32 {
    (amount / peers.max(1)).max(1)
}

/// A rate limit: at most `ratelimit_amount` requests in any `ratelimit_time` window, for the
/// requests matching any of its paths (several paths share one bucket when the API counts them
/// together, as it does for the upload routes).
///
/// The window slides: the rule remembers the time of each of the last `ratelimit_amount` sends
/// and lets a new one go once the oldest of them is `ratelimit_time` old. That keeps every
/// window of that length, wherever it starts, at or under the limit, so a server that counts in
/// fixed windows (as MangaDex does) never sees a burst across a window edge.
///
/// A `PathRatelimit` works on its own, as in AsyncDex (the Python library):
///
/// ```
/// use std::time::Duration;
/// use asyncdex_tower::ratelimit::{Path, PathRatelimit};
/// use http::Method;
///
/// let rule = PathRatelimit::new(
///     Path::new("at-home", "/at-home/server/{id}", Some(Method::GET)),
///     40,
///     Duration::from_secs(60),
/// );
/// assert!(rule.can_call(&Method::GET));
/// assert!(rule.matches("/at-home/server/a5d8", &Method::GET));
/// assert!(!rule.matches("/at-home/server/a5d8", &Method::POST)); // a rule counts only its method
/// assert_eq!(rule.ratelimit_used(), 0);
/// ```
#[derive(Clone, Debug)]
pub struct PathRatelimit {
    paths: Vec<Path>,
    limit: Limit,
    window: Window,
}

impl PathRatelimit {
    /// A rule of `ratelimit_amount` requests per `ratelimit_time` for `path`.
    ///
    /// An amount of 0 is taken as 1: a rule that never lets a request through would only turn
    /// into a hang. Amounts above 1,000,000 are taken as 1,000,000: the rule keeps one
    /// timestamp per request of its window (16 bytes each).
    pub fn new(path: Path, ratelimit_amount: u32, ratelimit_time: Duration) -> Self {
        Self {
            paths: vec![path],
            limit: Limit {
                amount: ratelimit_amount.clamp(1, MAX_SERVER_LIMIT),
                time: ratelimit_time,
                margin: Duration::ZERO,
                burst: None,
            },
            window: Window::new(),
        }
    }

    /// This rule with its amount (and burst) divided among `peers` processes, at least 1 each,
    /// and an empty record.
    pub(crate) fn shared_by(mut self, peers: u32) -> Self {
        self.limit.amount = share(self.limit.amount, peers);
        self.limit.burst = self.limit.burst.map(|burst| share(burst, peers));
        self.window = Window::new();
        self
    }

    /// This rule as a shared store keeps it: its name, amount and window (margin included).
    pub(crate) fn shared_limit(&self) -> super::store::SharedLimit {
        super::store::SharedLimit {
            name: self.path().name().into(),
            amount: self.limit.amount,
            window: self.limit.time + self.limit.margin,
        }
    }

    /// Adds another path that shares this rule's bucket (the API counts their requests
    /// together).
    #[must_use]
    pub fn with_path(mut self, path: Path) -> Self {
        self.paths.push(path);
        self
    }

    /// Lengthens every window by `margin`, to absorb network jitter between this client's
    /// send times and the server's arrival times. Zero by default.
    #[must_use]
    pub fn with_safety_margin(mut self, margin: Duration) -> Self {
        self.limit.margin = margin;
        self
    }

    /// Caps bursts: at most `burst` sends in any `ratelimit_time * burst / ratelimit_amount`,
    /// on top of the main limit. The long-run rate stays the same, but a full window is no
    /// longer sent at once, so jitter between send and arrival times can carry far fewer
    /// requests of one window into the server's next. `burst` is clamped to `1..=amount`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use asyncdex_tower::ratelimit::{Path, PathRatelimit};
    ///
    /// // 500 per second, at most 50 in any 100 ms.
    /// let rule = PathRatelimit::new(Path::any("global", None), 500, Duration::from_secs(1))
    ///     .with_burst(50);
    /// assert_eq!(rule.burst(), 50);
    /// ```
    #[must_use]
    pub fn with_burst(mut self, burst: u32) -> Self {
        self.limit.burst = Some(burst.clamp(1, self.limit.amount));
        self
    }

    /// The burst cap (the amount when no cap was set).
    pub fn burst(&self) -> u32 {
        self.limit.burst()
    }

    /// The rule's first path (its name is the rule's name).
    pub fn path(&self) -> &Path {
        &self.paths[0]
    }

    /// Every path that shares this rule's bucket.
    pub fn paths(&self) -> &[Path] {
        &self.paths
    }

    /// How many requests a window allows.
    pub fn ratelimit_amount(&self) -> u32 {
        self.limit.amount
    }

    /// The length of the window.
    pub fn ratelimit_time(&self) -> Duration {
        self.limit.time
    }

    /// The safety margin added to every window.
    pub fn safety_margin(&self) -> Duration {
        self.limit.margin
    }

    /// Whether this rule counts requests for `path` with `method`.
    pub fn matches(&self, path: &str, method: &Method) -> bool {
        self.paths.iter().any(|own| own.matches(path, method))
    }

    /// Whether a request with `method` may be sent now under this rule. A method this rule
    /// does not limit can always be called.
    pub fn can_call(&self, method: &Method) -> bool {
        let now = Instant::now();
        !self.paths.iter().any(|path| path.applies_to(method)) || self.free_at(now) <= now
    }

    /// Forgets every counted request and any pause: a fresh window.
    pub fn expire(&mut self) {
        self.window.clear();
    }

    /// How long until the next request may be sent (zero when it may go now).
    pub fn time_until_expire(&self) -> Duration {
        let now = Instant::now();
        self.free_at(now).saturating_duration_since(now)
    }

    /// When (UTC) the next request may be sent.
    pub fn ratelimit_expires(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + self.time_until_expire()
    }

    /// How many requests the current window has counted (including reservations of callers
    /// that are waiting for their turn).
    pub fn ratelimit_used(&self) -> u32 {
        let used = self.window.used(&self.limit, Instant::now());
        u32::try_from(used).unwrap_or(u32::MAX)
    }

    /// Corrects the rule from the server's `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
    /// `X-RateLimit-Retry-After` headers on a response it counted.
    ///
    /// Corrections only ever tighten: if the server has counted more requests than this rule
    /// has, the rule holds the difference back until the server's window ends; if it has
    /// counted fewer, the rule keeps its own (larger) count, since requests still in flight
    /// are not in the server's figure yet. A new `X-RateLimit-Limit` replaces the amount.
    /// Malformed or absurd values are ignored.
    pub fn update(&mut self, headers: &HeaderMap) {
        let parsed = RatelimitHeaders::parse(headers, MAX_SERVER_WAIT);
        self.correct(&parsed, None, Instant::now());
    }

    // ---- crate-internal operations; `now` is explicit so a bucket does one clock read ----

    /// The earliest instant, not before `now`, at which one more send fits the rule.
    pub(crate) fn free_at(&self, now: Instant) -> Instant {
        self.window.free_at(&self.limit, now)
    }

    /// Reserves the earliest send time (committing it), or, when `wait` is false and that time
    /// is later than `now`, commits nothing and returns it as the error.
    pub(crate) fn reserve(&mut self, now: Instant, wait: bool) -> Result<Instant, Instant> {
        self.window.reserve(&self.limit, now, wait)
    }

    pub(crate) fn pause_until(&mut self, until: Instant) {
        self.window.pause_until(until);
    }

    pub(crate) fn paused_until(&self) -> Option<Instant> {
        self.window.paused_until()
    }

    /// Whether the server (a 429's pause, or its count of the window) rather than this
    /// rule's own record of sends decides when the next request may go.
    pub(crate) fn held_by_server(&self, now: Instant) -> bool {
        self.window.held_by_server(&self.limit, now)
    }

    /// Applies the server's view of the window (see [`update`](Self::update)): a new amount,
    /// then its count (see `Window::correct`). `sent_at` is when the request that carried
    /// these headers was sent.
    pub(crate) fn correct(
        &mut self,
        headers: &RatelimitHeaders,
        sent_at: Option<Instant>,
        now: Instant,
    ) {
        if let Some(limit) = headers.limit()
            && limit != self.limit.amount
            && (1..=MAX_SERVER_LIMIT).contains(&limit)
        {
            tracing::debug!(
                target: "asyncdex_tower::ratelimit",
                rule = self.path().name(),
                from = self.limit.amount,
                to = limit,
                "server announced a different limit"
            );
            self.limit.amount = limit;
            self.window.truncate(limit);
        }
        self.window.correct(&self.limit, headers, sent_at, now);
    }
}

#[cfg(test)]
mod tests;
