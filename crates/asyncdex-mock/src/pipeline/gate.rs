//! The gates before a route: the client checks and rate limits of the API host, and the
//! token check of the hosts that must never see one.

use std::net::SocketAddr;

use http::request::Parts;
use http::{HeaderMap, StatusCode};

use crate::limits::{RouteHeaders, Verdict};
use crate::log::bump;
use crate::response::{ApiError, HTML_403, Reply};
use crate::state::State;

/// MangaDex's answer to a request without a real `User-Agent` (a plain-text 400).
pub(crate) const NO_USER_AGENT: &str = "You must set an appropriate User-Agent header";

/// The mock's answer to a request that came through a non-transparent proxy (`Via`).
pub(crate) const VIA_REFUSED: &str =
    "Requests through non-transparent proxies (Via header) are not allowed";

/// MangaDex's requirements on every API request: a real `User-Agent` (present, not blank,
/// not a browser's `Mozilla/...` from a program) and no `Via` header (no non-transparent
/// proxy). Refused with a plain-text 400, before rate limits count the request.
pub(super) fn refuse_client(state: &State, headers: &HeaderMap) -> Option<Reply> {
    if !state.config.client_checks {
        return None;
    }
    let agent = headers
        .get(http::header::USER_AGENT)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned())
        .unwrap_or_default();
    let detail = if agent.is_empty() || agent.starts_with("Mozilla/") {
        NO_USER_AGENT
    } else if headers.contains_key(http::header::VIA) {
        VIA_REFUSED
    } else {
        return None;
    };
    bump(&state.counters.refused_clients);
    Some(
        Reply::new(StatusCode::BAD_REQUEST, "text/plain; charset=utf-8", detail)
            .header("cache-control", "no-store"),
    )
}

/// The global and per-route limits: `Ok` with the route's headers, or the 429 / ban answer.
pub(super) fn rate_limit(
    state: &State,
    remote: SocketAddr,
    parts: &Parts,
) -> Result<Option<RouteHeaders>, Box<Reply>> {
    let now = state.clock.now();
    let verdict = state
        .limiter
        .check(remote.ip(), &parts.method, parts.uri.path(), now);
    let (detail, strike, ban_started) = match verdict {
        Verdict::Allow(h) => return Ok(h),
        Verdict::Banned => {
            bump(&state.counters.banned_requests);
            return Err(Box::new(Reply::html(StatusCode::FORBIDDEN, HTML_403)));
        }
        Verdict::Global {
            strike,
            ban_started,
        } => {
            bump(&state.counters.global_violations);
            ("Global rate limit exceeded", strike, ban_started)
        }
        Verdict::Route {
            strike,
            ban_started,
            ..
        } => {
            bump(&state.counters.route_violations);
            ("Rate limit exceeded for this route", strike, ban_started)
        }
    };
    if strike {
        bump(&state.counters.early_retries);
    }
    if ban_started {
        bump(&state.counters.bans);
    }
    let reply = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_requests",
        Some(detail.to_owned()),
    )
    .reply();
    Err(Box::new(match verdict {
        Verdict::Route { headers, .. } => with_limit_headers(state, reply, headers),
        _ => reply.header("retry-after", "1"),
    }))
}

/// The hosts that must never see a token (image, report, uploads): counts a request that
/// carries one, and refuses it with a 403 when the server is set to, as real ones do.
pub(super) fn refuse_token(state: &State, headers: &HeaderMap) -> Option<Reply> {
    if !headers.contains_key(http::header::AUTHORIZATION) {
        return None;
    }
    bump(&state.counters.leaked_tokens);
    state
        .config
        .reject_tokens_on_cdn
        .then(|| Reply::html(StatusCode::FORBIDDEN, HTML_403))
}

pub(super) fn with_limit_headers(state: &State, reply: Reply, h: RouteHeaders) -> Reply {
    reply
        .header("x-ratelimit-limit", &h.limit.to_string())
        .header("x-ratelimit-remaining", &h.remaining.to_string())
        .header(
            "x-ratelimit-retry-after",
            &state.clock.unix_secs_ceil(h.retry_after).to_string(),
        )
}
