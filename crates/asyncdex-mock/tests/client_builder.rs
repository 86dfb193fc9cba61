//! `MockServer::client_builder`: a client of the mock sends everything to the mock's own
//! listeners (API, auth, image node, MD@Home reports, uploads) and nothing anywhere else.

use std::sync::{Arc, Mutex};

use asyncdex::model::ImageQuality;
use asyncdex::series::{Filters, NumberRange, SeriesOptions};
use asyncdex::{MangadexClient, RequestBody};
use asyncdex_mock::{Listener, MockServer};
use http::Request;
use tower::util::MapRequestLayer;

/// Every URL the client sent a request to (token calls included: they pass the user layers).
type Sent = Arc<Mutex<Vec<http::Uri>>>;

/// A client from `server.client_builder()` that records where each request goes.
fn recording_client(server: &MockServer) -> (MangadexClient, Sent) {
    let sent = Sent::default();
    let record = {
        let sent = sent.clone();
        MapRequestLayer::new(move |request: Request<RequestBody>| {
            sent.lock().unwrap().push(request.uri().clone());
            request
        })
    };
    let client = server.client_builder().layer(record).build().unwrap();
    (client, sent)
}

/// Every request went to one of the server's listeners.
fn assert_only_the_mock(server: &MockServer, sent: &Sent) {
    let own: Vec<String> = [
        server.url().to_owned(),
        server.auth_url(),
        server.image_url().to_owned(),
        server.image_url_443().to_owned(),
        server.report_url(),
        server.uploads_url().to_owned(),
    ]
    .iter()
    .map(|url| {
        url.parse::<http::Uri>()
            .unwrap()
            .authority()
            .unwrap()
            .to_string()
    })
    .collect();
    let sent = sent.lock().unwrap();
    assert!(!sent.is_empty());
    for uri in sent.iter() {
        let authority = uri.authority().map(ToString::to_string);
        assert!(
            authority.as_ref().is_some_and(|a| own.contains(a)),
            "{uri} is not the mock's"
        );
    }
}

fn on(server: &MockServer, listener: Listener) -> Vec<String> {
    server
        .requests()
        .into_iter()
        .filter(|request| request.listener == listener)
        .map(|request| request.path)
        .collect()
}

#[tokio::test]
async fn a_chapter_download_reports_to_the_mock() {
    let server = MockServer::start().await;
    let (client, sent) = recording_client(&server);
    let chapter = server.catalogue().chapter_with_pages().clone();
    let dir = std::env::temp_dir().join(format!("asyncdex-mock-client-{}", uuid::Uuid::new_v4()));

    let summary = client
        .download(chapter.id)
        .quality(ImageQuality::DataSaver)
        .dir(&dir)
        .run()
        .await
        .unwrap();
    summary.reports.flush().await;
    let _ = std::fs::remove_dir_all(&dir);

    assert_eq!(summary.pages, chapter.pages as usize);
    assert_eq!(server.reports().len(), chapter.pages as usize);
    assert_eq!(on(&server, Listener::Report).len(), chapter.pages as usize);
    assert_only_the_mock(&server, &sent);
}

#[tokio::test]
async fn a_series_download_takes_its_cover_from_the_mock() {
    let server = MockServer::start().await;
    let (client, sent) = recording_client(&server);
    let manga = server.catalogue().showcase_manga().id;
    let root = std::env::temp_dir().join(format!("asyncdex-mock-series-{}", uuid::Uuid::new_v4()));
    let mut options = SeriesOptions::default();
    options.filters = Filters {
        chapters: Some("1".parse::<NumberRange>().unwrap()),
        ..Filters::default()
    };
    options.cover = true;
    options.data_saver = true;

    let plan = client
        .series(manga)
        .root(&root)
        .options(options)
        .plan()
        .await
        .unwrap();
    let summary = plan.download(&client).run().await.unwrap();
    summary.reports.flush().await;
    let _ = std::fs::remove_dir_all(&root);

    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    assert!(summary.chapters >= 1);
    let covers = on(&server, Listener::Uploads);
    assert!(
        covers
            .iter()
            .any(|path| path.starts_with(&format!("/covers/{manga}/"))),
        "{covers:?}"
    );
    assert!(!server.reports().is_empty());
    assert_only_the_mock(&server, &sent);
}
