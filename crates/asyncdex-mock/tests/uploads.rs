//! The uploads host: covers and their thumbnails, 404s, the "no token here" rule, the log and
//! faults on its listener.

mod common;

use asyncdex_mock::{FaultKind, FaultPlan, FaultRule, Listener, MockServer};
use common::TestClient;
use http::Method;

/// Decodes a JPEG: its width and height.
fn jpeg_size(bytes: &[u8]) -> (u16, u16) {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let pixels = decoder.decode().expect("a decodable JPEG");
    let info = decoder.info().unwrap();
    assert_eq!(
        pixels.len(),
        usize::from(info.width) * usize::from(info.height)
    );
    (info.width, info.height)
}

#[tokio::test]
async fn covers_and_thumbnails_are_served() {
    let s = MockServer::builder().no_global_limit().start().await;
    let c = TestClient::new();
    let manga = s.catalogue().showcase_manga().id;
    // As a client would: the file name from the API, the file from the uploads host.
    let v = c
        .get(&format!("{}/cover?manga[]={manga}&limit=10", s.url()))
        .await
        .json();
    let files: Vec<&str> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["attributes"]["fileName"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 4);
    let base = format!("{}/covers/{manga}", s.uploads_url());
    assert_ne!(s.uploads_url(), s.image_url());
    let mut bodies = std::collections::HashSet::new();
    for file in &files {
        let mut sizes = Vec::new();
        for suffix in ["", ".512.jpg", ".256.jpg"] {
            let url = format!("{base}/{file}{suffix}");
            let a = c.get(&url).await;
            assert_eq!(a.status, 200, "{url}");
            assert_eq!(a.header("content-type"), Some("image/jpeg"));
            let (width, height) = jpeg_size(&a.body);
            assert!(height > width, "portrait: {url}");
            match suffix {
                ".512.jpg" => assert_eq!(width, 512, "{url}"),
                ".256.jpg" => assert_eq!(width, 256, "{url}"),
                _ => assert!(width > 512, "{url}"),
            }
            assert_eq!(c.get(&url).await.body, a.body, "deterministic: {url}");
            sizes.push(a.body.len());
            assert!(bodies.insert(a.body), "each rendition differs: {url}");
        }
        assert!(sizes[0] > sizes[1] && sizes[1] > sizes[2], "{sizes:?}");
    }
    assert_eq!(s.counters().covers_served, 24);
    let log = s.requests();
    let uploads: Vec<_> = log
        .iter()
        .filter(|r| r.listener == Listener::Uploads)
        .collect();
    assert_eq!(uploads.len(), 24);
    assert!(uploads.iter().all(|r| r.status == Some(200)));
    assert_eq!(s.counters().requests_by_listener[&Listener::Uploads], 24);
    assert_eq!(Listener::Uploads.name(), "uploads");
}

#[tokio::test]
async fn unknown_covers_are_404() {
    let s = MockServer::builder().no_global_limit().start().await;
    let c = TestClient::new();
    let cat = s.catalogue();
    let (mine, other) = (cat.showcase_manga(), &cat.manga[1]);
    let file = &cat.cover_by_id(&mine.cover).unwrap().file_name;
    let up = s.uploads_url();
    let missing = [
        format!("{up}/covers/{}/{file}", other.id),
        format!("{up}/covers/{}/{file}", uuid::Uuid::new_v4()),
        format!("{up}/covers/{}/nope.jpg", mine.id),
        format!("{up}/covers/{}/{file}.128.jpg", mine.id),
        format!("{up}/covers/{}/{file}.256.jpg.256.jpg", mine.id),
        format!("{up}/covers/not-a-uuid/{file}"),
        format!("{up}/covers/{}", mine.id),
        format!("{up}/data/{}/{file}", mine.id),
    ];
    for url in &missing {
        assert_eq!(c.get(url).await.status, 404, "{url}");
    }
    let ok = format!("{up}/covers/{}/{file}", mine.id);
    assert_eq!(c.get(&ok).await.status, 200);
    let post = c.send(Method::POST, &ok, &[], "").await;
    assert_eq!(post.status, 405);
    assert_eq!(s.counters().covers_served, 1);
}

#[tokio::test]
async fn a_bearer_token_is_refused_and_counted() {
    for reject in [true, false] {
        let s = MockServer::builder()
            .no_global_limit()
            .reject_tokens_on_image_hosts(reject)
            .start()
            .await;
        let c = TestClient::new();
        let m = s.catalogue().showcase_manga();
        let file = &s.catalogue().cover_by_id(&m.cover).unwrap().file_name;
        let url = format!("{}/covers/{}/{file}.512.jpg", s.uploads_url(), m.id);
        let a = c
            .send(Method::GET, &url, &[("authorization", "Bearer secret")], "")
            .await;
        assert_eq!(a.status, if reject { 403 } else { 200 });
        let counters = s.counters();
        assert_eq!(counters.leaked_tokens, 1);
        assert_eq!(counters.covers_served, u64::from(!reject));
        let logged = s.requests();
        assert_eq!(logged[0].listener, Listener::Uploads);
        assert_eq!(logged[0].authorization(), Some("Bearer secret"));
    }
}

#[tokio::test]
async fn faults_can_target_the_uploads_host() {
    let plan = FaultPlan::new().rule(
        FaultRule::new(FaultKind::ServiceUnavailable)
            .on(Listener::Uploads)
            .prefix("/covers/")
            .times(1),
    );
    let s = MockServer::builder()
        .no_global_limit()
        .faults(plan)
        .start()
        .await;
    let c = TestClient::new();
    let m = s.catalogue().showcase_manga();
    let file = &s.catalogue().cover_by_id(&m.cover).unwrap().file_name;
    let url = format!("{}/covers/{}/{file}", s.uploads_url(), m.id);
    assert_eq!(c.get(&url).await.status, 503);
    assert_eq!(c.get(&url).await.status, 200);
}
