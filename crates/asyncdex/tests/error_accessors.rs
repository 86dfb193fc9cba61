//! What an `asyncdex::Error` tells a caller beyond its kind, against the fake server over
//! real TCP: the path of a timed-out request, the answer's `X-Request-ID`, the underlying
//! error behind `source()`, and `?` on a user's own I/O errors.

use std::error::Error as _;
use std::io;
use std::time::Duration;

use asyncdex::MangadexClient;
use asyncdex_mock::{FaultKind, FaultPlan, MockServer};
use http::Method;

#[tokio::test(start_paused = true)]
async fn a_timeout_names_the_request_it_was_for() {
    let server = MockServer::builder().start().await;
    let client = server
        .client_builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let delay = FaultKind::Delay(Duration::from_secs(3));
    server.set_faults(FaultPlan::new().always(Method::GET, "/manga/tag", delay));
    let error = client
        .request(Method::GET, "/manga/tag")
        .retries(0)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.path(), Some("/manga/tag"));
    assert!(error.to_string().contains("/manga/tag"), "{error}");
}

#[tokio::test]
async fn an_api_error_carries_the_answers_request_id() {
    let server = MockServer::builder().start().await;
    let client = server.client_builder().build().unwrap();
    let error = client
        .manga()
        .get(uuid::Uuid::nil())
        .send()
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    let id = error.request_id().expect("the answer's X-Request-ID");
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    // The API repeats the request id as its error objects' id.
    assert_eq!(error.api_errors()[0].id, id);
    assert!(format!("{error:?}").contains(id));
}

#[tokio::test]
async fn a_refused_connection_chains_to_the_io_error() {
    // A port nothing listens on: bound, then closed.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let client = MangadexClient::builder().api_url(url).build().unwrap();
    let error = client
        .request(Method::GET, "/ping")
        .retries(0)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    assert_eq!(error.path(), Some("/ping"));
    let mut source = error.source();
    let mut kinds = Vec::new();
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<io::Error>() {
            kinds.push(io.kind());
        }
        source = cause.source();
    }
    assert!(
        kinds.contains(&io::ErrorKind::ConnectionRefused),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_refused_login_chains_to_the_token_call() {
    let server = MockServer::builder().start().await;
    let client = server
        .client_builder()
        .credentials(asyncdex_mock::DEFAULT_USERNAME, "not-the-right-password")
        .build()
        .unwrap();
    let error = client.login(None).await.unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    let source = error.source().expect("the refused token call");
    let failed = source
        .downcast_ref::<asyncdex::TokenCallFailed>()
        .expect("a TokenCallFailed");
    assert!(failed.is_rejected());
    assert_eq!(error.path(), Some("/auth/login"));
}

/// A user's own function mixing the client's calls and file work, with `?` on both.
fn read_watch_list(path: &str) -> asyncdex::Result<String> {
    Ok(std::fs::read_to_string(path)?)
}

#[test]
fn a_users_io_error_becomes_an_asyncdex_error_with_question_mark() {
    let error = read_watch_list("/nonexistent/asyncdex/watch-list.txt").unwrap_err();
    assert!(error.is_io(), "{error:?}");
    assert!(!error.is_transport());
    let io = error
        .source()
        .and_then(|source| source.downcast_ref::<io::Error>())
        .expect("the io::Error");
    assert_eq!(io.kind(), io::ErrorKind::NotFound);
    assert!(error.to_string().starts_with("I/O error: "), "{error}");
}
