//! The retry layer over real TCP: a hyper server on 127.0.0.1 and hyper-util's legacy client
//! as the inner service, with a hyper-aware classifier like the facade's. Tokio's clock is
//! paused, so backoffs take no real time.
#![cfg(feature = "retry")]

use std::collections::VecDeque;
use std::error::Error as StdError;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use asyncdex_tower::retry::{
    Attempts, ClassifyError, DefaultClassifier, Failure, Idempotent, RetryLayer,
};
use bytes::Bytes;
use http::{HeaderMap, Method, Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;
use tokio::time::Instant;
use tower::{BoxError, Layer, ServiceExt};

/// What the server does with one request, after reading all of it.
#[derive(Clone, Debug)]
enum Act {
    Reply(u16, &'static str),
    /// Close the connection without answering.
    Hangup,
}

/// A request as the server saw it.
#[derive(Clone, Debug)]
struct Seen {
    at: Instant,
    method: Method,
    path: String,
    headers: HeaderMap,
    body: Bytes,
}

struct Server {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Serves `script` in order, then 200s. With `reset`, a hangup is a TCP reset (RST, via
    /// `SO_LINGER` 0) instead of an orderly close (FIN).
    async fn start(script: impl IntoIterator<Item = Act>, reset: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        serve(
            listener,
            script.into_iter().collect(),
            Arc::clone(&seen),
            reset,
        );
        Self { addr, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn hits(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

fn serve(listener: TcpListener, script: VecDeque<Act>, seen: Arc<Mutex<Vec<Seen>>>, reset: bool) {
    let script = Arc::new(Mutex::new(script));
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            if reset {
                stream.set_zero_linger().unwrap();
            }
            let script = Arc::clone(&script);
            let seen = Arc::clone(&seen);
            let service = hyper::service::service_fn(move |request| {
                handle(request, Arc::clone(&script), Arc::clone(&seen))
            });
            tokio::spawn(async move {
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
}

async fn handle(
    request: Request<Incoming>,
    script: Arc<Mutex<VecDeque<Act>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
) -> Result<Response<Full<Bytes>>, BoxError> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await?.to_bytes();
    seen.lock().unwrap().push(Seen {
        at: Instant::now(),
        method: parts.method,
        path: parts.uri.path().to_owned(),
        headers: parts.headers,
        body,
    });
    let act = script.lock().unwrap().pop_front();
    match act.unwrap_or(Act::Reply(200, "ok")) {
        Act::Reply(status, body) => Ok(Response::builder()
            .status(status)
            .body(Full::new(Bytes::from_static(body.as_bytes())))?),
        // hyper drops the connection, unanswered, when the service fails.
        Act::Hangup => Err("hang up".into()),
    }
}

/// What the facade plugs in: hyper-util knows when it never connected, hyper knows when the
/// connection closed before a whole response came back.
fn hyper_classifier(error: &(dyn StdError + 'static)) -> Failure {
    if let Some(e) = error.downcast_ref::<hyper_util::client::legacy::Error>()
        && e.is_connect()
    {
        return Failure::NotSent;
    }
    let mut next = Some(error);
    while let Some(e) = next {
        if let Some(e) = e.downcast_ref::<hyper::Error>()
            && e.is_incomplete_message()
        {
            return Failure::Transport;
        }
        next = e.source();
    }
    DefaultClassifier.classify(error)
}

type HttpClient = Client<HttpConnector, Full<Bytes>>;

fn client() -> HttpClient {
    Client::builder(TokioExecutor::new()).build_http()
}

fn layer() -> RetryLayer<fn(&(dyn StdError + 'static)) -> Failure> {
    RetryLayer::new()
        .seed(11)
        .no_budget()
        .initial_backoff(Duration::from_millis(200))
        .max_backoff(Duration::from_secs(5))
        .classifier(hyper_classifier as fn(&(dyn StdError + 'static)) -> Failure)
}

fn request(method: Method, url: String, body: &'static [u8]) -> Request<Full<Bytes>> {
    Request::builder()
        .method(method)
        .uri(url)
        .header("x-request", "same")
        .body(Full::new(Bytes::from_static(body)))
        .unwrap()
}

async fn text(response: Response<Incoming>) -> String {
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn attempts<B>(response: &Response<B>) -> u32 {
    Attempts::of(response)
}

#[tokio::test(start_paused = true)]
async fn retryable_statuses_are_retried_and_the_final_body_is_intact() {
    let server = Server::start(
        [
            Act::Reply(503, "busy"),
            Act::Reply(502, "bad gateway"),
            Act::Reply(429, "slow down"),
            Act::Reply(200, "{\"result\":\"ok\"}"),
        ],
        false,
    )
    .await;
    let retry = layer().layer(client());
    let response = retry
        .oneshot(request(Method::GET, server.url("/manga"), b""))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(attempts(&response), 4);
    assert_eq!(text(response).await, "{\"result\":\"ok\"}");

    let seen = server.seen();
    assert_eq!(seen.len(), 4);
    let caps = [200, 400, 800].map(Duration::from_millis);
    for (pair, cap) in seen.windows(2).zip(caps) {
        assert!(pair[1].at - pair[0].at <= cap);
    }
}

#[tokio::test(start_paused = true)]
async fn client_errors_are_returned_at_once_with_their_body() {
    for status in [400, 401, 403, 404] {
        let server = Server::start([Act::Reply(status, "{\"errors\":[]}")], false).await;
        let response = layer()
            .layer(client())
            .oneshot(request(Method::GET, server.url("/manga"), b""))
            .await
            .unwrap();
        assert_eq!(response.status(), status);
        assert_eq!(attempts(&response), 1);
        assert_eq!(text(response).await, "{\"errors\":[]}");
        assert_eq!(server.hits(), 1);
    }
}

#[tokio::test(start_paused = true)]
async fn a_reset_connection_is_retried() {
    let server = Server::start([Act::Hangup, Act::Hangup], true).await;
    let response = layer()
        .layer(client())
        .oneshot(request(Method::GET, server.url("/manga"), b""))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(attempts(&response), 3);
    assert_eq!(server.hits(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_post_the_server_saw_is_not_resent() {
    for reset in [false, true] {
        let server = Server::start([Act::Hangup], reset).await;
        let error = layer()
            .layer(client())
            .oneshot(request(Method::POST, server.url("/report"), b"{\"a\":1}"))
            .await
            .unwrap_err();
        assert_eq!(hyper_classifier(&*error), Failure::Transport, "{error:?}");
        // A reset carries an `io::Error` the default classifier finds; an orderly close before
        // the response is hyper's "incomplete message", which only a hyper-aware classifier
        // knows about: that is why the facade plugs one in.
        let default = if reset {
            Failure::Transport
        } else {
            Failure::Fatal
        };
        assert_eq!(DefaultClassifier.classify(&*error), default, "{error:?}");
        assert_eq!(server.hits(), 1, "reset: {reset}");
        // The same failure on a GET is retried: the test can tell the two apart.
        let server = Server::start([Act::Hangup], reset).await;
        layer()
            .layer(client())
            .oneshot(request(Method::GET, server.url("/manga"), b""))
            .await
            .unwrap();
        assert_eq!(server.hits(), 2, "reset: {reset}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_post_that_opts_in_is_resent_with_identical_bytes() {
    let server = Server::start([Act::Hangup, Act::Reply(500, "oops")], false).await;
    let body: &'static [u8] = b"{\"title\":\"\xe8\x91\xac\xe9\x80\x81\xe3\x81\xae\xe3\x83\x95\xe3\x83\xaa\xe3\x83\xbc\xe3\x83\xac\xe3\x83\xb3\"}";
    let mut post = request(Method::POST, server.url("/manga"), body);
    post.extensions_mut().insert(Idempotent);
    let response = layer().layer(client()).oneshot(post).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(attempts(&response), 3);
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    for s in &seen {
        assert_eq!(s.method, Method::POST);
        assert_eq!(s.path, "/manga");
        assert_eq!(s.body, body);
        assert_eq!(s.headers["x-request"], "same");
        assert_eq!(s.headers["content-length"], body.len().to_string());
    }
}

#[tokio::test(start_paused = true)]
async fn replayed_put_bodies_are_byte_identical() {
    static EVERY_BYTE: [u8; 256] = {
        let mut bytes = [0u8; 256];
        let mut i = 0;
        while i < 256 {
            bytes[i] = i as u8;
            i += 1;
        }
        bytes
    };
    let server = Server::start([Act::Reply(500, ""), Act::Reply(504, "")], false).await;
    let response = layer()
        .layer(client())
        .oneshot(request(Method::PUT, server.url("/upload"), &EVERY_BYTE))
        .await
        .unwrap();
    assert_eq!(attempts(&response), 3);
    let seen = server.seen();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|s| s.body[..] == EVERY_BYTE[..]));
}

/// A port nothing listens on (bound, then closed).
async fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap()
}

#[tokio::test(start_paused = true)]
async fn a_refused_connection_is_retried_even_for_a_post() {
    let addr = closed_port().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counting = {
        let calls = Arc::clone(&calls);
        let client = client();
        tower::service_fn(move |request: Request<Full<Bytes>>| {
            calls.fetch_add(1, Ordering::SeqCst);
            client.request(request)
        })
    };
    let error = layer()
        .layer(counting)
        .oneshot(request(Method::POST, format!("http://{addr}/report"), b"x"))
        .await
        .unwrap_err();
    assert_eq!(hyper_classifier(&*error), Failure::NotSent, "{error:?}");
    // The default of 3 retries: 4 sends.
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}

#[tokio::test(start_paused = true)]
async fn a_post_goes_through_once_the_server_is_up() {
    let addr = closed_port().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let calls = Arc::new(AtomicUsize::new(0));
    let starting = {
        let (calls, seen) = (Arc::clone(&calls), Arc::clone(&seen));
        let client = client();
        tower::service_fn(move |request: Request<Full<Bytes>>| {
            // The second send finds the server up, on the port that refused the first one.
            if calls.fetch_add(1, Ordering::SeqCst) == 1 {
                let listener = std::net::TcpListener::bind(addr).unwrap();
                listener.set_nonblocking(true).unwrap();
                let listener = TcpListener::from_std(listener).unwrap();
                serve(listener, VecDeque::new(), Arc::clone(&seen), false);
            }
            client.request(request)
        })
    };
    let response = layer()
        .layer(starting)
        .oneshot(request(
            Method::POST,
            format!("http://{addr}/report"),
            b"once",
        ))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(attempts(&response), 2);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].body, "once");
}

#[test]
fn the_future_over_hyper_util_is_send() {
    fn assert_send<T: Send + 'static>() {}
    assert_send::<
        <asyncdex_tower::retry::Retry<HttpClient, fn(&(dyn StdError + 'static)) -> Failure> as tower::Service<
            Request<Full<Bytes>>,
        >>::Future,
    >();
}
