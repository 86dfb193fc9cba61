//! Clients that share MangaDex's limits through a `FileStore`, as the processes of one
//! machine do, against one fake server over loopback: the server sees one limit between them,
//! where clients that do not share it send twice as fast.

#[allow(
    dead_code,
    reason = "shared by several test files, each using part of it"
)]
mod support;

use std::sync::Arc;
use std::time::Duration;

use asyncdex::MangadexClient;
use asyncdex::http::Method;
use asyncdex::ratelimit::{FileStore, OnStoreFailure};
use asyncdex_mock::{Listener, MockServer};

use support::{TempDir, busiest_window, requests_on};

/// What the server saw: its busiest second, its 429s, and the pings that failed.
struct Seen {
    busiest: usize,
    limited: usize,
    failed: usize,
}

/// Two clients of `server`, sharing the state file `store` when given; each sends 15 pings
/// at once.
async fn two_clients(server: &MockServer, store: Option<&std::path::Path>) -> Seen {
    let client = || {
        // A window's margin covers the time between a reservation and the request's arrival,
        // which on a loaded machine is more than the default 50 ms. A 429 is not retried, so
        // the control run counts it and ends.
        let mut builder = MangadexClient::builder()
            .api_url(server.url())
            .auth_url(server.auth_url())
            .safety_margin(Duration::from_millis(250))
            .retries(0);
        if let Some(path) = store {
            builder = builder
                .ratelimit_backend(Arc::new(FileStore::new(path)), OnStoreFailure::ShareLocally);
        }
        builder.build().unwrap()
    };
    let sends = [client(), client()].into_iter().flat_map(|client| {
        (0..15).map(move |_| {
            let client = client.clone();
            tokio::spawn(async move { client.request(Method::GET, "/ping").send().await })
        })
    });
    let mut failed = 0;
    for send in sends.collect::<Vec<_>>() {
        failed += usize::from(send.await.expect("task").is_err());
    }
    let requests = requests_on(server, Listener::Api);
    let limited = requests.iter().filter(|r| r.status == Some(429)).count();
    let busiest = busiest_window(requests.iter().map(|r| r.at), Duration::from_secs(1));
    Seen {
        busiest,
        limited,
        failed,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_sharing_a_file_store_stay_under_one_global_limit() {
    let server = MockServer::builder().global_limit(5).start().await;
    let dir = TempDir::new("shared-limit");
    let seen = two_clients(&server, Some(&dir.0.join("limits"))).await;
    assert_eq!((seen.limited, seen.failed), (0, 0), "429s, failed pings");
    assert!(seen.busiest <= 5, "{} requests in one second", seen.busiest);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_that_do_not_share_go_over_it() {
    // The control: the same two clients, each with its own limiter only.
    let server = MockServer::builder()
        .global_limit(5)
        .ban_after(u32::MAX)
        .start()
        .await;
    let seen = two_clients(&server, None).await;
    assert!(seen.busiest > 5, "{} requests in one second", seen.busiest);
    assert!(seen.limited > 0, "no 429");
}
