//! Drives the mock with 64 concurrent hyper-util clients for a few seconds, limits off, and
//! prints requests/second, plus the median startup-to-first-answer time over 20 starts; then
//! the same for MD@Home (`/at-home/server/{id}` and page downloads), after timing the first
//! (naming every page: one SHA-256 per page) and second `/at-home/server` pass over 50
//! chapters.
//!
//! `cargo run --release -p asyncdex-mock --example mock_throughput [-- SECONDS]`

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use asyncdex_mock::MockServer;
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

#[tokio::main]
async fn main() {
    let secs: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    startup().await;
    // One server, limits and logging off, for both loads: what is measured is the mock's own
    // work, not its pauses or its log.
    let server = MockServer::builder()
        .no_global_limit()
        .route_limits(false)
        .log_requests(false)
        .start()
        .await;
    api_throughput(&server, secs).await;
    at_home_throughput(&server, secs).await;
}

/// (a) Startup to first answer: the median of 20 starts, each its own server and client so
/// that no start profits from a warm one.
async fn startup() {
    let mut startups = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let server = MockServer::start().await;
        let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
        let uri: http::Uri = format!("{}/ping", server.url()).parse().expect("uri");
        let res = client.request(get(uri)).await.expect("ping");
        let _ = res.into_body().collect().await;
        startups.push(t.elapsed());
        server.shutdown().await;
    }
    startups.sort();
    println!(
        "startup to first answer: median {:?} (min {:?}, max {:?})",
        startups[10], startups[0], startups[19]
    );
}

/// (b) API throughput: half `/ping` (the routing floor), half `/manga/{id}` (a rendered
/// record) over 50 manga.
async fn api_throughput(server: &MockServer, secs: u64) {
    let ids: Vec<String> = server
        .catalogue()
        .manga
        .iter()
        .take(50)
        .map(|m| format!("{}/manga/{}", server.url(), m.id))
        .collect();
    let ping = [format!("{}/ping", server.url())];
    let n = drive(ping.into(), ids.into(), secs).await;
    println!("{n} (half GET /ping, half GET /manga/{{id}})");
}

/// (c) MD@Home over 50 chapters with pages: two timed `/at-home/server` passes (the first
/// hashes every page name, the second should find them named), then at-home answers and
/// page downloads under load.
async fn at_home_throughput(server: &MockServer, secs: u64) {
    let chapters: Vec<_> = server
        .catalogue()
        .chapters
        .iter()
        .filter(|c| c.pages > 0 && c.external_url.is_none())
        .take(50)
        .cloned()
        .collect();
    let at_home: Vec<String> = chapters
        .iter()
        .map(|c| format!("{}/at-home/server/{}", server.url(), c.id))
        .collect();
    at_home_passes(&at_home).await;
    let pages: Vec<String> = chapters
        .iter()
        .map(|c| {
            format!(
                "{}/data/{}/{}",
                server.image_url(),
                c.hash,
                c.data_files()[0]
            )
        })
        .collect();
    let n = drive(pages.into(), at_home.into(), secs).await;
    println!("{n} (half a page from the image node, half GET /at-home/server/{{id}})");
}

/// Times a first and a second pass, one request at a time, over the `/at-home/server` URLs.
async fn at_home_passes(at_home: &[String]) {
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    for pass in ["first", "second"] {
        let t = Instant::now();
        for url in at_home {
            let res = client
                .request(get(url.parse().expect("uri")))
                .await
                .expect("at-home");
            let _ = res.into_body().collect().await;
        }
        println!("at-home, {pass} pass over 50 chapters: {:?}", t.elapsed());
    }
}

/// A GET with a User-Agent (MangaDex, and so the mock, refuse API requests without one).
fn get(uri: http::Uri) -> http::Request<Empty<Bytes>> {
    http::Request::get(uri)
        .header("user-agent", "mock-throughput/1.0")
        .body(Empty::new())
        .expect("request")
}

/// 64 clients for `secs` seconds, alternating between a URL of `even` and one of `odd`;
/// returns the summary line.
async fn drive(even: Arc<[String]>, odd: Arc<[String]>, secs: u64) -> String {
    let done = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for w in 0..64 {
        let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
        let (even, odd, done, errors) = (even.clone(), odd.clone(), done.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            let mut i = w;
            while Instant::now() < deadline {
                i += 1;
                let path = if i % 2 == 0 {
                    &even[(i / 2) % even.len()]
                } else {
                    &odd[(i / 2) % odd.len()]
                };
                let uri: http::Uri = path.parse().expect("uri");
                match client.request(get(uri)).await {
                    Ok(res) if res.status().is_success() => {
                        let _ = res.into_body().collect().await;
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    let start = Instant::now();
    for t in tasks {
        let _ = t.await;
    }
    let n = done.load(Ordering::Relaxed);
    format!(
        "throughput: {} requests in {:.2?} = {:.0} req/s (64 clients; {} errors)",
        n,
        start.elapsed(),
        n as f64 / start.elapsed().as_secs_f64(),
        errors.load(Ordering::Relaxed)
    )
}
