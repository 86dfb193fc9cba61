//! [`PathRatelimit`]: one rate-limit rule and the record of the sends it has counted.

use std::collections::VecDeque;
use std::time::Duration;

use http::{HeaderMap, Method};
use time::OffsetDateTime;
use tokio::time::Instant;

use super::headers::{MAX_SERVER_WAIT, RatelimitHeaders};
use super::path::Path;

/// A duration in whole nanoseconds, saturating (584 years fit).
fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

/// The largest amount a rule may have (set, or announced by a server): the record holds one
/// instant per request of the window, and no real limit comes near this.
pub(crate) const MAX_SERVER_LIMIT: u32 = 1_000_000;

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
    ratelimit_amount: u32,
    ratelimit_time: Duration,
    safety_margin: Duration,
    /// At most this many sends in any `ratelimit_time * burst / ratelimit_amount` (the amount
    /// when unset): spreads a high limit's window instead of spending it in one burst.
    burst: Option<u32>,
    /// Send times as nanoseconds since `epoch`, oldest first, at most `ratelimit_amount` of
    /// them (future ones are reservations of callers still waiting for their turn). Integer
    /// time keeps the limiter's hot path to plain arithmetic.
    sends: VecDeque<u64>,
    paused_until: Option<u64>,
    /// The server's own count, from its headers: at most `left` more sends until `until`.
    /// Kept apart from `sends`, which records only real sends (so a later response can still
    /// tell which sends the server had not seen yet).
    server_cap: Option<ServerCap>,
    /// Sends whose response has not come back yet, oldest first: the server may not have
    /// counted them. Kept once the server has sent its count (before that nothing reads it,
    /// and a host bucket that never hears one pays nothing).
    unanswered: Option<VecDeque<u64>>,
    /// A day before the rule was made: every instant the rule sees is later than this (a
    /// paused test clock starts at the real time its runtime was built).
    epoch: Instant,
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
            ratelimit_amount: ratelimit_amount.clamp(1, MAX_SERVER_LIMIT),
            ratelimit_time,
            safety_margin: Duration::ZERO,
            burst: None,
            sends: VecDeque::new(),
            paused_until: None,
            server_cap: None,
            unanswered: None,
            epoch: {
                let now = Instant::now();
                now.checked_sub(Duration::from_secs(86_400)).unwrap_or(now)
            },
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
        self.safety_margin = margin;
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
        self.burst = Some(burst.clamp(1, self.ratelimit_amount));
        self
    }

    /// The burst cap (the amount when no cap was set).
    pub fn burst(&self) -> u32 {
        self.burst.map_or(self.ratelimit_amount, |burst| {
            burst.min(self.ratelimit_amount)
        })
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
        self.ratelimit_amount
    }

    /// The length of the window.
    pub fn ratelimit_time(&self) -> Duration {
        self.ratelimit_time
    }

    /// The safety margin added to every window.
    pub fn safety_margin(&self) -> Duration {
        self.safety_margin
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
        self.sends.clear();
        self.paused_until = None;
        self.server_cap = None;
        self.unanswered = None;
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
        let now = self.tick(Instant::now());
        let window = self.window();
        let used = self
            .sends
            .iter()
            .filter(|sent| sent.saturating_add(window) > now)
            .count();
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

    fn tick(&self, at: Instant) -> u64 {
        nanos(at.saturating_duration_since(self.epoch))
    }

    fn instant(&self, tick: u64) -> Instant {
        self.epoch + Duration::from_nanos(tick)
    }

    /// The window in nanoseconds, margin included.
    fn window(&self) -> u64 {
        nanos(self.ratelimit_time + self.safety_margin)
    }

    fn burst_window(&self) -> u64 {
        nanos(self.ratelimit_time * self.burst() / self.ratelimit_amount)
    }

    /// The earliest instant, not before `now`, at which one more send fits the rule.
    pub(crate) fn free_at(&self, now: Instant) -> Instant {
        let now_tick = self.tick(now);
        let free = self.free_tick(now_tick);
        if free == now_tick {
            now
        } else {
            self.instant(free)
        }
    }

    fn free_tick(&self, now: u64) -> u64 {
        let amount = self.ratelimit_amount as usize;
        let len = self.sends.len();
        let mut free = now;
        if len >= amount {
            free = free.max(self.sends[len - amount].saturating_add(self.window()));
        }
        let burst = self.burst() as usize;
        if burst < amount && len >= burst {
            free = free.max(self.sends[len - burst].saturating_add(self.burst_window()));
        }
        if let Some(cap) = self.server_cap
            && cap.left == 0
            && free < cap.until
        {
            free = cap.until;
        }
        if let Some(paused) = self.paused_until {
            free = free.max(paused);
        }
        free
    }

    /// Records a send at `at`, keeping the record sorted and no longer than the amount.
    pub(crate) fn record(&mut self, at: Instant) {
        let at = self.tick(at);
        self.record_tick(at);
    }

    fn record_tick(&mut self, at: u64) {
        if let Some(cap) = &mut self.server_cap {
            if at < cap.until {
                cap.left = cap.left.saturating_sub(1);
            } else {
                self.server_cap = None;
            }
        }
        insert_sorted(&mut self.sends, at);
        while self.sends.len() > self.ratelimit_amount as usize {
            self.sends.pop_front();
        }
        if let Some(unanswered) = &mut self.unanswered {
            insert_sorted(unanswered, at);
        }
    }

    /// Drops the sends a whole window older than `now`: they limit nothing any more (the burst
    /// window is shorter), so the record holds a window's actual traffic, not
    /// `ratelimit_amount` entries (8 MB for a 1,000,000 limit, however little is sent).
    fn forget_before(&mut self, now: u64) {
        let window = self.window();
        drop_older(&mut self.sends, window, now);
        // A send never answered (its connection failed) stops counting after a window too.
        if let Some(unanswered) = &mut self.unanswered {
            drop_older(unanswered, window, now);
        }
    }

    /// Reserves the earliest send time (committing it), or, when `wait` is false and that time
    /// is later than `now`, commits nothing and returns it as the error.
    pub(crate) fn reserve(&mut self, now: Instant, wait: bool) -> Result<Instant, Instant> {
        let now_tick = self.tick(now);
        self.forget_before(now_tick);
        let at = self.free_tick(now_tick);
        if at > now_tick && !wait {
            return Err(self.instant(at));
        }
        self.record_tick(at);
        Ok(if at == now_tick {
            now
        } else {
            self.instant(at)
        })
    }

    pub(crate) fn pause_until(&mut self, until: Instant) {
        let until = self.tick(until);
        self.paused_until = Some(self.paused_until.map_or(until, |paused| paused.max(until)));
    }

    pub(crate) fn paused_until(&self) -> Option<Instant> {
        self.paused_until.map(|tick| self.instant(tick))
    }

    /// Applies the server's view of the window (see [`update`](Self::update)). `sent_at` is
    /// when the request that carried these headers was sent; without it, every recorded send
    /// is taken as counted.
    ///
    /// The server has counted at least `limit - remaining` sends of its window (the most any
    /// response of the window said: responses of concurrent requests come back in any
    /// order), and may not have counted the sends still waiting for their response (nor
    /// the reservations not sent yet). What is left is the rest: the cap, which a later
    /// response can loosen once the answers in flight are in. Only when the reservations
    /// not sent yet cannot fit even if every request in flight was counted (another client
    /// shares the window) are the waiting callers sent round again, with a pause until the
    /// window ends.
    pub(crate) fn correct(
        &mut self,
        headers: &RatelimitHeaders,
        sent_at: Option<Instant>,
        now: Instant,
    ) {
        if let Some(limit) = headers.limit()
            && limit != self.ratelimit_amount
            && (1..=MAX_SERVER_LIMIT).contains(&limit)
        {
            tracing::debug!(
                target: "asyncdex_tower::ratelimit",
                rule = self.path().name(),
                from = self.ratelimit_amount,
                to = limit,
                "server announced a different limit"
            );
            self.ratelimit_amount = limit;
            while self.sends.len() > limit as usize {
                self.sends.pop_front();
            }
        }
        let (Some(remaining), Some(until_end)) = (headers.remaining(), headers.window_end()) else {
            return;
        };
        let until = self.tick(now + until_end);
        let counted = self.ratelimit_amount.saturating_sub(remaining);
        let (until, counted) = match self.server_cap {
            // Every response of one window names its end, give or take the rounding of the
            // headers' whole seconds; the next window's ends a whole window later.
            Some(cap) if cap.until.abs_diff(until) < self.window() / 2 => {
                (cap.until.max(until), cap.counted.max(counted))
            }
            _ => (until, counted),
        };
        let (in_flight, not_sent) = self.answer(sent_at, self.tick(now), until);
        let free = i64::from(self.ratelimit_amount) - i64::from(counted);
        // Requests in flight may already be in the server's count (answers come back in any
        // order), so only reservations not sent yet can be found not to fit; in flight or
        // not, no new one goes out until the answers say there is room.
        if free - not_sent < 0 {
            self.pause_until(self.instant(until));
        }
        self.server_cap = Some(ServerCap {
            left: usize::try_from(free - in_flight).unwrap_or(0),
            until,
            counted,
        });
    }

    /// Marks the send at `sent_at` answered and counts the unanswered sends before `until`:
    /// all of them, and those not sent by `now` (reservations). The first time, the sends
    /// after `sent_at` are taken as the unanswered ones (what the rule knew before it kept
    /// count).
    fn answer(&mut self, sent_at: Option<Instant>, now: u64, until: u64) -> (i64, i64) {
        let Some(sent_at) = sent_at.map(|at| self.tick(at)) else {
            return (0, 0);
        };
        let sends = &self.sends;
        let unanswered = self.unanswered.get_or_insert_with(|| {
            let later = sends.partition_point(|sent| *sent <= sent_at);
            sends.range(later..).copied().collect()
        });
        let index = unanswered.partition_point(|sent| *sent < sent_at);
        if unanswered.get(index) == Some(&sent_at) {
            unanswered.remove(index);
        }
        let before_end = unanswered.partition_point(|sent| *sent < until);
        let sent = unanswered
            .partition_point(|sent| *sent <= now)
            .min(before_end);
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        (count(before_end), count(before_end - sent))
    }
}

/// Drops from the sorted `ticks` those a whole `window` older than `now`.
fn drop_older(ticks: &mut VecDeque<u64>, window: u64, now: u64) {
    while ticks
        .front()
        .is_some_and(|sent| sent.saturating_add(window) <= now)
    {
        ticks.pop_front();
    }
}

/// Inserts `at` into the sorted `ticks` (at the back, the usual case, in O(1)).
fn insert_sorted(ticks: &mut VecDeque<u64>, at: u64) {
    match ticks.back() {
        Some(last) if *last > at => {
            let index = ticks.partition_point(|sent| *sent <= at);
            ticks.insert(index, at);
        }
        _ => ticks.push_back(at),
    }
}

/// What the server last said about the current window (see `PathRatelimit::correct`).
#[derive(Clone, Copy, Debug)]
struct ServerCap {
    left: usize,
    until: u64,
    /// The most sends of the window the server said it had counted.
    counted: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn rule(amount: u32, secs: u64) -> PathRatelimit {
        PathRatelimit::new(
            Path::new("r", "/r", None),
            amount,
            Duration::from_secs(secs),
        )
    }

    #[test]
    fn the_record_holds_one_window_of_traffic_not_the_amount() {
        let start = Instant::now();
        let mut rule = rule(1_000_000, 1);
        for _ in 0..100 {
            rule.reserve(start, true).unwrap();
        }
        assert_eq!(rule.sends.len(), 100);
        // A later reservation still counts the window's sends...
        rule.reserve(start + Duration::from_millis(999), true)
            .unwrap();
        assert_eq!(rule.sends.len(), 101);
        // ...and forgets the ones a whole window old.
        rule.reserve(start + Duration::from_secs(1), true).unwrap();
        assert_eq!(rule.sends.len(), 2);
        assert_eq!(rule.ratelimit_amount(), 1_000_000);
    }

    #[test]
    fn amount_sends_per_sliding_window() {
        let start = Instant::now();
        let mut rule = rule(3, 10);
        let times: Vec<_> = (0..7).map(|_| rule.reserve(start, true).unwrap()).collect();
        let secs: Vec<_> = times.iter().map(|t| (*t - start).as_secs()).collect();
        assert_eq!(secs, [0, 0, 0, 10, 10, 10, 20]);
    }

    #[test]
    fn burst_cap_spreads_the_window_without_lowering_the_rate() {
        let start = Instant::now();
        let mut rule = rule(10, 1).with_burst(2);
        let times: Vec<_> = (0..12)
            .map(|_| rule.reserve(start, true).unwrap())
            .collect();
        let millis: Vec<_> = times.iter().map(|t| (*t - start).as_millis()).collect();
        assert_eq!(
            millis,
            [0, 0, 200, 200, 400, 400, 600, 600, 800, 800, 1000, 1000]
        );
    }

    #[test]
    fn fail_fast_commits_nothing() {
        let start = Instant::now();
        let mut rule = rule(1, 10);
        assert_eq!(rule.reserve(start, false), Ok(start));
        let later = start + Duration::from_secs(10);
        assert_eq!(rule.reserve(start, false), Err(later));
        assert_eq!(rule.reserve(start, false), Err(later));
        assert_eq!(rule.reserve(later, false), Ok(later));
    }

    #[test]
    fn margin_lengthens_the_window() {
        let start = Instant::now();
        let mut rule = rule(1, 1).with_safety_margin(Duration::from_millis(50));
        rule.reserve(start, true).unwrap();
        assert_eq!(rule.free_at(start), start + Duration::from_millis(1050));
    }

    #[test]
    fn amount_is_kept_in_range() {
        assert_eq!(rule(0, 1).ratelimit_amount(), 1);
        assert_eq!(rule(u32::MAX, 1).ratelimit_amount(), MAX_SERVER_LIMIT);
    }

    #[test]
    fn out_of_order_record_stays_sorted() {
        let start = Instant::now();
        let mut rule = rule(3, 10);
        rule.record(start + Duration::from_secs(5));
        rule.record(start);
        rule.record(start + Duration::from_secs(2));
        let secs: Vec<_> = rule
            .sends
            .iter()
            .map(|tick| (rule.instant(*tick) - start).as_secs())
            .collect();
        assert_eq!(secs, [0, 2, 5]);
        assert_eq!(rule.free_at(start), start + Duration::from_secs(10));
    }

    fn headers(limit: &str, remaining: &str, end_in: Duration) -> RatelimitHeaders {
        let mut map = HeaderMap::new();
        map.insert("x-ratelimit-limit", HeaderValue::from_str(limit).unwrap());
        map.insert(
            "x-ratelimit-remaining",
            HeaderValue::from_str(remaining).unwrap(),
        );
        let end = std::time::SystemTime::now() + end_in;
        let unix = end.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        map.insert("x-ratelimit-retry-after", HeaderValue::from(unix));
        RatelimitHeaders::parse(&map, MAX_SERVER_WAIT)
    }

    #[test]
    fn server_with_fewer_remaining_holds_back_until_window_end() {
        let start = Instant::now();
        let mut rule = rule(10, 60);
        rule.reserve(start, true).unwrap();
        // The server has counted 8 of 10 (other processes share the IP): 2 remain for 30 s.
        rule.correct(
            &headers("10", "2", Duration::from_secs(30)),
            Some(start),
            start,
        );
        assert_eq!(rule.reserve(start, true).unwrap(), start);
        assert_eq!(rule.reserve(start, true).unwrap(), start);
        let third = rule.reserve(start, true).unwrap();
        let waited = third - start;
        assert!(
            waited >= Duration::from_secs(28) && waited <= Duration::from_secs(31),
            "{waited:?}"
        );
    }

    #[test]
    fn zero_remaining_holds_back_until_window_end() {
        let start = Instant::now();
        let mut rule = rule(10, 60);
        let sent = rule.reserve(start, true).unwrap();
        rule.correct(
            &headers("10", "0", Duration::from_secs(20)),
            Some(sent),
            start,
        );
        // Held by the server's count, not by a pause: nothing was handed out beyond it.
        assert_eq!(rule.paused_until(), None);
        let free = rule.free_at(start) - start;
        assert!(free >= Duration::from_secs(18), "{free:?}");
    }

    #[test]
    fn reservations_that_no_longer_fit_go_round_again() {
        let start = Instant::now();
        let mut rule = rule(10, 60);
        let sent = rule.reserve(start, true).unwrap();
        rule.reserve(start + Duration::from_millis(5), true)
            .unwrap();
        // Another process used the window up: the reservation handed out does not fit.
        rule.correct(
            &headers("10", "0", Duration::from_secs(20)),
            Some(sent),
            start,
        );
        let paused = rule.paused_until().expect("paused");
        assert!(paused - start >= Duration::from_secs(18));
        assert!(rule.free_at(start) >= paused);
    }

    /// A rule of 10 a minute whose first 7 sends were answered, and two more sends (1 ms and
    /// 2 ms after the start) still in flight.
    fn two_in_flight_after_seven_answered() -> (PathRatelimit, Instant, Instant, Instant) {
        let start = Instant::now();
        let mut rule = rule(10, 60);
        for _ in 0..7 {
            let sent = rule.reserve(start, true).unwrap();
            let remaining = 10 - rule.sends.len();
            rule.correct(
                &headers("10", &remaining.to_string(), Duration::from_secs(60)),
                Some(sent),
                start,
            );
        }
        let mut send_after = |ms| {
            rule.reserve(start + Duration::from_millis(ms), true)
                .unwrap()
        };
        let (first, second) = (send_after(1), send_after(2));
        (rule, start, first, second)
    }

    #[test]
    fn answers_out_of_order_leave_no_slot_unused() {
        // Two concurrent requests, sent 1 ms apart, reach the server in the other order: the
        // later one is counted first. The first answer (for the earlier send, 1 remaining)
        // cannot know that the other was counted; once both answers are in, the one slot
        // left is free again, and still only one.
        let (mut rule, start, early, late) = two_in_flight_after_seven_answered();
        let now = start + Duration::from_millis(50);
        rule.correct(
            &headers("10", "1", Duration::from_secs(60)),
            Some(early),
            now,
        );
        assert!(
            rule.free_at(now) > now + Duration::from_secs(50),
            "held while one is out"
        );
        rule.correct(
            &headers("10", "2", Duration::from_secs(60)),
            Some(late),
            now,
        );
        assert_eq!(rule.paused_until(), None);
        assert_eq!(rule.reserve(now, true).unwrap(), now, "the last slot");
        assert!(
            rule.free_at(now) > now + Duration::from_secs(50),
            "and no more"
        );
    }

    #[test]
    fn a_reservation_that_fits_once_the_answers_are_in_keeps_its_place() {
        // Sends `a` and `b` are in flight, and the last slot is reserved for later. The
        // server counted `b` before `a`, so `a`'s answer says 1 remaining: the reservation
        // fits if `b` is already counted, which no answer can tell yet. It is not sent round
        // again (that would waste the window's last slot).
        let (mut rule, start, a, b) = two_in_flight_after_seven_answered();
        rule.record(start + Duration::from_secs(10));
        let now = start + Duration::from_millis(50);
        rule.correct(&headers("10", "1", Duration::from_secs(60)), Some(a), now);
        assert_eq!(rule.paused_until(), None);
        rule.correct(&headers("10", "2", Duration::from_secs(60)), Some(b), now);
        assert_eq!(rule.paused_until(), None);
        assert!(
            rule.free_at(now) > now + Duration::from_secs(50),
            "the window is full"
        );
    }

    #[test]
    fn sends_after_the_counted_one_reduce_what_remains() {
        let start = Instant::now();
        let mut rule = rule(10, 60);
        let first = rule.reserve(start, true).unwrap();
        for _ in 0..3 {
            rule.reserve(start + Duration::from_millis(1), true)
                .unwrap();
        }
        // The server saw only the first: "9 remaining". Three more are in flight, so 6 fit.
        rule.correct(
            &headers("10", "9", Duration::from_secs(60)),
            Some(first),
            start,
        );
        let immediate = (0..10)
            .map(|_| {
                rule.reserve(start + Duration::from_millis(2), true)
                    .unwrap()
            })
            .filter(|at| *at <= start + Duration::from_secs(1))
            .count();
        assert_eq!(immediate, 6);
    }

    #[test]
    fn repeated_corrections_count_each_send_once() {
        // The server's window ends a little after this rule's own (61 s vs 60 s): every
        // response said exactly how many remain, so all ten sends of the window must fit.
        let start = Instant::now();
        let mut rule = rule(10, 60).with_safety_margin(Duration::from_millis(20));
        for remaining in (6..=9).rev() {
            let sent = rule.reserve(start, true).unwrap();
            let headers = headers("10", &remaining.to_string(), Duration::from_secs(61));
            rule.correct(&headers, Some(sent), start);
        }
        assert_eq!(rule.ratelimit_used(), 4);
        for _ in 0..6 {
            assert_eq!(rule.reserve(start, true).unwrap(), start);
        }
        let eleventh = rule.reserve(start, true).unwrap() - start;
        assert!(eleventh >= Duration::from_secs(59), "{eleventh:?}");
    }

    #[test]
    fn larger_remaining_never_loosens() {
        let start = Instant::now();
        let mut rule = rule(2, 60);
        rule.reserve(start, true).unwrap();
        rule.reserve(start, true).unwrap();
        rule.correct(&headers("2", "2", Duration::from_secs(1)), None, start);
        assert_eq!(rule.free_at(start), start + Duration::from_secs(60));
    }

    #[test]
    fn new_limit_replaces_amount() {
        let start = Instant::now();
        let mut rule = rule(5, 60);
        for _ in 0..5 {
            rule.reserve(start, true).unwrap();
        }
        rule.correct(&headers("3", "0", Duration::ZERO), None, start);
        assert_eq!(rule.ratelimit_amount(), 3);
        assert_eq!(rule.sends.len(), 3);
    }

    #[test]
    fn accessors_report_use_and_expiry() {
        let mut rule = rule(2, 60);
        assert!(rule.can_call(&Method::GET));
        rule.reserve(Instant::now(), true).unwrap();
        rule.reserve(Instant::now(), true).unwrap();
        assert!(!rule.can_call(&Method::GET));
        assert_eq!(rule.ratelimit_used(), 2);
        assert!(rule.time_until_expire() > Duration::from_secs(59));
        let expires = rule.ratelimit_expires();
        assert!(expires > OffsetDateTime::now_utc() + Duration::from_secs(58));
        rule.expire();
        assert!(rule.can_call(&Method::GET));
        assert_eq!(rule.ratelimit_used(), 0);
    }
}
