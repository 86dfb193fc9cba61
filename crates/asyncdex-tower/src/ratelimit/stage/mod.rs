//! The shared stage of the limiter: after this process's own buckets, a [`SharedStore`]
//! reserves the send among every process that shares the API's allowance.
//!
//! When the store fails (unreachable, a damaged file), the process keeps, by default, to its
//! share of every limit (the limit divided by the peers the store last counted) in its own
//! memory, says so once at WARN, and is back on the shared state as soon as its heartbeat
//! (every second) finds the store answering again. The store knows nothing of what was sent
//! meanwhile (a restarted Redis knows nothing at all), and its peers find it back up to two
//! seconds apart (each asks it every second), sending on their shares alone until then. So
//! until each limit's window has passed since every peer found the store back (two seconds
//! after this process did), a request passes that limit's local share as well as the store:
//! the sends of the outage and the store's fresh allowance never add up over the limit. A
//! process that has not heard from the store for two seconds (it was idle) asks it before it
//! sends again rather than trust an outage it saw long ago. In the same way, the share is not
//! used until each limit's window has passed since the store failed: the store may have given
//! one process a whole window's sends just before. [`OnStoreFailure::Wait`] makes requests
//! wait for the store instead (or fail at once without waiting).
//!
//! A request whose slot was committed ahead sleeps until it; a pause stored meanwhile (a 429
//! served to any process, this one included) would not hold it back, since the store placed
//! the slot before that pause existed. So such a request asks the store, once, when it wakes,
//! how long a pause on its limits still holds ([`SharedStore::paused`]); if one does, it
//! waits that long and then reserves again. It does not send on its old slot late: the store
//! counts the send at the slot, and gives the instants after it to others, so a late send
//! would come on top of theirs (held requests that did so earned 5 of the fake server's 429s
//! at a pause's end, four processes through Redis). The old slot, inside the pause, stays
//! counted unused, which only ever holds sends back. Only requests that slept pay this
//! second round trip: one sent at once was placed after every pause stored before it, and
//! one that slept waited up to [`COMMIT_AHEAD`], against which the round trip is little.
//! When the store fails this check, the request is sent at its slot under
//! [`OnStoreFailure::ShareLocally`] (the store counted it; the failure puts the next
//! requests on the local share), and asks again every second until the store answers under
//! [`OnStoreFailure::Wait`] (it never sends without the store's word).

use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use tokio::time::{Instant, sleep};

use super::gate::Gate;
use super::ratelimits::Ratelimits;
use super::store::{COMMIT_AHEAD, Reserved, SharedLimit, SharedStore, StoreError};

/// How long a process counts as starting: the sends it places in this time after its first
/// reservation may reach the server up to its startup margin late.
const STARTUP: Duration = Duration::from_secs(1);
/// The startup margin unless one is set: on two cores, four processes starting together
/// sent their first requests up to 130 ms after their slots, and up to about 300 ms while
/// other builds ran.
pub(crate) const DEFAULT_STARTUP_MARGIN: Duration = Duration::from_millis(300);
/// How long a request waits before asking a failed store again when it chose to wait for it.
const RETRY_STORE: Duration = Duration::from_secs(1);
/// How often the peer count is renewed. Often, because the share a process keeps to while the
/// store fails is the limit divided by the count it last heard: processes that start together
/// first count only those that beat before them (four processes killed off Redis 5 s after
/// starting, with a 5 s beat, kept to shares of 5, 2, 1 and 1 a second: 9 together).
const HEARTBEAT: Duration = Duration::from_secs(1);
/// How long after one process finds the store back every other process that is sending has
/// found it too: each asks it at least every [`HEARTBEAT`] while it sends (its heartbeat, or
/// the request of a process that has not heard from the store for this long), plus a failed
/// attempt. Until then their sends on their shares are unknown to the store.
const PEERS_FIND_IT_BACK: Duration = Duration::from_secs(2);

/// What requests do while the shared store is out of reach.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum OnStoreFailure {
    /// Keep to this process's share of every limit (the default): never over the limit in
    /// total as long as the store's last peer count holds and the processes that send find
    /// the store back within two seconds of each other (the store down for all of them, as
    /// when Redis restarts, rather than cut off from some).
    #[default]
    ShareLocally,
    /// Wait for the store (or, without waiting, fail with the store's error).
    Wait,
}

/// Why the shared stage did not let a request go.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// The limit has no slot for this long (fail-fast mode).
    Busy(Duration),
    /// The store failed and [`OnStoreFailure::Wait`] was chosen (fail-fast mode).
    Unavailable(StoreError),
}

#[derive(Debug)]
struct Health {
    /// When the store failed last, while it has not answered since.
    down_since: Option<Instant>,
    next_heartbeat: Option<Instant>,
    peers: u32,
    /// The local share, made at the first failure for the peer count then; kept after the
    /// store is back until its longest window has passed since `peers_back_by`.
    fallback: Option<Arc<Ratelimits>>,
    /// When every peer will have found the store back, once it answered this process again.
    peers_back_by: Option<Instant>,
}

/// The store, and the limits each kind of API request passes in it.
#[derive(Debug)]
pub(crate) struct StoreStage {
    store: Arc<dyn SharedStore>,
    /// Index 0: requests without a route rule; index `i + 1`: route `i`.
    limits: Vec<Box<[SharedLimit]>>,
    on_failure: OnStoreFailure,
    /// How late a send placed while this process starts may reach the server.
    startup_margin: Duration,
    /// When this process first reserved a send.
    started: OnceLock<Instant>,
    health: Mutex<Health>,
}

impl StoreStage {
    pub(crate) fn new(
        store: Arc<dyn SharedStore>,
        ratelimits: &Ratelimits,
        on_failure: OnStoreFailure,
        startup_margin: Duration,
    ) -> Self {
        let routes = (0..ratelimits.route_count()).map(Some);
        let limits = std::iter::once(None)
            .chain(routes)
            .map(|route| ratelimits.shared_limits(route))
            .collect();
        Self {
            store,
            limits,
            on_failure,
            startup_margin,
            started: OnceLock::new(),
            health: Mutex::new(Health {
                down_since: None,
                next_heartbeat: None,
                peers: 1,
                fallback: None,
                peers_back_by: None,
            }),
        }
    }

    fn limits(&self, route: Option<usize>) -> &[SharedLimit] {
        &self.limits[route.map_or(0, |index| index + 1)]
    }

    /// How late the send about to be reserved may reach the server: up to the startup margin
    /// in this process's first [`STARTUP`] (it opens its connections then), else on time.
    fn lateness(&self) -> Duration {
        let started = *self.started.get_or_init(Instant::now);
        if started.elapsed() < STARTUP {
            self.startup_margin
        } else {
            Duration::ZERO
        }
    }

    fn health(&self) -> std::sync::MutexGuard<'_, Health> {
        self.health.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Reserves the send in the store (sleeping until it may go), or in the local share while
    /// the store is out of reach.
    pub(crate) async fn pass(
        self: &Arc<Self>,
        ratelimits: &Ratelimits,
        route: Option<usize>,
        wait: bool,
    ) -> Result<(), Refusal> {
        self.heartbeat_if_due();
        loop {
            // Passed the local share already (the store came back while this request waited
            // for it): it reserves in the store too, so that the store counts it.
            let mut shared = false;
            if let Some(fallback) = self.fallback_while_down(ratelimits) {
                pass_locally(fallback.gate(route), wait).await?;
                if self.is_down() {
                    return Ok(());
                }
                shared = true;
            }
            let settling = if shared {
                None
            } else {
                self.fallback_settling()
            };
            if let Some((fallback, since)) = &settling {
                let gate = fallback.gate_where(route, |window| *since + window > Instant::now());
                pass_locally(gate, wait).await?;
            }
            let late = self.lateness();
            match self.store.reserve(self.limits(route), wait, late).await {
                Ok(Reserved::Send(after)) => {
                    self.recovered();
                    if after.is_zero() {
                        return Ok(());
                    }
                    sleep(after).await;
                    if !self.waited_out_a_pause(route).await {
                        return Ok(());
                    }
                }
                Ok(Reserved::Busy(after)) if !wait => return Err(Refusal::Busy(after)),
                Ok(Reserved::Busy(after)) => sleep(after).await,
                Err(error) => {
                    self.failed(&error);
                    match self.on_failure {
                        // The local share was passed on the way here (the probe failed).
                        OnStoreFailure::ShareLocally if settling.is_some() || shared => {
                            return Ok(());
                        }
                        OnStoreFailure::ShareLocally => {}
                        OnStoreFailure::Wait if wait => sleep(RETRY_STORE).await,
                        OnStoreFailure::Wait => return Err(Refusal::Unavailable(error)),
                    }
                }
            }
        }
    }

    /// For a request that slept to a slot committed ahead: waits out what remains of a pause
    /// on the route's limits, and says whether there was one (then the request must reserve
    /// again; see the module docs, also for a failing store).
    async fn waited_out_a_pause(&self, route: Option<usize>) -> bool {
        loop {
            match self.store.paused(self.limits(route)).await {
                Ok(left) => {
                    self.recovered();
                    if left.is_zero() {
                        return false;
                    }
                    sleep(left).await;
                    return true;
                }
                Err(error) => {
                    self.failed(&error);
                    match self.on_failure {
                        OnStoreFailure::ShareLocally => return false,
                        OnStoreFailure::Wait => sleep(RETRY_STORE).await,
                    }
                }
            }
        }
    }

    /// The local share while the store is down (and sharing locally was chosen); `None` when
    /// the store should be asked. The heartbeat finds out when it is back: requests waiting
    /// their turn in the share cannot ask it in time. A process that has not heard from the
    /// store for [`PEERS_FIND_IT_BACK`] (it was idle) asks it with its requests instead, so
    /// that it never sends on its share alone while its peers may be back on the store.
    fn fallback_while_down(&self, ratelimits: &Ratelimits) -> Option<Arc<Ratelimits>> {
        let mut health = self.health();
        let down_since = health.down_since?;
        let idle = down_since + PEERS_FIND_IT_BACK <= Instant::now();
        if self.on_failure != OnStoreFailure::ShareLocally || idle {
            return None;
        }
        let peers = health.peers;
        Some(Arc::clone(health.fallback.get_or_insert_with(|| {
            // The store may have let any process use the whole of a window just before it
            // failed, and slots up to COMMIT_AHEAD later are still to be sent: no share is
            // used until each window has passed since then.
            let share = ratelimits.share(peers);
            share.pause_each_for_its_window(down_since + COMMIT_AHEAD);
            Arc::new(share)
        })))
    }

    /// The local share and when its windows started to run out, while the store is being
    /// probed after a failure or until the share's longest window has passed since every
    /// peer found the store back.
    fn fallback_settling(&self) -> Option<(Arc<Ratelimits>, Instant)> {
        let mut health = self.health();
        let fallback = Arc::clone(health.fallback.as_ref()?);
        let Some(since) = health.peers_back_by else {
            return Some((fallback, Instant::now())); // probing: the store may still be down
        };
        if since + fallback.longest_window() <= Instant::now() {
            health.fallback = None;
            health.peers_back_by = None;
            return None;
        }
        Some((fallback, since))
    }

    fn is_down(&self) -> bool {
        self.health().down_since.is_some()
    }

    fn failed(&self, error: &StoreError) {
        let mut health = self.health();
        if health.down_since.is_none() {
            tracing::warn!(
                target: "asyncdex_tower::ratelimit",
                error = %error,
                peers = health.peers,
                "the shared rate-limit store failed: keeping to this process's share of the limits until it is back"
            );
        }
        health.down_since = Some(Instant::now());
        health.peers_back_by = None;
    }

    fn recovered(&self) {
        let mut health = self.health();
        if health.down_since.take().is_some() {
            health.peers_back_by = Some(Instant::now() + PEERS_FIND_IT_BACK);
            tracing::info!(target: "asyncdex_tower::ratelimit", "the shared rate-limit store is back");
        }
    }

    /// Renews this process's heartbeat and the peer count every [`HEARTBEAT`], in the
    /// background.
    fn heartbeat_if_due(self: &Arc<Self>) {
        let now = Instant::now();
        {
            let mut health = self.health();
            if health.next_heartbeat.is_some_and(|next| next > now) {
                return;
            }
            health.next_heartbeat = Some(now + HEARTBEAT);
        }
        let stage = Arc::clone(self);
        tokio::spawn(async move {
            match stage.store.peers().await {
                Ok(peers) => {
                    stage.health().peers = peers.max(1);
                    stage.recovered();
                }
                Err(error) => stage.failed(&error),
            }
        });
    }

    /// Tells the store about a 429 or a "slow down" page, in the background.
    pub(crate) fn pause(self: &Arc<Self>, route: Option<usize>, duration: Duration) {
        let stage = Arc::clone(self);
        tokio::spawn(async move {
            let limits = stage.limits(route);
            match stage.store.pause(limits, duration).await {
                // For logs, and for tests that check no process sends from then on.
                Ok(()) => tracing::debug!(
                    target: "asyncdex_tower::ratelimit",
                    pause_ms = duration.as_millis() as u64,
                    "the pause is in the shared store: every process holds its sends back"
                ),
                Err(error) => stage.failed(&error),
            }
        });
    }

    /// Tells the store what the server counted in its window of the route, in the background.
    pub(crate) fn correct(self: &Arc<Self>, route: usize, used: u32, window_end: Duration) {
        let stage = Arc::clone(self);
        tokio::spawn(async move {
            let Some(limit) = stage.limits(Some(route)).last() else {
                return;
            };
            if let Err(error) = stage.store.correct(limit, used, window_end).await {
                stage.failed(&error);
            }
        });
    }
}

async fn pass_locally(gate: Gate<'_>, wait: bool) -> Result<(), Refusal> {
    let now = Instant::now();
    match gate.try_now(now, wait) {
        super::gate::Attempt::Go(_) => Ok(()),
        super::gate::Attempt::Wait(pending) => {
            gate.finish(pending).await;
            Ok(())
        }
        super::gate::Attempt::Blocked(blocked) => Err(Refusal::Busy(
            blocked.free_at.saturating_duration_since(now),
        )),
    }
}

#[cfg(test)]
mod tests;
