//! Testing your own code with the fake MangaDex (`asyncdex-mock`): a fresh `MockServer` per
//! test, a client of it (`MockServer::client_builder`), faults injected on one route, and
//! assertions on what the server saw (its request log).
//!
//! `newest_chapters` is the code under test; the checks below it are written the way your
//! tests would be. `cargo test -p asyncdex --example testing` runs them as tests on paused
//! tokio time (retry backoffs and rate-limit pauses take no real time);
//! `cargo run -p asyncdex --example testing` runs the same checks once on the real clock. No
//! network: the fake server listens on 127.0.0.1.

use std::time::Duration;

use asyncdex::MangadexClient;
use asyncdex::api::ChapterOrder;
use asyncdex::http::{Method, StatusCode};
use asyncdex::model::{Language, OrderDirection};
use asyncdex::uuid::Uuid;
use asyncdex_mock::{FaultKind, FaultPlan, LoggedRequest, MockServer};

/// The code under test: a line for each of a manga's `n` newest English chapters, newest
/// first (`ch. 12: Dawn at the Archive`).
async fn newest_chapters(
    client: &MangadexClient,
    manga: Uuid,
    n: u32,
) -> asyncdex::Result<Vec<String>> {
    let feed = client
        .manga()
        .feed(manga)
        .translated_language([Language::English])
        .order(ChapterOrder::PublishAt, OrderDirection::Descending)
        .limit(n)
        .send()
        .await?;
    let line = |chapter: &asyncdex::model::Chapter| {
        let number = chapter.attributes.chapter.as_deref().unwrap_or("oneshot");
        let title = chapter.attributes.title.as_deref().unwrap_or("untitled");
        format!("ch. {number}: {title}")
    };
    Ok(feed.data.iter().map(line).collect())
}

/// The three newest English chapters of the fake server's showcase series.
const NEWEST_THREE: [&str; 3] = [
    "ch. 12: Dawn at the Archive",
    "ch. 11: Official Release: The Reading Room",
    "ch. oneshot: Side Story: Lantern Festival",
];

/// The route `newest_chapters` reads, as the fault rules name it.
const FEED: &str = "/manga/{id}/feed";

/// A fresh fake server with `faults`, an anonymous client of it, and its showcase series.
async fn set_up(faults: FaultPlan) -> (MockServer, MangadexClient, Uuid) {
    let server = MockServer::builder().faults(faults).start().await;
    let client = server.client_builder().build().expect("a client");
    let manga = server.catalogue().showcase_manga().id;
    (server, client, manga)
}

/// The requests to the feed route the server saw, oldest first.
fn feed_requests(server: &MockServer) -> Vec<LoggedRequest> {
    let requests = server.requests().into_iter();
    requests.filter(|r| r.path.ends_with("/feed")).collect()
}

/// One request, with the filters the function promises, and the answer in the right order.
async fn asks_once_for_what_it_needs() {
    let (server, client, manga) = set_up(FaultPlan::new()).await;
    let lines = newest_chapters(&client, manga, 3).await.unwrap();
    assert_eq!(lines, NEWEST_THREE);

    let seen = server.requests();
    assert_eq!(seen.len(), 1, "no login, no retry");
    assert_eq!(seen[0].method, Method::GET);
    assert_eq!(seen[0].path, format!("/manga/{manga}/feed"));
    let query = seen[0].query.as_deref().unwrap_or_default();
    let pairs: Vec<&str> = query.split('&').collect();
    for pair in [
        "translatedLanguage[]=en",
        "order[publishAt]=desc",
        "limit=3",
    ] {
        assert!(pairs.contains(&pair), "{pair} not in {query}");
    }
}

/// Two 503s from the feed route: the client retries, the caller sees the answer.
async fn survives_two_503s() {
    let faults = FaultPlan::new().first_n(Method::GET, FEED, 2, FaultKind::ServiceUnavailable);
    let (server, client, manga) = set_up(faults).await;
    let lines = newest_chapters(&client, manga, 3).await.unwrap();
    assert_eq!(lines, NEWEST_THREE);

    let faults: Vec<_> = feed_requests(&server).iter().map(|r| r.fault).collect();
    assert_eq!(faults, [Some("status_503"), Some("status_503"), None]);
}

/// A 429 with no header: the client pauses the API host for a window, then resends.
async fn waits_out_a_429() {
    let faults = FaultPlan::new().first_n(Method::GET, FEED, 1, FaultKind::TooManyRequests);
    let (server, client, manga) = set_up(faults).await;
    let lines = newest_chapters(&client, manga, 3).await.unwrap();
    assert_eq!(lines, NEWEST_THREE);

    let sent = feed_requests(&server);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].status, Some(429));
    assert!(
        sent[1].at - sent[0].at >= Duration::from_secs(1),
        "resent too soon"
    );
    assert_eq!(server.counters().early_retries, 0);
}

/// A feed that always fails: a typed error with its status, after a bounded number of tries.
async fn reports_a_dead_feed() {
    let faults = FaultPlan::new().always(Method::GET, FEED, FaultKind::InternalServerError);
    let (server, client, manga) = set_up(faults).await;
    let error = newest_chapters(&client, manga, 3).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert!(!error.is_not_found() && !error.is_ratelimit());
    assert_eq!(
        feed_requests(&server).len(),
        4,
        "the first try and three retries"
    );
}

#[tokio::main]
async fn main() {
    asks_once_for_what_it_needs().await;
    survives_two_503s().await;
    waits_out_a_429().await;
    reports_a_dead_feed().await;
    println!("newest_chapters: 4 checks passed");
}

#[cfg(test)]
mod tests {
    #[tokio::test(start_paused = true)]
    async fn asks_once_for_what_it_needs() {
        super::asks_once_for_what_it_needs().await;
    }

    #[tokio::test(start_paused = true)]
    async fn survives_two_503s() {
        super::survives_two_503s().await;
    }

    #[tokio::test(start_paused = true)]
    async fn waits_out_a_429() {
        super::waits_out_a_429().await;
    }

    #[tokio::test(start_paused = true)]
    async fn reports_a_dead_feed() {
        super::reports_a_dead_feed().await;
    }
}
