//! [`Counters`]: what the server counted, and the atomic cells it counts in.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Listener, lock};

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
