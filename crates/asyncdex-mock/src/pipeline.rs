//! The per-request pipeline of every listener: body, log, client checks and rate limits (API
//! host), injected faults, the route, and the `X-Request-ID` stamp (API host).

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::request::Parts;
use http::{HeaderMap, Request, Response, StatusCode};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use serde_json::Value;
use uuid::Uuid;

use crate::faults::FaultKind;
use crate::limits::{RouteHeaders, Verdict};
use crate::log::{Listener, LoggedRequest, bump};
use crate::response::{ApiError, HTML_400, HTML_403, HTML_502, MockBody, Reply};
use crate::routes;
use crate::state::State;

/// Largest request body accepted (bigger: 413).
const MAX_BODY: usize = 16 << 20;

/// MangaDex's answer to a request without a real `User-Agent` (a plain-text 400).
pub(crate) const NO_USER_AGENT: &str = "You must set an appropriate User-Agent header";

/// The mock's answer to a request that came through a non-transparent proxy (`Via`).
pub(crate) const VIA_REFUSED: &str =
    "Requests through non-transparent proxies (Via header) are not allowed";

/// Returned by the service to make hyper drop the connection without answering.
#[derive(Debug)]
pub(crate) struct ConnectionReset;

impl std::fmt::Display for ConnectionReset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("injected connection reset")
    }
}

impl std::error::Error for ConnectionReset {}

/// What the pipeline decided for one request.
struct Outcome {
    reply: Reply,
    fault: Option<FaultKind>,
    truncate: bool,
}

impl Outcome {
    fn plain(reply: Reply) -> Self {
        Self {
            reply,
            fault: None,
            truncate: false,
        }
    }
}

/// Serves one request on `listener`.
pub(crate) async fn handle(
    state: Arc<State>,
    listener: Listener,
    (remote, local): (SocketAddr, SocketAddr),
    req: Request<Incoming>,
) -> Result<Response<MockBody>, ConnectionReset> {
    let (parts, body) = req.into_parts();
    let body = Limited::new(body, MAX_BODY)
        .collect()
        .await
        .ok()
        .map(|b| b.to_bytes());
    state.counters.request(listener);
    let entry = LoggedRequest {
        seq: 0,
        listener,
        method: parts.method.clone(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers.clone(),
        body: body.clone().unwrap_or_default(),
        remote,
        local,
        at: state.clock.now(),
        status: None,
        fault: None,
    };
    let mut hooked = state.config.on_request.as_ref().map(|_| entry.clone());
    let seq = state.log.push(entry);
    let mut done = |status: Option<u16>, fault: Option<&'static str>| {
        state.log.finish(seq, status, fault);
        if let (Some(hook), Some(entry)) = (&state.config.on_request, hooked.as_mut()) {
            entry.seq = seq;
            entry.status = status;
            entry.fault = fault;
            (hook.0)(entry);
        }
    };
    let outcome = match body {
        Some(body) => answer(&state, listener, remote, &parts, body).await,
        None => Ok(Outcome::plain(
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                Some("Body too large or unreadable".to_owned()),
            )
            .reply(),
        )),
    };
    let Ok(mut out) = outcome else {
        done(None, Some(FaultKind::ConnectionReset.name()));
        return Err(ConnectionReset);
    };
    if listener == Listener::Api {
        out.reply = stamp_request_id(out.reply);
    }
    out.reply = out.reply.header("date", &state.clock.http_date());
    done(
        Some(out.reply.status.as_u16()),
        out.fault.map(FaultKind::name),
    );
    Ok(if out.truncate {
        out.reply.into_truncated_response()
    } else {
        out.reply.into_response()
    })
}

/// Everything after the body is read: checks, limits, faults, the route.
async fn answer(
    state: &State,
    listener: Listener,
    remote: SocketAddr,
    parts: &Parts,
    body: Bytes,
) -> Result<Outcome, ConnectionReset> {
    let mut route_headers = None;
    if listener == Listener::Api {
        if let Some(refused) = refuse_client(state, &parts.headers) {
            return Ok(Outcome::plain(refused));
        }
        match rate_limit(state, remote, parts) {
            Ok(h) => route_headers = h,
            Err(limited) => return Ok(Outcome::plain(*limited)),
        }
    }
    let path = parts.uri.path();
    let fault = state.faults().decide(listener, &parts.method, path);
    if let Some(kind) = fault {
        state.counters.fault(kind.name());
        match kind {
            FaultKind::ConnectionReset => return Err(ConnectionReset),
            FaultKind::Delay(d) => tokio::time::sleep(d).await,
            _ => {}
        }
        if let Some(reply) = fault_reply(kind) {
            return Ok(Outcome {
                reply,
                fault,
                truncate: false,
            });
        }
    }
    let reply = route(state, listener, remote, parts, body);
    let reply = match route_headers {
        Some(h) => with_limit_headers(state, reply, h),
        None => reply,
    };
    Ok(Outcome {
        reply,
        fault,
        truncate: fault == Some(FaultKind::TruncatedBody),
    })
}

/// The listener's own routes.
fn route(
    state: &State,
    listener: Listener,
    remote: SocketAddr,
    parts: &Parts,
    body: Bytes,
) -> Reply {
    let (method, path, headers) = (&parts.method, parts.uri.path(), &parts.headers);
    match listener {
        Listener::Api => routes::api(
            state,
            method,
            path,
            parts.uri.query(),
            headers,
            body,
            remote.ip(),
        ),
        Listener::Auth => routes::auth::auth_host(state, method, path, headers, &body),
        cdn => match refuse_token(state, headers) {
            Some(refused) => refused,
            None if cdn == Listener::Image => routes::athome::image(state, method, path),
            None if cdn == Listener::Uploads => routes::uploads::cover(state, method, path),
            None => routes::athome::report(state, method, path, headers, &body),
        },
    }
}

/// MangaDex's requirements on every API request: a real `User-Agent` (present, not blank,
/// not a browser's `Mozilla/...` from a program) and no `Via` header (no non-transparent
/// proxy). Refused with a plain-text 400, before rate limits count the request.
fn refuse_client(state: &State, headers: &HeaderMap) -> Option<Reply> {
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
fn rate_limit(
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

/// The early answer of an injected fault (`None`: answer normally, perhaps late or cut).
fn fault_reply(kind: FaultKind) -> Option<Reply> {
    let api =
        |status, title| ApiError::new(status, title, Some("Injected fault".to_owned())).reply();
    let mut reply = match kind {
        FaultKind::ConnectionReset | FaultKind::Delay(_) | FaultKind::TruncatedBody => {
            return None;
        }
        FaultKind::InternalServerError => {
            api(StatusCode::INTERNAL_SERVER_ERROR, "internal_server_error")
        }
        FaultKind::BadGateway => Reply::html(StatusCode::BAD_GATEWAY, HTML_502),
        FaultKind::ServiceUnavailable => {
            api(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable")
        }
        FaultKind::MalformedJson => Reply::new(
            StatusCode::OK,
            "application/json",
            r#"{"result":"ok","response":"entity","data":{"id":"#,
        ),
        FaultKind::TooManyRequests => {
            Reply::new(StatusCode::TOO_MANY_REQUESTS, "text/plain", Bytes::new())
        }
        FaultKind::HtmlBadRequest => Reply::html(StatusCode::BAD_REQUEST, HTML_400),
        FaultKind::HtmlForbidden => Reply::html(StatusCode::FORBIDDEN, HTML_403),
        FaultKind::Captcha => ApiError::new(
            StatusCode::FORBIDDEN,
            "captcha_required_exception",
            Some("Captcha required".to_owned()),
        )
        .reply()
        .header(
            "x-captcha-sitekey",
            "6LdummySiteKeyAsyncdexMock000000000000",
        ),
    };
    reply.headers.remove(http::header::CONTENT_LENGTH);
    if kind == FaultKind::TooManyRequests {
        reply.headers.clear();
    }
    Some(reply)
}

/// Gives an API answer its `X-Request-ID` (a fresh UUID) and, for an API error body, makes
/// every `errors[].id` that same id, as MangaDex does.
fn stamp_request_id(mut reply: Reply) -> Reply {
    let id = Uuid::new_v4();
    let json = reply
        .headers
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if json
        && (reply.status.is_client_error() || reply.status.is_server_error())
        && let Ok(mut body) = serde_json::from_slice::<Value>(&reply.body)
        && let Some(errors) = body.get_mut("errors").and_then(Value::as_array_mut)
    {
        for e in errors.iter_mut().filter(|e| e.is_object()) {
            e["id"] = Value::String(id.to_string());
        }
        reply.body = serde_json::to_vec(&body).unwrap_or_default().into();
    }
    reply.header("x-request-id", &id.to_string())
}

/// The hosts that must never see a token (image, report, uploads): counts a request that
/// carries one, and refuses it with a 403 when the server is set to, as real ones do.
fn refuse_token(state: &State, headers: &HeaderMap) -> Option<Reply> {
    if !headers.contains_key(http::header::AUTHORIZATION) {
        return None;
    }
    bump(&state.counters.leaked_tokens);
    state
        .config
        .reject_tokens_on_cdn
        .then(|| Reply::html(StatusCode::FORBIDDEN, HTML_403))
}

fn with_limit_headers(state: &State, reply: Reply, h: RouteHeaders) -> Reply {
    reply
        .header("x-ratelimit-limit", &h.limit.to_string())
        .header("x-ratelimit-remaining", &h.remaining.to_string())
        .header(
            "x-ratelimit-retry-after",
            &state.clock.unix_secs_ceil(h.retry_after).to_string(),
        )
}
