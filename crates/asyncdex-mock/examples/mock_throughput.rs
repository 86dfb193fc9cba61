//! Drives the mock with 64 concurrent hyper-util clients for a few seconds, limits off, and
//! prints requests/second, plus the median startup-to-first-answer time over 20 starts.
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

    // (a) startup to first answer.
    let mut startups = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let server = MockServer::start().await;
        let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
        let uri: http::Uri = format!("{}/ping", server.url()).parse().expect("uri");
        let res = client.get(uri).await.expect("ping");
        let _ = res.into_body().collect().await;
        startups.push(t.elapsed());
        server.shutdown().await;
    }
    startups.sort();
    println!(
        "startup to first answer: median {:?} (min {:?}, max {:?})",
        startups[10], startups[0], startups[19]
    );

    // (b) throughput.
    let server = MockServer::builder()
        .no_global_limit()
        .route_limits(false)
        .log_requests(false)
        .start()
        .await;
    let ids: Arc<Vec<String>> = Arc::new(
        server
            .catalogue()
            .manga
            .iter()
            .take(50)
            .map(|m| m.id.to_string())
            .collect(),
    );
    let done = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for w in 0..64 {
        let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
        let base = server.url().to_owned();
        let (ids, done, errors) = (ids.clone(), done.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            let mut i = w;
            while Instant::now() < deadline {
                i += 1;
                let path = if i % 2 == 0 {
                    "/ping".to_owned()
                } else {
                    format!("/manga/{}", ids[i % ids.len()])
                };
                let uri: http::Uri = format!("{base}{path}").parse().expect("uri");
                match client.get(uri).await {
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
    println!(
        "throughput: {} requests in {:.2?} = {:.0} req/s (64 clients, half GET /ping, half GET /manga/{{id}}; {} errors)",
        n,
        start.elapsed(),
        n as f64 / start.elapsed().as_secs_f64(),
        errors.load(Ordering::Relaxed)
    );
}
