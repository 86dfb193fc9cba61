//! The live side of a rule: the sends it has counted, its pause, and what the server said.
//!
//! The numbers it enforces ([`Limit`]) are the rule's data and are passed in, so the state
//! never keeps a second copy of them that could drift from the rule's.

use std::collections::VecDeque;
use std::time::Duration;

use tokio::time::Instant;

use super::super::headers::RatelimitHeaders;

/// A duration in whole nanoseconds, saturating (584 years fit).
fn nanos(duration: Duration) -> u64 {
    u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX)
}

/// What a rule allows: `amount` sends per `time` (plus `margin`), at most `burst` of them in a
/// proportional part of the window.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limit {
    pub(crate) amount: u32,
    pub(crate) time: Duration,
    pub(crate) margin: Duration,
    /// Unset: the amount.
    pub(crate) burst: Option<u32>,
}

impl Limit {
    pub(crate) fn burst(&self) -> u32 {
        self.burst
            .map_or(self.amount, |burst| burst.min(self.amount))
    }

    /// The window in nanoseconds, margin included.
    fn window(&self) -> u64 {
        nanos(self.time + self.margin)
    }

    fn burst_window(&self) -> u64 {
        nanos(self.time * self.burst() / self.amount)
    }
}

/// The record of one rule's sends.
#[derive(Clone, Debug)]
pub(crate) struct Window {
    /// Send times as nanoseconds since `epoch`, oldest first, at most `amount` of them (future
    /// ones are reservations of callers still waiting for their turn). Integer time keeps the
    /// limiter's hot path to plain arithmetic.
    pub(super) sends: VecDeque<u64>,
    paused_until: Option<u64>,
    /// The server's own count, from its headers: at most `left` more sends until `until`.
    /// Kept apart from `sends`, which records only real sends (so a later response can still
    /// tell which sends the server had not seen yet).
    server_cap: Option<ServerCap>,
    /// Sends whose response has not come back yet, oldest first: the server may not have
    /// counted them. Kept once the server has sent its count (before that nothing reads it,
    /// and a host bucket that never hears one pays nothing).
    unanswered: Option<VecDeque<u64>>,
    /// A day before the window was made: every instant it sees is later than this (a paused
    /// test clock starts at the real time its runtime was built).
    epoch: Instant,
}

/// What the server last said about the current window (see [`Window::correct`]).
#[derive(Clone, Copy, Debug)]
struct ServerCap {
    left: usize,
    until: u64,
    /// The most sends of the window the server said it had counted.
    counted: u32,
}

impl Window {
    pub(crate) fn new() -> Self {
        let now = Instant::now();
        Self {
            sends: VecDeque::new(),
            paused_until: None,
            server_cap: None,
            unanswered: None,
            epoch: now.checked_sub(Duration::from_secs(86_400)).unwrap_or(now),
        }
    }

    /// Forgets every send, the pause and the server's count.
    pub(crate) fn clear(&mut self) {
        self.sends.clear();
        self.paused_until = None;
        self.server_cap = None;
        self.unanswered = None;
    }

    fn tick(&self, at: Instant) -> u64 {
        nanos(at.saturating_duration_since(self.epoch))
    }

    pub(super) fn instant(&self, tick: u64) -> Instant {
        self.epoch + Duration::from_nanos(tick)
    }

    /// The sends (and reservations) still inside the window at `now`.
    pub(crate) fn used(&self, limit: &Limit, now: Instant) -> usize {
        let (now, window) = (self.tick(now), limit.window());
        self.sends
            .iter()
            .filter(|sent| sent.saturating_add(window) > now)
            .count()
    }

    /// Keeps only the newest `amount` sends (the server announced a lower limit).
    pub(crate) fn truncate(&mut self, amount: u32) {
        while self.sends.len() > amount as usize {
            self.sends.pop_front();
        }
    }

    /// The earliest instant, not before `now`, at which one more send fits `limit`.
    pub(crate) fn free_at(&self, limit: &Limit, now: Instant) -> Instant {
        let now_tick = self.tick(now);
        let free = self.free_tick(limit, now_tick);
        if free == now_tick {
            now
        } else {
            self.instant(free)
        }
    }

    fn free_tick(&self, limit: &Limit, now: u64) -> u64 {
        self.server_free_tick(self.own_free_tick(limit, now))
    }

    /// Whether the server's word (a pause, or its count of the window) holds the next send
    /// back later than this client's own record of sends would.
    pub(crate) fn held_by_server(&self, limit: &Limit, now: Instant) -> bool {
        let own = self.own_free_tick(limit, self.tick(now));
        self.server_free_tick(own) > own
    }

    /// The earliest tick, not before `now`, that this client's own record allows.
    fn own_free_tick(&self, limit: &Limit, now: u64) -> u64 {
        let amount = limit.amount as usize;
        let len = self.sends.len();
        let mut free = now;
        if len >= amount {
            free = free.max(self.sends[len - amount].saturating_add(limit.window()));
        }
        let burst = limit.burst() as usize;
        if burst < amount && len >= burst {
            free = free.max(self.sends[len - burst].saturating_add(limit.burst_window()));
        }
        free
    }

    /// `free`, or later when the server's count or a pause says so.
    fn server_free_tick(&self, mut free: u64) -> u64 {
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

    fn record_tick(&mut self, limit: &Limit, at: u64) {
        if let Some(cap) = &mut self.server_cap {
            if at < cap.until {
                cap.left = cap.left.saturating_sub(1);
            } else {
                self.server_cap = None;
            }
        }
        insert_sorted(&mut self.sends, at);
        self.truncate(limit.amount);
        if let Some(unanswered) = &mut self.unanswered {
            insert_sorted(unanswered, at);
        }
    }

    /// Drops the sends a whole window older than `now`: they limit nothing any more (the burst
    /// window is shorter), so the record holds a window's actual traffic, not `amount` entries
    /// (8 MB for a 1,000,000 limit, however little is sent).
    fn forget_before(&mut self, limit: &Limit, now: u64) {
        let window = limit.window();
        drop_older(&mut self.sends, window, now);
        // A send never answered (its connection failed) stops counting after a window too.
        if let Some(unanswered) = &mut self.unanswered {
            drop_older(unanswered, window, now);
        }
    }

    /// Reserves the earliest send time (committing it), or, when `wait` is false and that time
    /// is later than `now`, commits nothing and returns it as the error.
    pub(crate) fn reserve(
        &mut self,
        limit: &Limit,
        now: Instant,
        wait: bool,
    ) -> Result<Instant, Instant> {
        let now_tick = self.tick(now);
        self.forget_before(limit, now_tick);
        let at = self.free_tick(limit, now_tick);
        if at > now_tick && !wait {
            return Err(self.instant(at));
        }
        self.record_tick(limit, at);
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

    /// Applies the server's count of its window (`limit` already holds the server's amount).
    /// `sent_at` is when the request that carried these headers was sent; without it, every
    /// recorded send is taken as counted.
    ///
    /// The server has counted at least `amount - remaining` sends of its window (the most any
    /// response of the window said: responses of concurrent requests come back in any
    /// order), and may not have counted the sends still waiting for their response (nor
    /// the reservations not sent yet). What is left is the rest: the cap, which a later
    /// response can loosen once the answers in flight are in. Only when the reservations
    /// not sent yet cannot fit even if every request in flight was counted (another client
    /// shares the window) are the waiting callers sent round again, with a pause until the
    /// window ends.
    pub(crate) fn correct(
        &mut self,
        limit: &Limit,
        headers: &RatelimitHeaders,
        sent_at: Option<Instant>,
        now: Instant,
    ) {
        let (Some(remaining), Some(until_end)) = (headers.remaining(), headers.window_end()) else {
            return;
        };
        let until = self.tick(now + until_end);
        let counted = limit.amount.saturating_sub(remaining);
        let (until, counted) = match self.server_cap {
            // Every response of one window names its end, give or take the rounding of the
            // headers' whole seconds; the next window's ends a whole window later.
            Some(cap) if cap.until.abs_diff(until) < limit.window() / 2 => {
                (cap.until.max(until), cap.counted.max(counted))
            }
            _ => (until, counted),
        };
        let (in_flight, not_sent) = self.answer(sent_at, self.tick(now), until);
        let free = i64::from(limit.amount) - i64::from(counted);
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
