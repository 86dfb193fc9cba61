//! The rate-limit layer over real TCP: 250 tasks through a 20 requests/second limit, counted by
//! a hyper server on 127.0.0.1 as the requests arrive.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use asyncdex_tower::ratelimit::{RateLimitLayer, Ratelimits};
use bytes::Bytes;
use http::{Request, Response, Uri};
use http_body_util::Empty;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;
use tower::{Layer, ServiceExt};

const LIMIT: u32 = 20;
const TASKS: usize = 250;

/// Starts a server that records the arrival time of every request; returns its base URI.
async fn recording_server(arrivals: Arc<Mutex<Vec<Instant>>>) -> Uri {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let arrivals = Arc::clone(&arrivals);
            let service = hyper::service::service_fn(move |_: Request<Incoming>| {
                arrivals.lock().unwrap().push(Instant::now());
                async { Ok::<_, Infallible>(Response::new(Empty::<Bytes>::new())) }
            });
            tokio::spawn(http1::Builder::new().serve_connection(TokioIo::new(stream), service));
        }
    });
    format!("http://{address}").parse().unwrap()
}

fn max_in_window(times: &[Instant], window: Duration) -> usize {
    let mut start = 0;
    let mut best = 0;
    for end in 0..times.len() {
        while times[end] - times[start] >= window {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_tasks_over_tcp_never_exceed_the_limit_and_use_the_allowance() {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let base = recording_server(Arc::clone(&arrivals)).await;
    let layer = RateLimitLayer::builder()
        .api_base(base.clone())
        .ratelimits(Ratelimits::default().with_global(LIMIT, Duration::from_secs(1)))
        // Loopback scheduling jitter between send and arrival stays well under this.
        .safety_margin(Duration::from_millis(20))
        .build();
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let service = layer.layer(client);
    let tasks: Vec<_> = (0..TASKS)
        .map(|index| {
            let service = service.clone();
            let uri = format!("{base}manga?offset={index}");
            tokio::spawn(async move {
                let request = Request::get(uri).body(Empty::new()).unwrap();
                service
                    .oneshot(request)
                    .await
                    .map(|response| response.status())
            })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap().unwrap().is_success());
    }
    let mut times = arrivals.lock().unwrap().clone();
    times.sort();
    assert_eq!(times.len(), TASKS);
    let busiest = max_in_window(&times, Duration::from_secs(1));
    assert!(
        busiest <= LIMIT as usize,
        "{busiest} requests arrived within one second"
    );
    // A perfect limiter sends 250 requests at 20/s in 12 whole windows after the first.
    let ideal = Duration::from_secs(((TASKS - 1) / LIMIT as usize) as u64);
    let actual = *times.last().unwrap() - times[0];
    let used = ideal.as_secs_f64() / actual.as_secs_f64();
    eprintln!(
        "busiest window {busiest}/{LIMIT}; allowance used {:.1} %",
        used * 100.0
    );
    assert!(
        used >= 0.95,
        "only {:.1} % of the allowance used",
        used * 100.0
    );
}
