//! A small MangaDex-like auth server on 127.0.0.1 for the auth layer's tests.
//!
//! One `Server` serves the legacy routes (`/auth/login`, `/auth/refresh`, `/auth/logout`), an
//! OAuth token endpoint (`/token`), a protected `/echo` (200 with the request body when the
//! bearer token is live, else 401), `/always401`, and records every request it saw. Tokens
//! expire on tokio's clock, so tests can pause time. Refresh tokens rotate: a used one is dead.

#![allow(dead_code, unreachable_pub)]

use std::{
    collections::{HashMap, HashSet, VecDeque},
    net::SocketAddr,
    sync::{Arc, Mutex},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use asyncdex_tower::auth::{Auth, AuthLayer};
use bytes::Bytes;
use http::{Request, Response, StatusCode, Uri};
use http_body_util::{BodyExt, Full};
use hyper::{body::Incoming, server::conn::http1, service::service_fn};
use hyper_util::{
    client::legacy::{Client, connect::HttpConnector},
    rt::{TokioExecutor, TokioIo},
};
use tokio::{net::TcpListener, time::Instant};
use tower::{BoxError, Layer, ServiceExt};

pub type Transport = Client<HttpConnector, Full<Bytes>>;
pub type Svc = Auth<Transport>;

pub const USER: &str = "reader";
pub const PASSWORD: &str = "pa55word-xyzzy";
pub const CLIENT_ID: &str = "personal-client-1";
pub const CLIENT_SECRET: &str = "client-secret-qwerty";

/// What the server does to the next token call instead of answering it.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// Answer with this status and an HTML body.
    Status(u16),
    /// Close the connection without an answer.
    Close,
}

/// One request the server saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub body: Bytes,
    pub headers: http::HeaderMap,
    pub status: u16,
    /// The port of the listener that saw it.
    pub port: u16,
}

#[derive(Default)]
struct State {
    lifetime: Duration,
    /// Whether OAuth answers carry `expires_in` (else the client must read the JWT `exp`).
    expires_in: bool,
    token_delay: Duration,
    counter: u64,
    sessions: HashMap<String, Instant>,
    refresh_tokens: HashSet<String>,
    issued: Vec<String>,
    presented_refresh: Vec<String>,
    faults: VecDeque<Fault>,
    log: Vec<Seen>,
    password: String,
}

#[derive(Clone)]
pub struct Server {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl Server {
    pub async fn start() -> Self {
        let state = Arc::new(Mutex::new(State {
            lifetime: Duration::from_secs(15 * 60),
            expires_in: true,
            password: PASSWORD.to_owned(),
            ..State::default()
        }));
        Self::listen(state).await
    }

    /// Another listener (another origin) on the same state, e.g. the auth host of the API.
    pub async fn another_origin(&self) -> Self {
        Self::listen(self.state.clone()).await
    }

    async fn listen(state: Arc<Mutex<State>>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = state.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let state = shared.clone();
                tokio::spawn(async move {
                    let service =
                        service_fn(move |request| answer(state.clone(), addr.port(), request));
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self { addr, state }
    }

    pub fn url(&self, path: &str) -> Uri {
        format!("http://{}{path}", self.addr).parse().unwrap()
    }

    pub fn base(&self) -> Uri {
        self.url("")
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap())
    }

    pub fn set_lifetime(&self, lifetime: Duration) {
        self.with(|s| s.lifetime = lifetime);
    }

    pub fn set_expires_in(&self, on: bool) {
        self.with(|s| s.expires_in = on);
    }

    pub fn set_token_delay(&self, delay: Duration) {
        self.with(|s| s.token_delay = delay);
    }

    pub fn set_password(&self, password: &str) {
        self.with(|s| s.password = password.to_owned());
    }

    pub fn push_fault(&self, fault: Fault) {
        self.with(|s| s.faults.push_back(fault));
    }

    /// Kills every session token (the client still thinks its token is fresh).
    pub fn revoke_sessions(&self) {
        self.with(|s| s.sessions.clear());
    }

    /// Kills every refresh token.
    pub fn revoke_refresh_tokens(&self) {
        self.with(|s| s.refresh_tokens.clear());
    }

    pub fn log(&self) -> Vec<Seen> {
        self.with(|s| s.log.clone())
    }

    pub fn seen(&self, path: &str) -> Vec<Seen> {
        self.log().into_iter().filter(|r| r.path == path).collect()
    }

    pub fn count(&self, path: &str) -> usize {
        self.seen(path).len()
    }

    /// Token-call answers by grant, for OAuth: (password, refresh_token).
    pub fn oauth_grants(&self) -> (usize, usize) {
        let calls = self.seen("/token");
        let count = |g: &str| {
            calls
                .iter()
                .filter(|r| form(&r.body).get("grant_type").map(String::as_str) == Some(g))
                .count()
        };
        (count("password"), count("refresh_token"))
    }

    /// Every token (session, access, refresh) the server ever issued.
    pub fn issued(&self) -> Vec<String> {
        self.with(|s| s.issued.clone())
    }

    /// Every refresh token presented to the server, in order.
    pub fn presented_refresh(&self) -> Vec<String> {
        self.with(|s| s.presented_refresh.clone())
    }

    pub fn statuses(&self) -> Vec<u16> {
        self.log().iter().map(|r| r.status).collect()
    }
}

fn json(status: StatusCode, body: serde_json::Value) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))
        .unwrap()
}

fn form(body: &[u8]) -> HashMap<String, String> {
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).unwrap()
    }
    std::str::from_utf8(body)
        .unwrap_or("")
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn b64url(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
}

impl State {
    /// A new session token (a JWT whose `exp` matches the server's lifetime) and refresh token.
    fn issue(&mut self) -> (String, String) {
        self.counter += 1;
        let exp = (SystemTime::now() + self.lifetime)
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let claims = format!(r#"{{"sub":"{USER}","n":{},"exp":{exp}}}"#, self.counter);
        let session = format!(
            "{}.{}.sig{}",
            b64url(br#"{"alg":"none"}"#),
            b64url(claims.as_bytes()),
            self.counter
        );
        let refresh = format!("refresh-{}-{}", self.counter, 7919 * self.counter);
        self.sessions
            .insert(session.clone(), Instant::now() + self.lifetime);
        self.refresh_tokens.insert(refresh.clone());
        self.issued.push(session.clone());
        self.issued.push(refresh.clone());
        (session, refresh)
    }

    fn live(&self, authorization: Option<&str>) -> bool {
        authorization
            .and_then(|h| h.strip_prefix("Bearer "))
            .and_then(|token| self.sessions.get(token))
            .is_some_and(|expiry| Instant::now() < *expiry)
    }

    /// Uses up a refresh token; true when it was live.
    fn spend(&mut self, refresh: &str) -> bool {
        self.presented_refresh.push(refresh.to_owned());
        self.refresh_tokens.remove(refresh)
    }
}

async fn answer(
    state: Arc<Mutex<State>>,
    port: u16,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, BoxError> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await?.to_bytes();
    let path = parts.uri.path().to_owned();
    let authorization = parts
        .headers
        .get("authorization")
        .map(|h| h.to_str().unwrap().to_owned());
    let token_call = matches!(path.as_str(), "/auth/login" | "/auth/refresh" | "/token");

    let (fault, delay) = {
        let mut s = state.lock().unwrap();
        let fault = if token_call {
            s.faults.pop_front()
        } else {
            None
        };
        (fault, s.token_delay)
    };
    if token_call && !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let mut s = state.lock().unwrap();
    let response = match (fault, path.as_str()) {
        (Some(Fault::Close), _) => {
            let seen = seen(&parts, &body, authorization, port, 0);
            s.log.push(seen);
            return Err("closing the connection".into());
        }
        (Some(Fault::Status(code)), _) => Response::builder()
            .status(code)
            .body(Full::new(Bytes::from("<html>Service Unavailable</html>")))
            .unwrap(),
        (None, "/auth/login") => {
            let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
            let password = s.password.clone();
            if v["username"] == USER && v["password"] == password.as_str() {
                let (session, refresh) = s.issue();
                json(
                    StatusCode::OK,
                    serde_json::json!({"result":"ok","token":{"session":session,"refresh":refresh}}),
                )
            } else {
                json(
                    StatusCode::UNAUTHORIZED,
                    serde_json::json!({"result":"error","errors":[{"status":401,"title":"bad credentials"}]}),
                )
            }
        }
        (None, "/auth/refresh") => {
            let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
            if s.spend(v["token"].as_str().unwrap_or("")) {
                let (session, refresh) = s.issue();
                json(
                    StatusCode::OK,
                    serde_json::json!({"result":"ok","token":{"session":session,"refresh":refresh}}),
                )
            } else {
                json(
                    StatusCode::UNAUTHORIZED,
                    serde_json::json!({"result":"error","errors":[{"status":401}]}),
                )
            }
        }
        (None, "/auth/logout") => {
            if let Some(token) = authorization
                .as_deref()
                .and_then(|h| h.strip_prefix("Bearer "))
            {
                s.sessions.remove(token);
            }
            json(StatusCode::OK, serde_json::json!({"result":"ok"}))
        }
        (None, "/token") => {
            let f = form(&body);
            let client_ok = f.get("client_id").map(String::as_str) == Some(CLIENT_ID)
                && f.get("client_secret").map(String::as_str) == Some(CLIENT_SECRET);
            let password = s.password.clone();
            let granted = client_ok
                && match f.get("grant_type").map(String::as_str) {
                    Some("password") => {
                        f.get("username").map(String::as_str) == Some(USER)
                            && f.get("password") == Some(&password)
                    }
                    Some("refresh_token") => {
                        s.spend(f.get("refresh_token").map_or("", String::as_str))
                    }
                    _ => false,
                };
            if granted {
                let (access, refresh) = s.issue();
                let mut answer = serde_json::json!({"access_token":access,"refresh_token":refresh,"token_type":"Bearer"});
                if s.expires_in {
                    answer["expires_in"] = s.lifetime.as_secs().into();
                }
                json(StatusCode::OK, answer)
            } else {
                json(
                    StatusCode::BAD_REQUEST,
                    serde_json::json!({"error":"invalid_grant","error_description":"nope"}),
                )
            }
        }
        (None, "/always401") => json(
            StatusCode::UNAUTHORIZED,
            serde_json::json!({"result":"error","errors":[{"status":401,"title":"always"}]}),
        ),
        (None, "/echo") if s.live(authorization.as_deref()) => {
            Response::new(Full::new(body.clone()))
        }
        (None, "/echo") => json(
            StatusCode::UNAUTHORIZED,
            serde_json::json!({"result":"error","errors":[{"status":401}]}),
        ),
        // Everything else (image pages, reports, foreign hosts): 200, just recorded.
        (None, _) => Response::new(Full::new(Bytes::from_static(b"ok"))),
    };
    let seen = seen(
        &parts,
        &body,
        authorization,
        port,
        response.status().as_u16(),
    );
    s.log.push(seen);
    Ok(response)
}

fn seen(
    parts: &http::request::Parts,
    body: &Bytes,
    authorization: Option<String>,
    port: u16,
    status: u16,
) -> Seen {
    Seen {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        authorization,
        body: body.clone(),
        headers: parts.headers.clone(),
        status,
        port,
    }
}

pub fn transport() -> Transport {
    Client::builder(TokioExecutor::new()).build_http()
}

pub fn service(layer: &AuthLayer) -> Svc {
    layer.layer(transport())
}

/// Sends a request through a clone of `service`; the answer's status and body.
pub async fn send(
    service: &Svc,
    request: Request<Full<Bytes>>,
) -> Result<(StatusCode, Bytes), BoxError> {
    let response = service.clone().oneshot(request).await?;
    let status = response.status();
    Ok((status, response.into_body().collect().await?.to_bytes()))
}

pub async fn get(service: &Svc, uri: Uri) -> Result<(StatusCode, Bytes), BoxError> {
    send(service, Request::get(uri).body(Full::default()).unwrap()).await
}
