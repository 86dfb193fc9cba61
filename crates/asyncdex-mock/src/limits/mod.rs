//! Rate limits as the real API applies them: a global per-IP limit (sliding one-second window,
//! no headers), a per-route table (fixed windows that start at the first request, announced
//! with `X-RateLimit-*` headers), and a temporary ban for clients that keep sending while
//! limited.
//!
//! # The ban rule
//! Every 429 announces when its limit ends: `Retry-After: 1` (one second from the answer) for
//! the global limit, `X-RateLimit-Retry-After` (the window's end) for a route's bucket. A
//! request that gets a 429 although it was sent before the end already announced for its
//! limit (the global one, or its route's bucket) is an *early retry*; only early retries count
//! towards a ban. The first 429 of a limit never counts (the client could not know), and a
//! client that waits as every 429 tells it is never banned. Knobs:
//! [`ban_after`](crate::MockServerBuilder::ban_after) early retries (default 10) start a ban
//! of [`ban_duration`](crate::MockServerBuilder::ban_duration) (default 60 s), during which
//! every API request gets an HTML 403; the count starts again from zero after a ban, or after
//! `ban_duration` without an early retry.

mod table;

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Duration;

use http::Method;
use tokio::time::Instant;

use crate::clock::later;
use crate::log::lock;
use crate::template::{Template, segments};

pub(crate) use self::table::scale;
pub use self::table::{RouteLimit, default_route_limits};

#[derive(Debug)]
struct Pattern {
    method: Method,
    template: Template,
    bucket: usize,
}

/// The headers of a per-route-limited answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RouteHeaders {
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    pub(crate) retry_after: Instant,
}

/// The limiter's answer; `strike` says a 429 was an early retry, `ban_started` that it
/// started a ban.
#[derive(Debug)]
pub(crate) enum Verdict {
    Allow(Option<RouteHeaders>),
    Banned,
    /// Global limit hit.
    Global {
        strike: bool,
        ban_started: bool,
    },
    /// The route's bucket is empty.
    Route {
        headers: RouteHeaders,
        strike: bool,
        ban_started: bool,
    },
}

/// One bucket's fixed window for one client.
#[derive(Debug, Clone, Copy)]
struct Window {
    start: Instant,
    used: u32,
    /// The end announced by this bucket's last 429.
    limited_until: Option<Instant>,
}

#[derive(Debug, Default)]
struct Client {
    arrivals: VecDeque<Instant>,
    windows: HashMap<usize, Window>,
    /// The end announced by the last global 429.
    global_until: Option<Instant>,
    strikes: u32,
    last_strike: Option<Instant>,
    banned_until: Option<Instant>,
}

#[derive(Debug)]
pub(crate) struct Limiter {
    global: Option<u32>,
    buckets: Vec<(u32, Duration)>,
    patterns: Vec<Pattern>,
    ban_after: u32,
    ban_duration: Duration,
    clients: Mutex<HashMap<IpAddr, Client>>,
}

impl Limiter {
    pub(crate) fn new(
        global: Option<u32>,
        table: &[RouteLimit],
        ban_after: u32,
        ban_duration: Duration,
    ) -> Self {
        let mut buckets = Vec::new();
        let mut patterns = Vec::new();
        for row in table {
            buckets.push((row.amount.max(1), row.window.max(Duration::from_millis(1))));
            let bucket = buckets.len() - 1;
            for (method, route) in &row.routes {
                patterns.push(Pattern {
                    method: method.clone(),
                    template: Template::parse(route),
                    bucket,
                });
            }
        }
        Self {
            global,
            buckets,
            patterns,
            ban_after,
            ban_duration,
            clients: Mutex::new(HashMap::new()),
        }
    }

    /// The bucket of a request, most specific pattern first (literal segments beat `{}`).
    fn bucket_of(&self, method: &Method, path: &str) -> Option<usize> {
        let segs = segments(path);
        let mut best: Option<(Vec<bool>, usize)> = None;
        for p in &self.patterns {
            if p.method != *method || !p.template.matches(&segs) {
                continue;
            }
            let spec = p.template.specificity();
            if best.as_ref().is_none_or(|(b, _)| spec > *b) {
                best = Some((spec, p.bucket));
            }
        }
        best.map(|(_, b)| b)
    }

    pub(crate) fn check(&self, ip: IpAddr, method: &Method, path: &str, now: Instant) -> Verdict {
        let mut clients = lock(&self.clients);
        let client = clients.entry(ip).or_default();
        if let Some(until) = client.banned_until {
            if now < until {
                return Verdict::Banned;
            }
            client.banned_until = None;
            client.strikes = 0;
        }
        if client
            .last_strike
            .is_some_and(|last| now.saturating_duration_since(last) >= self.ban_duration)
        {
            client.strikes = 0;
        }
        if let Some(limit) = self.global {
            let horizon = now.checked_sub(Duration::from_secs(1));
            while let Some(&front) = client.arrivals.front() {
                if horizon.is_some_and(|h| front <= h) {
                    client.arrivals.pop_front();
                } else {
                    break;
                }
            }
            if client.arrivals.len() >= limit as usize {
                let strike = client.global_until.is_some_and(|end| now < end);
                let announced = later(now, Duration::from_secs(1));
                client.global_until = client.global_until.max(Some(announced));
                let ban_started = self.strike(client, now, strike);
                return Verdict::Global {
                    strike,
                    ban_started,
                };
            }
            client.arrivals.push_back(now);
        }
        let Some(bucket) = self.bucket_of(method, path) else {
            return Verdict::Allow(None);
        };
        self.route(client, bucket, now)
    }

    /// The per-route part of [`check`](Self::check), for a request in `bucket`.
    fn route(&self, client: &mut Client, bucket: usize, now: Instant) -> Verdict {
        let (amount, window) = self.buckets[bucket];
        let w = client.windows.entry(bucket).or_insert(Window {
            start: now,
            used: 0,
            limited_until: None,
        });
        if now >= later(w.start, window) {
            w.start = now;
            w.used = 0;
        }
        let end = later(w.start, window);
        if w.used >= amount {
            let strike = w.limited_until.is_some_and(|until| now < until);
            w.limited_until = Some(end);
            let headers = RouteHeaders {
                limit: amount,
                remaining: 0,
                retry_after: end,
            };
            let ban_started = self.strike(client, now, strike);
            return Verdict::Route {
                headers,
                strike,
                ban_started,
            };
        }
        w.used += 1;
        Verdict::Allow(Some(RouteHeaders {
            limit: amount,
            remaining: amount - w.used,
            retry_after: end,
        }))
    }

    /// Counts an early retry (when `strike`); true when it starts a ban.
    fn strike(&self, client: &mut Client, now: Instant, strike: bool) -> bool {
        if !strike {
            return false;
        }
        client.strikes += 1;
        client.last_strike = Some(now);
        if client.strikes >= self.ban_after.max(1) {
            client.banned_until = Some(later(now, self.ban_duration));
            client.strikes = 0;
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter() -> Limiter {
        Limiter::new(None, &default_route_limits(), 10, Duration::from_secs(60))
    }

    #[test]
    fn most_specific_route_wins_and_shared_buckets_are_shared() {
        let l = limiter();
        let begin = l.bucket_of(&Method::POST, "/upload/begin").unwrap();
        assert_eq!(l.bucket_of(&Method::POST, "/upload/begin/abc"), Some(begin));
        let file = l.bucket_of(&Method::POST, "/upload/abc").unwrap();
        assert_ne!(begin, file);
        assert_eq!(l.bucket_of(&Method::DELETE, "/upload/abc/def"), Some(file));
        assert_eq!(
            l.bucket_of(&Method::DELETE, "/upload/abc/batch"),
            Some(file)
        );
        let abandon = l.bucket_of(&Method::DELETE, "/upload/abc").unwrap();
        assert_ne!(abandon, file);
        assert!(l.bucket_of(&Method::GET, "/manga/abc").is_none());
        assert!(l.bucket_of(&Method::GET, "/manga/random").is_some());
        assert!(l.bucket_of(&Method::POST, "/upload/abc/commit").is_some());
        assert_ne!(l.bucket_of(&Method::POST, "/upload/abc/commit"), Some(file));
    }

    #[test]
    fn scaling_keeps_at_least_one() {
        let mut t = default_route_limits();
        scale(&mut t, 0.0001);
        assert!(t.iter().all(|r| r.amount == 1));
    }
}
