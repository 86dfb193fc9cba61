//! The per-request pipeline of every listener: body, log, latency, holds, client checks and rate
//! limits (API host), injected faults, the route, and the `X-Request-ID` stamp (API host).

mod fault;
mod gate;

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::request::Parts;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;
use serde_json::Value;
use uuid::Uuid;

use self::fault::fault_reply;
use self::gate::{rate_limit, refuse_client, refuse_token, with_limit_headers};
use crate::faults::FaultKind;
use crate::log::{Listener, LoggedRequest};
use crate::response::{ApiError, MockBody, Reply};
use crate::routes;
use crate::state::State;

/// Largest request body accepted (bigger: 413).
const MAX_BODY: usize = 16 << 20;

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
    let mut hooked = (!state.config.on_request.is_empty()).then(|| entry.clone());
    let seq = state.log.push(entry);
    let mut done = |status: Option<u16>, fault: Option<&'static str>| {
        state.log.finish(seq, status, fault);
        if let Some(entry) = hooked.as_mut() {
            entry.seq = seq;
            entry.status = status;
            entry.fault = fault;
            for hook in &state.config.on_request {
                (hook.0)(entry);
            }
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
    if !state.config.latency.is_zero() {
        tokio::time::sleep(state.config.latency).await;
    }
    state
        .holds
        .pass(listener, &parts.method, parts.uri.path())
        .await;
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
