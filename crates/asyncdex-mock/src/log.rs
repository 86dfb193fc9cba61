//! The request log and the counters that tests read.

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use http::{HeaderMap, Method};
use tokio::time::Instant;

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

/// A snapshot of the server's counters ([`MockServer::counters`](crate::MockServer::counters)).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Counters {
    /// Every request on every listener.
    pub requests: u64,
    /// Requests per listener.
    pub requests_by_listener: BTreeMap<Listener, u64>,
    /// Every 429 the rate limiter sent (global + per-route). Injected 429 faults are not here.
    pub violations: u64,
    /// 429s from the global per-IP limit.
    pub global_violations: u64,
    /// 429s from the per-route table.
    pub route_violations: u64,
    /// 429s for requests sent before the end of a limit already announced to the client by an
    /// earlier 429: the only requests that count towards a ban.
    pub early_retries: u64,
    /// Temporary bans started.
    pub bans: u64,
    /// Requests answered 403 because the client was banned.
    pub banned_requests: u64,
    /// Successful logins (legacy `/auth/login` and OAuth `grant_type=password`).
    pub logins: u64,
    /// Successful refreshes (legacy `/auth/refresh` and OAuth `grant_type=refresh_token`).
    pub refreshes: u64,
    /// Successful logouts (legacy `/auth/logout` and the realm's back-channel logout).
    pub logouts: u64,
    /// Token revocation requests accepted by the realm (RFC 7009).
    pub revocations: u64,
    /// Every call to a token-issuing endpoint (OAuth token endpoint, `/auth/login`,
    /// `/auth/refresh`), whatever the outcome.
    pub token_calls: u64,
    /// 401 answers sent for missing, invalid or expired bearer tokens.
    pub unauthorized: u64,
    /// Requests to the image, report or uploads hosts that carried an `Authorization` header
    /// (rejected with 403, as real image servers do, unless
    /// [`reject_tokens_on_image_hosts`](crate::MockServerBuilder::reject_tokens_on_image_hosts)
    /// is off).
    pub leaked_tokens: u64,
    /// API requests refused for a missing or browser-like `User-Agent` or a `Via` header.
    pub refused_clients: u64,
    /// Image pages served successfully.
    pub images_served: u64,
    /// Covers and cover thumbnails served successfully by the uploads host.
    pub covers_served: u64,
    /// MD@Home reports accepted.
    pub reports: u64,
    /// Faults injected, total.
    pub faults_injected: u64,
    /// Faults injected, by [`FaultKind::name`](crate::FaultKind::name).
    pub faults_by_kind: BTreeMap<&'static str, u64>,
}

#[derive(Debug, Default)]
pub(crate) struct CounterCells {
    pub(crate) requests: [AtomicU64; Listener::ALL.len()],
    pub(crate) global_violations: AtomicU64,
    pub(crate) route_violations: AtomicU64,
    pub(crate) early_retries: AtomicU64,
    pub(crate) bans: AtomicU64,
    pub(crate) refused_clients: AtomicU64,
    pub(crate) banned_requests: AtomicU64,
    pub(crate) logins: AtomicU64,
    pub(crate) refreshes: AtomicU64,
    pub(crate) logouts: AtomicU64,
    pub(crate) revocations: AtomicU64,
    pub(crate) token_calls: AtomicU64,
    pub(crate) unauthorized: AtomicU64,
    pub(crate) leaked_tokens: AtomicU64,
    pub(crate) images_served: AtomicU64,
    pub(crate) covers_served: AtomicU64,
    pub(crate) reports: AtomicU64,
    pub(crate) faults: Mutex<BTreeMap<&'static str, u64>>,
}

pub(crate) fn bump(c: &AtomicU64) {
    c.fetch_add(1, Ordering::Relaxed);
}

impl CounterCells {
    pub(crate) fn request(&self, l: Listener) {
        bump(&self.requests[l as usize]);
    }

    pub(crate) fn fault(&self, name: &'static str) {
        *lock(&self.faults).entry(name).or_insert(0) += 1;
    }

    pub(crate) fn snapshot(&self) -> Counters {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let mut by = BTreeMap::new();
        let mut total = 0;
        for l in Listener::ALL {
            let n = get(&self.requests[l as usize]);
            total += n;
            by.insert(l, n);
        }
        let faults_by_kind = lock(&self.faults).clone();
        let g = get(&self.global_violations);
        let r = get(&self.route_violations);
        Counters {
            requests: total,
            requests_by_listener: by,
            violations: g + r,
            global_violations: g,
            route_violations: r,
            early_retries: get(&self.early_retries),
            bans: get(&self.bans),
            refused_clients: get(&self.refused_clients),
            banned_requests: get(&self.banned_requests),
            logins: get(&self.logins),
            refreshes: get(&self.refreshes),
            logouts: get(&self.logouts),
            revocations: get(&self.revocations),
            token_calls: get(&self.token_calls),
            unauthorized: get(&self.unauthorized),
            leaked_tokens: get(&self.leaked_tokens),
            images_served: get(&self.images_served),
            covers_served: get(&self.covers_served),
            reports: get(&self.reports),
            faults_injected: faults_by_kind.values().sum(),
            faults_by_kind,
        }
    }
}
