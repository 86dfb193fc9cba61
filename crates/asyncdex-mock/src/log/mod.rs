//! The request log and the counters that tests read.

mod counters;
mod file;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use http::{HeaderMap, Method};
use tokio::time::Instant;

pub use self::counters::Counters;
pub(crate) use self::counters::{CounterCells, bump};
pub(crate) use self::file::file_hook;

/// Which listener (which "host") a request arrived on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Listener {
    /// The API host ([`MockServer::url`](crate::MockServer::url)).
    Api,
    /// The OAuth token host ([`MockServer::auth_url`](crate::MockServer::auth_url)).
    Auth,
    /// The MD@Home image node ([`MockServer::image_url`](crate::MockServer::image_url)).
    Image,
    /// The MD@Home report host ([`MockServer::report_url`](crate::MockServer::report_url)).
    Report,
    /// The uploads host for covers
    /// ([`MockServer::uploads_url`](crate::MockServer::uploads_url)).
    Uploads,
}

impl Listener {
    /// A short lower-case name (`api`, `auth`, `image`, `report`, `uploads`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Api => "api",
            Self::Auth => "auth",
            Self::Image => "image",
            Self::Report => "report",
            Self::Uploads => "uploads",
        }
    }

    /// The listener of a [`name`](Self::name).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|listener| listener.name() == name)
    }

    /// Every listener, in declaration order.
    pub(crate) const ALL: [Self; 5] = [
        Self::Api,
        Self::Auth,
        Self::Image,
        Self::Report,
        Self::Uploads,
    ];
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LoggedRequest {
    /// Sequence number (0-based, over the server's whole life, not reset by `clear_requests`).
    pub seq: u64,
    /// The listener it arrived on.
    pub listener: Listener,
    /// HTTP method.
    pub method: Method,
    /// Path, not decoded (`/manga/abc`).
    pub path: String,
    /// Raw query string without `?`, if any.
    pub query: Option<String>,
    /// Request headers.
    pub headers: HeaderMap,
    /// Request body bytes.
    pub body: Bytes,
    /// Peer address.
    pub remote: SocketAddr,
    /// The listener's own address (which port of the host the request came to).
    pub local: SocketAddr,
    /// Arrival time (tokio clock).
    pub at: Instant,
    /// Status sent, once known (`None` while in flight or when the connection was reset).
    pub status: Option<u16>,
    /// The fault injected into this request, if any (its [`FaultKind::name`](crate::FaultKind::name)).
    pub fault: Option<&'static str>,
}

impl LoggedRequest {
    /// The request's `Authorization` header, if any.
    pub fn authorization(&self) -> Option<&str> {
        self.headers
            .get(http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
    }

    /// The value of a header, if present and valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A function called with every request once it is answered (see
/// [`MockServerBuilder::on_request`](crate::MockServerBuilder::on_request)).
#[derive(Clone)]
pub(crate) struct RequestHook(pub(crate) std::sync::Arc<dyn Fn(&LoggedRequest) + Send + Sync>);

impl std::fmt::Debug for RequestHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RequestHook")
    }
}

#[derive(Debug)]
pub(crate) struct RequestLog {
    enabled: bool,
    capacity: usize,
    next_seq: AtomicU64,
    entries: Mutex<VecDeque<LoggedRequest>>,
}

impl RequestLog {
    pub(crate) fn new(enabled: bool, capacity: usize) -> Self {
        Self {
            enabled,
            capacity: capacity.max(1),
            next_seq: AtomicU64::new(0),
            entries: Mutex::new(VecDeque::new()),
        }
    }

    /// Records an arrival; returns its sequence number.
    pub(crate) fn push(&self, mut entry: LoggedRequest) -> u64 {
        let seq = self.next_seq.fetch_add(1, Ordering::Relaxed);
        if !self.enabled {
            return seq;
        }
        entry.seq = seq;
        let mut entries = lock(&self.entries);
        if entries.len() >= self.capacity {
            entries.pop_front();
        }
        entries.push_back(entry);
        seq
    }

    pub(crate) fn finish(&self, seq: u64, status: Option<u16>, fault: Option<&'static str>) {
        if !self.enabled {
            return;
        }
        let mut entries = lock(&self.entries);
        let Some(first) = entries.front().map(|e| e.seq) else {
            return;
        };
        if seq < first {
            return;
        }
        let idx = (seq - first) as usize;
        // Entries are pushed in sequence order, but a `clear` may have removed some.
        let found = match entries.get(idx) {
            Some(e) if e.seq == seq => Some(idx),
            _ => entries.iter().position(|e| e.seq == seq),
        };
        if let Some(i) = found {
            entries[i].status = status;
            if fault.is_some() {
                entries[i].fault = fault;
            }
        }
    }

    /// Requests seen so far (also when logging is off).
    pub(crate) fn total(&self) -> u64 {
        self.next_seq.load(Ordering::Relaxed)
    }

    pub(crate) fn snapshot(&self) -> Vec<LoggedRequest> {
        lock(&self.entries).iter().cloned().collect()
    }

    pub(crate) fn clear(&self) {
        lock(&self.entries).clear();
    }
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
