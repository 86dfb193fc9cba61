//! Full-jitter exponential backoff.
//!
//! "Full jitter" (AWS architecture blog, "Exponential Backoff And Jitter") picks the delay
//! uniformly in `[0, min(max, initial * 2^n)]`. Spreading retries over the whole interval is
//! what stops many clients that failed together from retrying together.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The exponential part of the backoff: the upper bound of the delay before retry `n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Backoff {
    pub(crate) initial: Duration,
    pub(crate) max: Duration,
}

impl Backoff {
    /// `min(max, initial * 2^retry)`, where `retry` counts from 0 for the first retry.
    pub(crate) fn cap(&self, retry: u32) -> Duration {
        self.initial
            .saturating_mul(2u32.saturating_pow(retry))
            .min(self.max)
    }
}

/// A SplitMix64 generator shared by every clone (one atomic add per draw).
///
/// Sharing one stream is what makes a seeded layer deterministic as a whole, and SplitMix64's
/// state is a plain counter, so it can advance lock-free. It is not cryptographic and does not
/// need to be: it only spreads retries out.
#[derive(Clone)]
pub(crate) struct Jitter {
    state: Arc<AtomicU64>,
}

const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

impl Jitter {
    pub(crate) fn seeded(seed: u64) -> Self {
        Self {
            state: Arc::new(AtomicU64::new(seed)),
        }
    }

    /// Seeds from the wall clock and a process-wide counter: cheap, and different for two
    /// layers built in the same nanosecond.
    pub(crate) fn from_entropy() -> Self {
        static LAYERS: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        let n = LAYERS.fetch_add(1, Ordering::Relaxed);
        Self::seeded(mix(nanos ^ n.wrapping_mul(GAMMA)))
    }

    pub(crate) fn next_u64(&self) -> u64 {
        let state = self
            .state
            .fetch_add(GAMMA, Ordering::Relaxed)
            .wrapping_add(GAMMA);
        mix(state)
    }

    /// A uniformly random duration in `[0, max]` (inclusive, nanosecond resolution).
    pub(crate) fn up_to(&self, max: Duration) -> Duration {
        let max_nanos = u64::try_from(max.as_nanos()).unwrap_or(u64::MAX);
        // Lemire's multiply-shift: maps a 64-bit draw onto [0, max_nanos] without a float and
        // without the bias of a modulo.
        let range = u128::from(max_nanos) + 1;
        let nanos = (u128::from(self.next_u64()) * range) >> 64;
        Duration::from_nanos(nanos as u64)
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl fmt::Debug for Jitter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jitter").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_reference_values() {
        // First outputs of SplitMix64 seeded with 0 (Vigna's reference implementation).
        let j = Jitter::seeded(0);
        assert_eq!(j.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(j.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(j.next_u64(), 0x06c4_5d18_8009_454f);
    }

    #[test]
    fn clones_share_one_stream() {
        let a = Jitter::seeded(7);
        let b = a.clone();
        let reference = Jitter::seeded(7);
        assert_eq!(a.next_u64(), reference.next_u64());
        assert_eq!(b.next_u64(), reference.next_u64());
    }

    #[test]
    fn cap_doubles_then_saturates() {
        let b = Backoff {
            initial: Duration::from_millis(100),
            max: Duration::from_secs(1),
        };
        let caps: Vec<_> = (0..6).map(|n| b.cap(n).as_millis()).collect();
        assert_eq!(caps, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(b.cap(u32::MAX), Duration::from_secs(1));
    }

    #[test]
    fn draws_stay_in_bounds_and_cover_the_range() {
        let j = Jitter::seeded(42);
        let max = Duration::from_millis(1000);
        let draws: Vec<_> = (0..10_000).map(|_| j.up_to(max)).collect();
        assert!(draws.iter().all(|d| *d <= max));
        let mean = draws.iter().sum::<Duration>() / 10_000;
        assert!(
            (450..550).contains(&mean.as_millis()),
            "mean {mean:?} is not about half of {max:?}"
        );
        assert!(draws.iter().any(|d| d.as_millis() < 10));
        assert!(draws.iter().any(|d| d.as_millis() > 990));
        assert_eq!(j.up_to(Duration::ZERO), Duration::ZERO);
    }

    #[test]
    fn entropy_seeds_differ() {
        assert_ne!(
            Jitter::from_entropy().next_u64(),
            Jitter::from_entropy().next_u64()
        );
    }
}
