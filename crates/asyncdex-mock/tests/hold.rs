//! `MockServer::hold`: matching requests wait, logged but unanswered, until the test releases
//! them (or drops the hold); other requests are answered meanwhile.

mod common;

use asyncdex_mock::{Listener, MockServer, RequestMatch};
use common::TestClient;
use http::StatusCode;

/// The statuses of the logged requests to `path`, in arrival order.
fn statuses(server: &MockServer, path: &str) -> Vec<Option<u16>> {
    server
        .requests()
        .into_iter()
        .filter(|request| request.path == path)
        .map(|request| request.status)
        .collect()
}

/// Sends `n` GETs of `url` in tasks of their own; their statuses come from the handles.
fn spawn_gets(url: &str, n: usize) -> Vec<tokio::task::JoinHandle<StatusCode>> {
    (0..n)
        .map(|_| {
            let url = url.to_owned();
            tokio::spawn(async move { TestClient::new().get(&url).await.status })
        })
        .collect()
}

#[tokio::test]
async fn held_requests_wait_until_released_and_others_go_on() {
    let server = MockServer::start().await;
    let manga = server.catalogue().manga[0].id;
    let path = format!("/manga/{manga}");
    let hold = server.hold(RequestMatch::new().route("/manga/{id}"));

    let held = spawn_gets(&format!("{}{path}", server.url()), 2);
    hold.wait_for_held(2).await;
    assert_eq!(hold.held(), 2);
    assert_eq!(
        statuses(&server, &path),
        [None, None],
        "logged, not answered"
    );
    let ping = TestClient::new()
        .get(&format!("{}/ping", server.url()))
        .await;
    assert_eq!(ping.status, 200, "a request the hold does not match");
    assert_eq!(statuses(&server, &path), [None, None]);

    hold.release();
    for request in held {
        assert_eq!(request.await.unwrap(), 200);
    }
    assert_eq!(statuses(&server, &path), [Some(200), Some(200)]);
    let again = TestClient::new()
        .get(&format!("{}{path}", server.url()))
        .await;
    assert_eq!(again.status, 200, "a released hold holds nothing new");
}

#[tokio::test]
async fn dropping_the_hold_lets_its_requests_go() {
    let server = MockServer::start().await;
    let hold = server.hold(RequestMatch::new().route("/ping"));
    let held = spawn_gets(&format!("{}/ping", server.url()), 1);
    hold.wait_for_held(1).await;
    drop(hold);
    for request in held {
        assert_eq!(request.await.unwrap(), 200);
    }
}

#[tokio::test]
async fn a_hold_is_scoped_to_its_listener() {
    let server = MockServer::start().await;
    let hold = server.hold(RequestMatch::new().on(Listener::Image).prefix("/data/"));
    let ping = TestClient::new()
        .get(&format!("{}/ping", server.url()))
        .await;
    assert_eq!(ping.status, 200);
    let chapter = server.catalogue().chapter_with_pages().clone();
    let page = format!(
        "{}/data/{}/{}",
        server.image_url(),
        chapter.hash,
        chapter.data_files()[0]
    );
    let held = spawn_gets(&page, 1);
    hold.wait_for_held(1).await;
    assert_eq!(hold.held(), 1);
    hold.release();
    for request in held {
        assert_eq!(request.await.unwrap(), 200);
    }
}
