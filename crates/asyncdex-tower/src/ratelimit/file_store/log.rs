//! The shared-store model of [`store`](crate::ratelimit::store) as plain data: sliding logs
//! of send instants (milliseconds on the store's clock), pauses, and a registry of peers.
//! Pure functions of the state and "now", so every rule is tested without a clock.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::ratelimit::store::{COMMIT_AHEAD, Reserved, SharedLimit};

/// One limit's record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Log {
    /// When each committed send reaches the server at the latest (its slot plus its lateness;
    /// ms), smallest first: what the windows count.
    pub(crate) sends: Vec<u64>,
    /// The slot of the last committed send (ms; 0 for none): no send is placed before it.
    pub(crate) last_sent: u64,
    /// No send before this instant (ms; 0 for none).
    pub(crate) paused_until: u64,
}

/// Every limit's record and the peers' last heartbeats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Logs {
    pub(crate) limits: BTreeMap<String, Log>,
    /// Process id → last heartbeat (ms).
    pub(crate) peers: BTreeMap<u32, u64>,
}

fn ms(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

impl Log {
    /// Drops the sends that no window containing `now` or a later instant can count.
    fn trim(&mut self, window: u64, now: u64) {
        let Some(horizon) = now.checked_sub(window) else {
            return;
        };
        let keep_from = self.sends.partition_point(|&at| at <= horizon);
        self.sends.drain(..keep_from);
    }

    /// The earliest instant, not before `now` nor the last committed send, that this limit
    /// and its pause allow: one window after the `amount`-th latest arrival.
    fn earliest(&self, limit: &SharedLimit, now: u64) -> u64 {
        let mut at = now.max(self.paused_until).max(self.last_sent);
        let amount = limit.amount.max(1) as usize;
        if self.sends.len() >= amount {
            at = at.max(self.sends[self.sends.len() - amount] + ms(limit.window));
        }
        at
    }

    /// Counts a send that reaches the server by `arrival` at the latest, keeping only the
    /// `amount` latest arrivals (no reservation looks further back).
    fn add_arrival(&mut self, arrival: u64, amount: u32) {
        let at = self.sends.partition_point(|&other| other <= arrival);
        self.sends.insert(at, arrival);
        let excess = self.sends.len().saturating_sub(amount.max(1) as usize);
        self.sends.drain(..excess);
    }
}

impl Logs {
    fn log(&mut self, limit: &SharedLimit, now: u64) -> &mut Log {
        let log = self.limits.entry(limit.name.to_string()).or_default();
        log.trim(ms(limit.window), now);
        log
    }

    /// See [`SharedStore::reserve`](crate::ratelimit::SharedStore::reserve).
    pub(crate) fn reserve(
        &mut self,
        limits: &[SharedLimit],
        wait: bool,
        late: Duration,
        now: u64,
    ) -> Reserved {
        let at = limits
            .iter()
            .map(|limit| self.log(limit, now).earliest(limit, now))
            .fold(now, u64::max);
        let after = Duration::from_millis(at - now);
        if after > COMMIT_AHEAD || (!wait && at > now) {
            return Reserved::Busy(after);
        }
        for limit in limits {
            let log = self.log(limit, now);
            log.last_sent = at;
            log.add_arrival(at.saturating_add(ms(late)), limit.amount);
        }
        Reserved::Send(after)
    }

    /// See [`SharedStore::pause`](crate::ratelimit::SharedStore::pause).
    pub(crate) fn pause(&mut self, limits: &[SharedLimit], duration: Duration, now: u64) {
        let until = now.saturating_add(ms(duration));
        for limit in limits {
            let log = self.log(limit, now);
            log.paused_until = log.paused_until.max(until);
        }
    }

    /// See [`SharedStore::paused`](crate::ratelimit::SharedStore::paused).
    pub(crate) fn paused(&self, limits: &[SharedLimit], now: u64) -> Duration {
        let until = limits
            .iter()
            .filter_map(|limit| self.limits.get(&*limit.name))
            .map(|log| log.paused_until)
            .fold(now, u64::max);
        Duration::from_millis(until - now)
    }

    /// See [`SharedStore::correct`](crate::ratelimit::SharedStore::correct): the missing sends
    /// are counted at the start of the server's window, so they expire when it ends.
    pub(crate) fn correct(
        &mut self,
        limit: &SharedLimit,
        used: u32,
        window_end: Duration,
        now: u64,
    ) {
        let start = now
            .saturating_add(ms(window_end))
            .saturating_sub(ms(limit.window));
        let log = self.log(limit, now);
        // A send whose latest arrival is still ahead is not counted as seen: at worst this
        // adds one too many, which only holds sends back.
        let counted = log
            .sends
            .iter()
            .filter(|&&at| at > start && at <= now)
            .count();
        for _ in counted..(used as usize) {
            log.add_arrival(start + 1, limit.amount);
        }
    }

    /// Renews `pid`'s heartbeat, forgets peers silent for `ttl`, and counts the rest.
    pub(crate) fn heartbeat(&mut self, pid: u32, ttl: Duration, now: u64) -> u32 {
        self.peers.insert(pid, now);
        if let Some(horizon) = now.checked_sub(ms(ttl)) {
            self.peers.retain(|_, &mut seen| seen > horizon);
        }
        u32::try_from(self.peers.len()).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit(name: &str, amount: u32, window_ms: u64) -> SharedLimit {
        SharedLimit {
            name: name.into(),
            amount,
            window: Duration::from_millis(window_ms),
        }
    }

    fn committed(logs: &mut Logs, limits: &[SharedLimit], now: u64) -> Option<u64> {
        match logs.reserve(limits, true, Duration::ZERO, now) {
            Reserved::Send(after) => Some(now + ms(after)),
            Reserved::Busy(_) => None,
        }
    }

    #[test]
    fn never_more_than_amount_in_any_window() {
        let global = limit("global", 5, 1000);
        let mut logs = Logs::default();
        let mut sends = Vec::new();
        let mut now = 0;
        while sends.len() < 40 {
            match logs.reserve(std::slice::from_ref(&global), true, Duration::ZERO, now) {
                Reserved::Send(after) => sends.push(now + ms(after)),
                Reserved::Busy(after) => now += ms(after),
            }
            now += 7;
        }
        for (index, &at) in sends.iter().enumerate() {
            let in_window = sends[index..].iter().filter(|&&s| s < at + 1000).count();
            assert!(in_window <= 5, "{in_window} sends in the window from {at}");
        }
        // The allowance is used: 40 sends take 7 full windows and a bit, not more.
        assert!(sends[39] < 8000, "{sends:?}");
    }

    #[test]
    fn a_late_send_holds_the_window_from_its_latest_arrival_without_delaying_others() {
        let global = limit("global", 2, 500);
        let one = std::slice::from_ref(&global);
        let mut logs = Logs::default();
        let late = Duration::from_millis(300);
        // A starting process's two sends go at once, one after the other: their lateness
        // does not serialise them.
        assert_eq!(
            logs.reserve(one, true, late, 0),
            Reserved::Send(Duration::ZERO)
        );
        assert_eq!(
            logs.reserve(one, true, late, 10),
            Reserved::Send(Duration::ZERO)
        );
        // The next waits one window after the first's latest arrival (300), not its slot
        // (that would be 500); and the one after it, after the second's (310).
        assert_eq!(committed(&mut logs, one, 20), Some(800));
        assert_eq!(committed(&mut logs, one, 30), Some(810));
        assert_eq!(committed(&mut logs, one, 400), Some(1300));
        assert_eq!(logs.limits["global"].sends, [810, 1300]);
        assert_eq!(logs.limits["global"].last_sent, 1300);
    }

    #[test]
    fn a_slot_far_ahead_commits_nothing() {
        let route = limit("at-home", 2, 60_000);
        let global = limit("global", 5, 1000);
        let both = [global.clone(), route];
        let mut logs = Logs::default();
        assert_eq!(committed(&mut logs, &both, 0), Some(0));
        assert_eq!(committed(&mut logs, &both, 10), Some(10));
        assert_eq!(
            logs.reserve(&both, true, Duration::ZERO, 20),
            Reserved::Busy(Duration::from_millis(59_980))
        );
        // The refused route took nothing from the host-wide limit: another route goes now.
        assert_eq!(committed(&mut logs, &[global], 30), Some(30));
        assert_eq!(logs.limits["global"].sends, [0, 10, 30]);
    }

    #[test]
    fn without_waiting_only_a_send_for_now_is_committed() {
        let global = limit("global", 1, 1000);
        let mut logs = Logs::default();
        assert_eq!(
            logs.reserve(std::slice::from_ref(&global), false, Duration::ZERO, 0),
            Reserved::Send(Duration::ZERO)
        );
        assert_eq!(
            logs.reserve(std::slice::from_ref(&global), false, Duration::ZERO, 400),
            Reserved::Busy(Duration::from_millis(600))
        );
        assert_eq!(logs.limits["global"].sends, [0]);
    }

    #[test]
    fn a_pause_holds_every_limit_it_names_and_never_shortens() {
        let global = limit("global", 5, 1000);
        let mut logs = Logs::default();
        logs.pause(
            std::slice::from_ref(&global),
            Duration::from_millis(800),
            100,
        );
        logs.pause(
            std::slice::from_ref(&global),
            Duration::from_millis(100),
            200,
        );
        assert_eq!(
            committed(&mut logs, std::slice::from_ref(&global), 300),
            Some(900)
        );
    }

    #[test]
    fn paused_answers_what_is_left_of_the_longest_pause() {
        let global = limit("global", 5, 1000);
        let route = limit("at-home", 40, 60_000);
        let both = [global.clone(), route.clone()];
        let mut logs = Logs::default();
        assert_eq!(logs.paused(&both, 100), Duration::ZERO);
        logs.pause(&both, Duration::from_millis(800), 100);
        logs.pause(&[route], Duration::from_millis(2_000), 100);
        assert_eq!(logs.paused(&both, 300), Duration::from_millis(1_800));
        assert_eq!(
            logs.paused(std::slice::from_ref(&global), 300),
            Duration::from_millis(600)
        );
        assert_eq!(logs.paused(&both, 2_100), Duration::ZERO);
        assert_eq!(logs.paused(&both, 5_000), Duration::ZERO);
    }

    #[test]
    fn a_correction_counts_what_the_server_saw_until_its_window_ends() {
        let route = limit("at-home", 40, 60_000);
        let mut logs = Logs::default();
        let one = std::slice::from_ref(&route);
        assert_eq!(committed(&mut logs, one, 100_000), Some(100_000));
        // The server says 40 used, its window ends in 5 s: the rest of the window is closed.
        logs.correct(&route, 40, Duration::from_secs(5), 101_000);
        assert_eq!(logs.limits["at-home"].sends.len(), 40);
        assert_eq!(
            logs.reserve(one, true, Duration::ZERO, 101_000),
            Reserved::Busy(Duration::from_millis(5001))
        );
        assert_eq!(committed(&mut logs, one, 106_001), Some(106_001));
        // A correction below what is already counted changes nothing.
        logs.correct(&route, 1, Duration::from_secs(5), 106_002);
        assert_eq!(logs.limits["at-home"].sends, [100_000, 106_001]);
    }

    #[test]
    fn peers_that_stop_beating_are_forgotten() {
        let mut logs = Logs::default();
        let ttl = Duration::from_secs(10);
        assert_eq!(logs.heartbeat(1, ttl, 0), 1);
        assert_eq!(logs.heartbeat(2, ttl, 5_000), 2);
        assert_eq!(logs.heartbeat(2, ttl, 12_000), 1);
    }
}
