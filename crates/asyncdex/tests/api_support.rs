//! Shared by the `api_*` tests (included with `#[path]`): a mock with room for bursts and
//! clients that stay under its limits.
#![allow(dead_code)]

use std::time::Duration;

use asyncdex::MangadexClient;
use asyncdex::api::Operation;
use asyncdex_mock::{Listener, LoggedRequest, MockServer};
use asyncdex_tower::ratelimit::Ratelimits;
use asyncdex_tower::retry::RetryLayer;

pub(crate) async fn server() -> MockServer {
    MockServer::builder().global_limit(1000).start().await
}

pub(crate) fn builder(server: &MockServer) -> asyncdex::ClientBuilder {
    MangadexClient::builder()
        .api_url(server.url())
        .ratelimits(Ratelimits::default().with_global(500, Duration::from_secs(1)))
        .retry_layer(
            RetryLayer::new()
                .initial_backoff(Duration::from_millis(5))
                .max_backoff(Duration::from_millis(20))
                .seed(3),
        )
}

/// An anonymous client.
pub(crate) fn anonymous(server: &MockServer) -> MangadexClient {
    builder(server).build().unwrap()
}

/// A client logged in as the mock's default account.
pub(crate) fn user(server: &MockServer) -> MangadexClient {
    builder(server)
        .credentials(
            asyncdex_mock::DEFAULT_USERNAME,
            asyncdex_mock::DEFAULT_PASSWORD,
        )
        .build()
        .unwrap()
}

/// The requests the API listener saw (token calls included).
pub(crate) fn api_requests(server: &MockServer) -> Vec<LoggedRequest> {
    server
        .requests()
        .into_iter()
        .filter(|request| request.listener == Listener::Api)
        .collect()
}

/// The requests of one operation, in order.
pub(crate) fn requests_of(server: &MockServer, operation: Operation) -> Vec<LoggedRequest> {
    api_requests(server)
        .into_iter()
        .filter(|r| r.method == operation.method() && operation.matches(&r.path))
        .filter(|r| !is_more_specific(operation, &r.path))
        .collect()
}

/// True when another operation with the same method matches `path` with more literal
/// segments (e.g. `/manga/random` against `/manga/{id}`).
fn is_more_specific(operation: Operation, path: &str) -> bool {
    let literals = |o: &Operation| {
        o.template()
            .split('/')
            .filter(|s| !s.starts_with('{'))
            .count()
    };
    asyncdex::api::operations().iter().any(|other| {
        other.method() == operation.method()
            && other.matches(path)
            && literals(other) > literals(&operation)
    })
}

/// The query string of the last request of `operation`.
pub(crate) fn last_query(server: &MockServer, operation: Operation) -> String {
    requests_of(server, operation)
        .last()
        .and_then(|r| r.query.clone())
        .unwrap_or_default()
}
