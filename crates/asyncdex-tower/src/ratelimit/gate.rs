//! The reservation protocol: how a request passes its route bucket and its host bucket
//! without ever overshooting either, without serialising callers, and without waking more
//! than one waiter per freed slot.
//!
//! 1. Route stage (only for a route with a rule): take the route's turn, a FIFO async mutex,
//!    so waiters for one route queue fairly and only the head is ever awake. The head sleeps
//!    until the route's window frees a slot.
//! 2. Host stage: reserve the host bucket's earliest slot (commit in one step under its lock).
//!    Reservations are monotonic, so the host record stays sorted and exact.
//! 3. Record that same instant in the route bucket, release the turn, and sleep until the
//!    instant. Each waiter sleeps on its own timer: one wake-up per request.
//! 4. On waking, if a 429 paused either bucket after the reservation was made, go round again
//!    (the old reservation stays counted: over-counting is safe, under-counting is not).

use tokio::sync::Mutex as AsyncMutex;
use tokio::time::{Instant, sleep_until};

use super::record::Record;

/// One bucket: its state, and the queue its waiters wait their turn in.
#[derive(Debug)]
pub(crate) struct Bucket {
    pub(crate) state: Record,
    turn: AsyncMutex<()>,
}

impl Bucket {
    pub(crate) fn new(state: Record) -> Self {
        Self {
            state,
            turn: AsyncMutex::new(()),
        }
    }

    fn paused_after(&self, reserved: Instant) -> bool {
        self.state
            .paused_until()
            .is_some_and(|until| until > reserved)
    }
}

/// What a request must pass: the bucket of its host and the bucket of its route.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Gate<'a> {
    pub(crate) host: Option<&'a Bucket>,
    pub(crate) route: Option<&'a Bucket>,
}

/// Which bucket refused a request in fail-fast mode, and when it frees up.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Blocked<'a> {
    pub(crate) bucket: &'a Bucket,
    pub(crate) free_at: Instant,
}

/// The outcome of the synchronous first try.
#[derive(Debug)]
pub(crate) enum Attempt<'a> {
    /// Reserved for now: send at once.
    Go(Instant),
    /// Waiting mode, and the request must wait: finish with [`Gate::finish`].
    Wait(Pending),
    /// Fail-fast mode, and a bucket has no free slot now.
    Blocked(Blocked<'a>),
}

/// What is left to do for a request that must wait (owned, so it can move into a future).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Pending {
    /// Reserved for a later instant: sleep until it.
    Sleep(Instant),
    /// The route has a queue or no free slot: wait in the queue.
    Queue,
}

impl<'a> Gate<'a> {
    /// Tries to reserve without waiting for anything (the hot path: no await, no allocation).
    pub(crate) fn try_now(self, now: Instant, wait: bool) -> Attempt<'a> {
        if !wait {
            return self.try_fail_fast(now);
        }
        let turn = match self.route {
            Some(route) => match route.turn.try_lock() {
                Ok(turn) => Some(turn),
                Err(_) => return Attempt::Wait(Pending::Queue),
            },
            None => None,
        };
        if self
            .route
            .is_some_and(|route| route.state.free_at(now) > now)
        {
            return Attempt::Wait(Pending::Queue);
        }
        let Some(at) = self.reserve_host_then_route(now) else {
            return Attempt::Wait(Pending::Queue);
        };
        drop(turn);
        if at > now {
            Attempt::Wait(Pending::Sleep(at))
        } else {
            Attempt::Go(at)
        }
    }

    /// Fail-fast mode: both buckets must have a slot now. The route (often scarce: 10 per
    /// minute, 30 per hour) is only looked at first; the host (a slot a fifth of a second long)
    /// is committed before it, so a refusal by the host costs the route nothing. Each commit is
    /// atomic, so no turn is needed; should the route refuse between the look and the commit,
    /// the host slot stays counted (safe).
    fn try_fail_fast(self, now: Instant) -> Attempt<'a> {
        if let Some(route) = self.route {
            let free_at = route.state.free_at(now);
            if free_at > now {
                return Attempt::Blocked(Blocked {
                    bucket: route,
                    free_at,
                });
            }
        }
        for bucket in [self.host, self.route].into_iter().flatten() {
            if let Err(free_at) = bucket.state.reserve(now, false) {
                return Attempt::Blocked(Blocked { bucket, free_at });
            }
        }
        Attempt::Go(now)
    }

    /// Completes what [`try_now`](Self::try_now) started in waiting mode: sleeps until the
    /// reserved instant, or queues. Returns the instant the request may be sent.
    pub(crate) async fn finish(self, pending: Pending) -> Instant {
        if let Pending::Sleep(at) = pending {
            sleep_until(at).await;
            if !self.paused_after(at) {
                return at;
            }
        }
        self.reserve().await
    }

    /// Reserves a send instant through both stages, waiting as long as it takes, and sleeps
    /// until it.
    pub(crate) async fn reserve(self) -> Instant {
        loop {
            let at = {
                let _turn = match self.route {
                    Some(route) => Some(route.turn.lock().await),
                    None => None,
                };
                if let Some(route) = self.route {
                    loop {
                        let now = Instant::now();
                        let free_at = route.state.free_at(now);
                        if free_at <= now {
                            break;
                        }
                        sleep_until(free_at).await;
                    }
                }
                self.reserve_host_then_route(Instant::now())
            };
            let Some(at) = at else {
                continue;
            };
            // A slot for right now (the usual case for the head of a route queue) must not go
            // through the timer: tokio rounds a deadline up to its next millisecond tick, so
            // even an elapsed sleep costs a second wake-up of the task.
            if at > Instant::now() {
                sleep_until(at).await;
            }
            if !self.paused_after(at) {
                return at;
            }
        }
    }

    /// Host stage, then the same instant committed in the route bucket; the caller holds the
    /// route's turn and has seen it free. `None` when the route slot went to a fail-fast
    /// caller in between (the host slot then stays counted, which is safe): go round again.
    fn reserve_host_then_route(self, now: Instant) -> Option<Instant> {
        let at = match self.host {
            Some(host) => host.state.reserve(now, true).unwrap_or_else(|at| at),
            None => now,
        };
        match self.route {
            Some(route) => route.state.reserve(at, false).ok(),
            None => Some(at),
        }
    }

    fn paused_after(self, reserved: Instant) -> bool {
        self.host.is_some_and(|host| host.paused_after(reserved))
            || self.route.is_some_and(|route| route.paused_after(reserved))
    }
}
