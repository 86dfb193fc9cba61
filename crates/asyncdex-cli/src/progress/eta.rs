//! The time a series download has left, and how it is shown.

use std::time::Duration;

/// MangaDex lets a client ask for 40 chapters' image servers a minute: the floor of any ETA.
const AT_HOME_PER_MINUTE: f64 = 40.0;

/// The time left: the pace so far, but never less than the at-home limit allows for the
/// chapters left (40 a minute).
pub(crate) fn eta(all: usize, done: usize, elapsed: Duration) -> Duration {
    let left = all.saturating_sub(done) as f64;
    let pace = if done == 0 {
        0.0
    } else {
        elapsed.as_secs_f64() / done as f64
    };
    let floor = left * 60.0 / AT_HOME_PER_MINUTE;
    Duration::from_secs_f64((left * pace).max(floor))
}

pub(super) fn human(duration: Duration) -> String {
    let secs = duration.as_secs();
    if secs < 90 {
        format!("{secs} s")
    } else {
        format!("{} min", secs.div_ceil(60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eta_never_beats_the_at_home_limit() {
        // 120 chapters, 10 done in 1 s: the pace says 11 s, the limit 2 min 45 s.
        let eta = eta(120, 10, Duration::from_secs(1));
        assert_eq!(eta, Duration::from_secs(165));
        // A slow pace wins over the limit.
        assert_eq!(
            super::eta(4, 2, Duration::from_secs(600)),
            Duration::from_secs(600)
        );
        assert_eq!(super::eta(3, 3, Duration::from_secs(5)), Duration::ZERO);
        assert_eq!(human(Duration::from_secs(165)), "3 min");
        assert_eq!(human(Duration::from_secs(30)), "30 s");
    }
}
