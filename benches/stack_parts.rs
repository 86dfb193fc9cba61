//! Where the whole stack's cost over raw hyper goes: a ladder of clients, each adding one part
//! of the default `MangadexClient` stack to the one before, measured side by side in one
//! interleaved run against the same loopback server and the same 237 KB manga-list page.
//!
//! 1. `raw_hyper`: a bare hyper-util legacy `Client` on an `HttpConnector`, `Empty` body;
//! 2. `full_body`: the same with the stack's request body type, `Full<Bytes>`;
//!    (`raw_headers`, off the ladder: rung 1 sending the two headers the default stack adds,
//!    `User-Agent` and `Accept-Encoding: gzip`, to tell their cost on the server from the
//!    stack's on the client);
//! 3. `rustls_connector`: the default transport's connector (hyper-rustls, plain HTTP allowed);
//! 4. `timeout_only`: + the per-attempt timeout alone (its timer);
//! 5. `around_transport`: the per-attempt timeout, `User-Agent` and decompression;
//! 6. `ratelimit`: + the rate-limit layer, limits non-binding;
//! 7. `auth_retry`: + the auth layer (anonymous) and the retry layer: the default stack, fed
//!    a ready-made request;
//! 8. `facade_stack`: the facade's own stack, taken out through a user layer, fed a
//!    ready-made request (it differs from rung 7 in its per-attempt timeout: its own, whose
//!    one timer also covers the body, where rungs 4 to 7 use tower's, head only);
//! 9. `facade`: the `MangadexClient` itself: request builder, `send()`, body read.
//!
//! Rungs 4 to 7 are built as the facade builds them (concrete types, the client behind an
//! `Arc`) and boxed once into an [`HttpService`], except for that timeout. Rungs 1 to 8 read
//! the body with `BodyExt::collect`; rung 9 as `send()` does. Every rung is built anew, with
//! new connections, for each of its turns (31 of 250 ms, as in `benches/stack.rs`).
//!
//! Before the table, criterion measures the CPU cost of rungs 4 to 7 and 9 without a network
//! (`stack_cpu/*`): each over a transport that answers at once.
//!
//! Run: `cargo bench --bench stack_parts` (`-- stack_cpu` for the criterion part alone,
//! `-- interleaved` for the table alone; the table is saved to
//! `target/criterion/stack-parts.md`). Under `cargo test --benches` it is a 50 ms smoke run.
#![allow(missing_docs, reason = "a bench binary: nothing here is a public API")]

#[path = "support/load.rs"]
#[allow(dead_code, reason = "shared by several benches, each using part of it")]
mod load;
#[path = "support/server.rs"]
#[allow(dead_code, reason = "shared by several benches, each using part of it")]
mod server;

use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use asyncdex::{HttpService, RequestBody, http_service};
use asyncdex_tower::auth::AuthLayer;
use asyncdex_tower::ratelimit::RateLimitLayer;
use asyncdex_tower::retry::RetryLayer;
use bytes::Bytes;
use criterion::Criterion;
use http::header::{HeaderValue, USER_AGENT};
use http::{Request, Response, Uri};
use http_body::Body as HttpBody;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tower::{BoxError, Layer, Service, ServiceBuilder, ServiceExt};
use tower_http::decompression::DecompressionLayer;
use tower_http::set_header::SetRequestHeaderLayer;

use load::{Contender, Plan};
use server::{
    MANGA_LIST, MANGA_LIST_PATH, Server, fetch_manga_list, non_binding, raw_client,
    unlimited_client,
};

const CONCURRENCY: [usize; 3] = [1, 16, 64];
const SERVER_THREADS: usize = 2;

fn connector() -> HttpConnector {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    http
}

/// A contender that sends `GET uri` through the service `build` makes (a new one, with new
/// connections, every round) and collects the body.
fn through<F, S, B>(name: &'static str, build: F, uri: &Uri) -> Contender
where
    F: Fn() -> S + Send + Sync + 'static,
    S: Service<Request<RequestBody>, Response = Response<B>> + Clone + Send + Sync + 'static,
    S::Error: std::fmt::Debug,
    S::Future: Send + 'static,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: std::fmt::Debug,
{
    let uri = uri.clone();
    Contender::new(name, move || {
        let service = build();
        let uri = uri.clone();
        move || {
            let request = Request::get(uri.clone())
                .body(Full::new(Bytes::new()))
                .expect("request");
            let service = service.clone();
            async move {
                let response = service.oneshot(request).await.expect("request");
                assert!(response.status().is_success());
                let body = response.into_body().collect().await.expect("body");
                body.to_bytes().len()
            }
        }
    })
}

/// Rung 1 sending the default stack's two request headers.
fn raw_headers(uri: &Uri) -> Contender {
    let uri = uri.clone();
    Contender::new("raw_headers", move || {
        let raw: server::RawClient = raw_client();
        let uri = uri.clone();
        move || {
            let request = Request::get(uri.clone())
                .header(USER_AGENT, asyncdex::DEFAULT_USER_AGENT)
                .header(http::header::ACCEPT_ENCODING, "gzip")
                .body(http_body_util::Empty::new())
                .expect("request");
            let response = raw.request(request);
            async move { server::read_raw(response).await }
        }
    })
}

/// The default stack's parts, each wrapping the one before, as the facade builds them:
/// concrete types inside, boxed once on top.
fn rungs<S, B>(transport: S, api_base: &Uri) -> [(&'static str, HttpService); 4]
where
    S: Service<Request<RequestBody>, Response = Response<B>> + Clone + Send + Sync + 'static,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
    B: HttpBody<Data = Bytes> + Send + Sync + 'static,
    B::Error: Into<BoxError> + Send + Sync,
{
    let around = ServiceBuilder::new()
        .layer(tower::timeout::TimeoutLayer::new(Duration::from_secs(30)))
        .layer(SetRequestHeaderLayer::if_not_present(
            USER_AGENT,
            HeaderValue::from_static(asyncdex::DEFAULT_USER_AGENT),
        ))
        .layer(DecompressionLayer::new())
        .service(transport.clone());
    let limited = RateLimitLayer::builder()
        .api_base(api_base.clone())
        .ratelimits(non_binding())
        .build()
        .layer(around.clone());
    let auth_retry = RetryLayer::default()
        .max_retries(3)
        .layer(AuthLayer::legacy(api_base.clone()).layer(limited.clone()));
    let timeout_only = ServiceBuilder::new()
        .layer(tower::timeout::TimeoutLayer::new(Duration::from_secs(30)))
        .service(transport);
    [
        ("timeout_only", http_service(timeout_only)),
        ("around_transport", http_service(around)),
        ("ratelimit", http_service(limited)),
        ("auth_retry", http_service(auth_retry)),
    ]
}

/// hyper-util's client behind one `Arc`, as the facade keeps it: a tower layer clones its
/// inner service per request, and a `Client` clone touches about seven reference counts.
#[derive(Clone)]
struct SharedClient<C>(Arc<C>);

impl<Conn> Service<Request<RequestBody>> for SharedClient<HyperClient<Conn, RequestBody>>
where
    Conn: hyper_util::client::legacy::connect::Connect + Clone + Send + Sync + 'static,
{
    type Response = Response<hyper::body::Incoming>;
    type Error = hyper_util::client::legacy::Error;
    type Future = hyper_util::client::legacy::ResponseFuture;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<RequestBody>) -> Self::Future {
        self.0.request(request)
    }
}

/// The facade's own stack (retry, auth, rate limit, its one-timer attempt deadline, the
/// transport), taken out through a user layer so that it can be fed a ready-made request.
fn facade_stack(base: &str) -> HttpService {
    let captured = Arc::new(Mutex::new(None));
    let capture = Arc::clone(&captured);
    let _client = asyncdex::MangadexClient::builder()
        .api_url(base)
        .anonymous(true)
        .ratelimits(non_binding())
        .layer(tower::layer::layer_fn(move |inner: HttpService| {
            *capture.lock().unwrap_or_else(PoisonError::into_inner) = Some(inner.clone());
            inner
        }))
        .build()
        .expect("asyncdex client");
    let stack = captured
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take();
    stack.expect("the builder applies user layers")
}

fn ladder(base: &str) -> Vec<Contender> {
    let uri: Uri = format!("{base}{MANGA_LIST_PATH}").parse().expect("uri");
    let api_base: Uri = base.parse().expect("base");
    let mut contenders = vec![
        load::raw_hyper("raw_hyper", &uri),
        through("full_body", raw_client::<RequestBody>, &uri),
        raw_headers(&uri),
        through("rustls_connector", rustls_transport, &uri),
    ];
    let names = rungs(rustls_transport(), &api_base).map(|(name, _)| name);
    for (index, name) in names.into_iter().enumerate() {
        let api_base = api_base.clone();
        let build = move || {
            let rungs = rungs(rustls_transport(), &api_base);
            rungs.into_iter().nth(index).expect("a rung").1
        };
        contenders.push(through(name, build, &uri));
    }
    let facade_base = base.to_owned();
    contenders.push(through(
        "facade_stack",
        move || facade_stack(&facade_base),
        &uri,
    ));
    let base = base.to_owned();
    contenders.push(Contender::new("facade", move || {
        let client = unlimited_client(&base, None);
        move || {
            let client = client.clone();
            async move { fetch_manga_list(&client).await }
        }
    }));
    contenders
}

/// The default transport's client (hyper-rustls connector, plain HTTP allowed) behind one
/// `Arc`, as the facade keeps it.
fn rustls_transport()
-> SharedClient<HyperClient<hyper_rustls::HttpsConnector<HttpConnector>, RequestBody>> {
    #[allow(
        deprecated,
        reason = "the facade's own provider: ring, chosen because it builds much faster than aws-lc-rs; rustls 0.23.48 deprecates it only for lacking post-quantum key exchange"
    )]
    let provider = rustls::crypto::ring::default_provider();
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(provider)
        .expect("TLS configuration")
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .wrap_connector(connector());
    let transport = HyperClient::builder(TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(90))
        .build(https);
    SharedClient(Arc::new(transport))
}

/// A response body handed out in `CHUNK`-byte frames.
struct Chunked(Bytes);

/// Small frames, so that the benches measure the stack's work per frame and per request,
/// not `memcpy` (copying the real 237 KB page costs about 10 µs and swamps the rest); 15 of
/// them, as many as hyper hands out for the real page.
const CHUNK: usize = 64;
const FRAMES: usize = 15;

impl HttpBody for Chunked {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        if self.0.is_empty() {
            return std::task::Poll::Ready(None);
        }
        let take = self.0.len().min(CHUNK);
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(self.0.split_to(take)))))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.0.len() as u64)
    }
}

/// The CPU cost of each part, without a network: every rung over a transport that answers at
/// once with `FRAMES` small frames, on a current-thread runtime.
fn cpu_benches(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let base = "http://127.0.0.1:9";
    let api_base: Uri = base.parse().expect("base");
    let uri: Uri = format!("{base}{MANGA_LIST_PATH}").parse().expect("uri");
    let page = Bytes::from_static(&MANGA_LIST[..CHUNK * FRAMES]);
    let instant = tower::service_fn(move |_: Request<RequestBody>| {
        let page = page.clone();
        async move { Ok::<_, BoxError>(Response::new(Chunked(page))) }
    });

    let mut group = c.benchmark_group("stack_cpu");
    let mut services = vec![("transport", http_service(instant.clone()))];
    services.extend(rungs(instant.clone(), &api_base));
    for (name, service) in services {
        group.bench_function(name, |b| {
            b.iter(|| {
                let request = Request::get(uri.clone())
                    .body(Full::new(Bytes::new()))
                    .expect("request");
                runtime.block_on(async {
                    let response = service.clone().oneshot(request).await.expect("request");
                    let body = response.into_body().collect().await.expect("body");
                    body.to_bytes().len()
                })
            })
        });
    }
    let client = {
        let _guard = runtime.enter();
        unlimited_client(base, Some(http_service(instant)))
    };
    group.bench_function("facade", |b| {
        b.iter(|| runtime.block_on(fetch_manga_list(&client)))
    });
    group.finish();
}

fn main() {
    let bench_mode = std::env::args().any(|arg| arg == "--bench");
    let server = Server::start(MANGA_LIST, SERVER_THREADS, false);
    let runtime = load::client_runtime();
    let mut contenders = {
        let _guard = runtime.enter();
        ladder(&server.url())
    };
    // `STACK_PARTS_ONLY=raw_hyper,facade` keeps only those rungs (e.g. to trace one alone);
    // the first kept is the baseline.
    if let Ok(only) = std::env::var("STACK_PARTS_ONLY") {
        contenders.retain(|contender| only.split(',').any(|name| name == contender.name));
    }
    // `STACK_PARTS_TASKS=1,16` narrows the table (`BENCH_ROUNDS=21` lengthens it).
    let concurrency = load::tasks("STACK_PARTS_TASKS", &CONCURRENCY);
    let plan = Plan {
        concurrency: &concurrency,
        rounds: if bench_mode { load::rounds(31) } else { 1 },
        round: if bench_mode {
            load::round(Duration::from_millis(250))
        } else {
            Duration::from_millis(50)
        },
        baseline: contenders.first().expect("at least one contender").name,
        expected_len: MANGA_LIST.len(),
        settle: &|| server.wait_until_closed(Duration::from_secs(2)),
    };
    let mut criterion = Criterion::default().configure_from_args();
    cpu_benches(&mut criterion);
    criterion.final_summary();

    // `STACK_PARTS_COUNT=2000` sends that many requests through each kept rung, one at a
    // time (or from as many tasks as `STACK_PARTS_TASKS` first names), and exits: a fixed
    // workload to run under `valgrind --tool=callgrind`, whose instruction counts do not
    // depend on the neighbours' load, or to count system calls with `strace -f -c`.
    if let Some(count) = std::env::var("STACK_PARTS_COUNT")
        .ok()
        .and_then(|count| count.parse().ok())
    {
        for contender in &contenders {
            runtime.block_on(load::drive(
                &contender.instance(),
                concurrency.first().copied().unwrap_or(1),
                load::Stop::Count(count),
                false,
                MANGA_LIST.len(),
            ));
        }
        return;
    }
    if !load::table_selected("interleaved") {
        return;
    }
    let load_before = load::load_average();
    let table = load::interleaved_table(&runtime, &contenders, &plan);
    load::publish(&table, &load_before, "stack-parts.md", bench_mode);
}
