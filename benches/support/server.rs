//! A minimal HTTP/1.1 server on 127.0.0.1 for the benches and the memory test: every request
//! gets the same body (the embedded manga-list page, or a short JSON answer), and, if asked,
//! the server records each request's arrival time.
//!
//! It runs on a runtime of its own, with its own worker threads, so that the client runtime
//! under test is not shared with it; on a 2-core machine both still compete for the same two
//! cores, which every client under comparison pays alike.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Request, Response};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// `GET /manga?limit=100&includes[]=author&includes[]=cover_art` as `asyncdex-mock` answers it
/// (100 manga with their author and cover relationships expanded, 237,626 bytes).
pub(crate) static MANGA_LIST: &[u8] = include_bytes!("../data/manga_list_100.json");

/// The path and query the benches request (the body above answers any path).
pub(crate) const MANGA_LIST_PATH: &str = "/manga?limit=100&includes[]=author&includes[]=cover_art";

/// The limits the benches give the client so that they never bind: far above any rate a
/// loopback server reaches.
pub(crate) fn non_binding() -> asyncdex_tower::ratelimit::Ratelimits {
    asyncdex_tower::ratelimit::Ratelimits::default()
        .with_global(1_000_000, std::time::Duration::from_secs(1))
}

/// The default `MangadexClient` on `base` (on `transport` if given), anonymous, its limits
/// non-binding: the stack the benches measure.
pub(crate) fn unlimited_client(
    base: &str,
    transport: Option<asyncdex::HttpService>,
) -> asyncdex::MangadexClient {
    let mut builder = asyncdex::MangadexClient::builder()
        .api_url(base)
        .anonymous(true)
        .ratelimits(non_binding());
    if let Some(transport) = transport {
        builder = builder.service(transport);
    }
    builder.build().expect("asyncdex client")
}

/// The benches' request as a user of the facade writes it; returns the body's length.
pub(crate) async fn fetch_manga_list(client: &asyncdex::MangadexClient) -> usize {
    client
        .request(http::Method::GET, "/manga")
        .param("limit", 100)
        .params("includes", ["author", "cover_art"])
        .send()
        .await
        .expect("asyncdex request")
        .bytes()
        .len()
}

/// The benches' baseline client: hyper-util's legacy client on a plain `HttpConnector`.
pub(crate) type RawClient<B = http_body_util::Empty<Bytes>> =
    hyper_util::client::legacy::Client<hyper_util::client::legacy::connect::HttpConnector, B>;

/// A [`RawClient`], TCP_NODELAY on like the stack's transport.
pub(crate) fn raw_client<B>() -> RawClient<B>
where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
{
    let mut connector = hyper_util::client::legacy::connect::HttpConnector::new();
    connector.set_nodelay(true);
    hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build(connector)
}

/// Awaits a raw client's answer (`client.get(uri)`, made outside so that no client clone or
/// borrow is needed) and reads the whole body; returns the body's length.
pub(crate) async fn read_raw(response: hyper_util::client::legacy::ResponseFuture) -> usize {
    use http_body_util::BodyExt as _;

    let response = response.await.expect("hyper request");
    assert!(response.status().is_success(), "{}", response.status());
    let body = response.into_body().collect().await.expect("hyper body");
    body.to_bytes().len()
}

/// A running server; dropping it shuts its runtime down.
pub(crate) struct Server {
    addr: SocketAddr,
    /// Connections accepted and not yet closed.
    open: Arc<AtomicUsize>,
    arrivals: Arc<Mutex<Vec<Instant>>>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Server {
    /// Serves `body` to every request on 127.0.0.1 (ephemeral port) with `threads` workers.
    pub(crate) fn start(body: &'static [u8], threads: usize, record_arrivals: bool) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .thread_name("bench-server")
            .enable_all()
            .build()
            .expect("server runtime");
        let listener = runtime
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let arrivals = Arc::new(Mutex::new(Vec::new()));
        let recorder = record_arrivals.then(|| Arc::clone(&arrivals));
        let body = Bytes::from_static(body);
        let open = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&open);
        runtime.spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let body = body.clone();
                let recorder = recorder.clone();
                let counter = Arc::clone(&counter);
                counter.fetch_add(1, Ordering::Relaxed);
                tokio::spawn(async move {
                    let service = service_fn(move |_request: Request<Incoming>| {
                        if let Some(recorder) = &recorder {
                            let now = Instant::now();
                            recorder
                                .lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .push(now);
                        }
                        let mut response = Response::new(Full::new(body.clone()));
                        response
                            .headers_mut()
                            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                        async move { Ok::<_, Infallible>(response) }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                    counter.fetch_sub(1, Ordering::Relaxed);
                });
            }
        });
        Self {
            addr,
            open,
            arrivals,
            runtime: Some(runtime),
        }
    }

    /// `http://127.0.0.1:port`, no trailing slash.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Waits (at most `limit`) until every connection a client opened has been closed, so
    /// that the next client measured does not pay for tearing down the last one's.
    pub(crate) fn wait_until_closed(&self, limit: Duration) {
        let start = Instant::now();
        while self.open.load(Ordering::Relaxed) > 0 && start.elapsed() < limit {
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// The arrival times recorded so far (taking them out).
    pub(crate) fn take_arrivals(&self) -> Vec<Instant> {
        std::mem::take(&mut *self.arrivals.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
