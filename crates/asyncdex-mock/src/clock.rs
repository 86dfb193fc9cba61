//! The server's clock: `tokio::time::Instant` for every window and expiry, and a UNIX time
//! derived from it (`start_unix + (now - start)`), so paused tokio time moves both together.

use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::time::Instant;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    start_unix: Duration,
    start: Instant,
}

impl Clock {
    pub(crate) fn new() -> Self {
        let start_unix = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        Self {
            start_unix,
            start: Instant::now(),
        }
    }

    #[allow(clippy::unused_self)]
    pub(crate) fn now(&self) -> Instant {
        Instant::now()
    }

    /// UNIX time of an instant, as a duration since the epoch.
    pub(crate) fn unix_of(&self, at: Instant) -> Duration {
        self.start_unix + at.saturating_duration_since(self.start)
    }

    /// UNIX seconds now.
    pub(crate) fn unix_now(&self) -> i64 {
        self.unix_of(Instant::now()).as_secs() as i64
    }

    /// The `Date` header's value now (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`). Set by
    /// the server itself rather than left to hyper, whose date comes from the system clock:
    /// under paused tokio time that clock stands still while windows move on, and a client
    /// that reads `X-RateLimit-Retry-After` against `Date` (as it should) would wait minutes.
    pub(crate) fn http_date(&self) -> String {
        let format = time::macros::format_description!(
            "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
        );
        let secs = i64::try_from(self.unix_of(Instant::now()).as_secs()).unwrap_or(i64::MAX);
        time::OffsetDateTime::from_unix_timestamp(secs)
            .ok()
            .and_then(|at| at.format(format).ok())
            .unwrap_or_default()
    }

    /// UNIX seconds of an instant, rounded up (used for window ends).
    pub(crate) fn unix_secs_ceil(&self, at: Instant) -> i64 {
        let d = self.unix_of(at);
        let s = d.as_secs() as i64;
        if d.subsec_nanos() > 0 { s + 1 } else { s }
    }
}

/// `at + d`, saturating at about a century instead of panicking on huge durations.
pub(crate) fn later(at: Instant, d: Duration) -> Instant {
    at.checked_add(d)
        .or_else(|| at.checked_add(Duration::from_secs(100 * 365 * 86_400)))
        .unwrap_or(at)
}
