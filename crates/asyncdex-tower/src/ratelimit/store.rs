//! [`SharedStore`]: a limit kept where several processes see it (a file on one machine, a
//! Redis server for several), consulted after this process's own buckets.
//!
//! MangaDex limits per IP address, so processes behind one address share one allowance. The
//! in-process buckets keep each process's requests in order at no cost; a shared store then
//! reserves the send in the state every process shares, in one round trip that decides and
//! commits at once, on the store's own clock (so processes with skewed clocks agree).
//!
//! # The model every store implements
//!
//! Each [`SharedLimit`] is a sliding log: at most `amount` sends in any `window`. A
//! reservation of several limits (the host-wide limit and the request's route) is placed at
//! the earliest instant `t` that every limit and every pause allows, never before the last
//! send already committed in any of them (so sends go out in the order they were placed),
//! and committed in all of them at once.
//!
//! A send may reach the server after its slot: a process's first requests open connections
//! first, and a starting process shares the CPU with everything else that starts. The caller
//! says how late a send may be (`late`), and the log counts it at its latest arrival, `t +
//! late`: a later send waits one window after the `amount`-th latest arrival in the log.
//! The send itself is not delayed, nor are the sends placed right after it. It is committed only when `t` is within [`COMMIT_AHEAD`] of the store's now;
//! otherwise nothing is committed and the caller is told how long to wait before asking again,
//! so that a slot far ahead (a route allowing 40 a minute) never holds the host-wide limit
//! back for other routes.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// How far ahead of its now a store commits a reservation.
pub const COMMIT_AHEAD: Duration = Duration::from_secs(1);

/// A boxed future of a store call (a store is used as `dyn SharedStore`).
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// One limit as a shared store keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SharedLimit {
    /// Unique for the API host: `global`, or the route's method and template
    /// (`GET /at-home/server/{id}`); stores put it in their key names.
    pub name: Arc<str>,
    /// Sends allowed per window.
    pub amount: u32,
    /// The window's length.
    pub window: Duration,
}

/// What a store did with a reservation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reserved {
    /// Committed: send after this long (zero: now).
    Send(Duration),
    /// Nothing committed: ask again after this long (a limit or a pause holds the send back
    /// beyond [`COMMIT_AHEAD`], or the caller asked not to wait).
    Busy(Duration),
}

/// A store's failure (unreachable, a refused script, a damaged file). The message never holds
/// a password.
#[derive(Debug)]
pub struct StoreError {
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl StoreError {
    /// A failure described by `message`, caused by `source`.
    pub fn new(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// A failure with no underlying error.
    pub fn msg(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|error| error as _)
    }
}

/// A rate-limit state shared by several processes. Every method is one atomic step of the
/// store (one round trip for a remote one).
pub trait SharedStore: Send + Sync + fmt::Debug + 'static {
    /// Reserves one send under every limit of `limits` that may reach the server up to `late`
    /// after its slot (see the [module docs](self)); with `wait` false, commits only a send
    /// for now and answers [`Reserved::Busy`] otherwise.
    fn reserve<'a>(
        &'a self,
        limits: &'a [SharedLimit],
        wait: bool,
        late: Duration,
    ) -> StoreFuture<'a, Reserved>;

    /// Holds every send under `limits` back for `duration` from the store's now (a 429, a
    /// "slow down" page); never shortens a longer pause.
    fn pause<'a>(&'a self, limits: &'a [SharedLimit], duration: Duration) -> StoreFuture<'a, ()>;

    /// How long the pauses on `limits` still hold from the store's now: the longest that
    /// remains of any of them, zero when none does. Changes nothing.
    ///
    /// A reservation committed ahead is placed after every pause stored before it, but not
    /// after one stored while its caller sleeps to its slot (another process's 429): the
    /// rate-limit layer asks this when such a caller wakes, waits out what it answers, and
    /// then reserves again.
    fn paused<'a>(&'a self, limits: &'a [SharedLimit]) -> StoreFuture<'a, Duration>;

    /// The server counted `used` sends in its current window of `limit`, which ends after
    /// `window_end`: counts the missing ones, so that no process goes over what the server saw.
    fn correct<'a>(
        &'a self,
        limit: &'a SharedLimit,
        used: u32,
        window_end: Duration,
    ) -> StoreFuture<'a, ()>;

    /// How many processes use the store now (each store keeps a registry of recent
    /// heartbeats; this call also renews this process's). A process that loses the store
    /// keeps to `1 / peers` of every limit until it is back.
    fn peers(&self) -> StoreFuture<'_, u32>;
}
