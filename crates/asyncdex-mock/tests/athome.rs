//! The MD@Home flow: at-home server, image node, report endpoint.

mod common;

use asyncdex_mock::{Listener, MockServer};
use common::{TestClient, assert_schema};
use http::Method;
use serde_json::json;

#[tokio::test]
async fn at_home_images_and_reports() {
    let s = MockServer::builder().no_global_limit().start().await;
    let c = TestClient::new();
    let ch = s.catalogue().chapter_with_pages().clone();
    let a = c
        .get(&format!(
            "{}/at-home/server/{}?forcePort443=false",
            s.url(),
            ch.id
        ))
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("x-ratelimit-limit"), Some("40"));
    let v = a.json();
    assert_schema(&v, "AtHomeResponse");
    assert_schema(&v["chapter"], "AtHomeChapter");
    let base = v["baseUrl"].as_str().unwrap();
    assert_eq!(base, s.image_url());
    assert_ne!(s.image_url(), s.url());
    let hash = v["chapter"]["hash"].as_str().unwrap();
    let data: Vec<&str> = v["chapter"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    let saver: Vec<&str> = v["chapter"]["dataSaver"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(data.len(), ch.pages as usize);
    assert_eq!(saver.len(), ch.pages as usize);

    let mut caches = Vec::new();
    for (i, file) in data.iter().enumerate().take(4) {
        let full = c.get(&format!("{base}/data/{hash}/{file}")).await;
        assert_eq!(full.status, 200);
        assert_eq!(full.header("content-type"), Some("image/png"));
        assert_eq!(&full.body[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(
            full.header("content-length")
                .unwrap()
                .parse::<usize>()
                .unwrap(),
            full.body.len()
        );
        let again = c.get(&format!("{base}/data/{hash}/{file}")).await;
        assert_eq!(again.body, full.body, "deterministic bytes");
        let small = c
            .get(&format!("{base}/data-saver/{hash}/{}", saver[i]))
            .await;
        assert_eq!(small.header("content-type"), Some("image/jpeg"));
        assert_eq!(&small.body[..3], &[0xFF, 0xD8, 0xFF]);
        assert!(small.body.len() < full.body.len());
        let cache = full.header("x-cache").unwrap().to_owned();
        assert!(cache == "HIT" || cache == "MISS");
        assert_eq!(again.header("x-cache"), Some(cache.as_str()));
        caches.push(cache);
    }
    assert_eq!(
        c.get(&format!("{base}/data/{hash}/x999-nope.png"))
            .await
            .status,
        404
    );
    assert_eq!(
        c.get(&format!(
            "{base}/data/00000000000000000000000000000000/{}",
            data[0]
        ))
        .await
        .status,
        404
    );
    assert_eq!(
        c.get(&format!("{base}/data-saver/{hash}/{}", data[0]))
            .await
            .status,
        404,
        "png name is not a data-saver file"
    );

    // A bearer token must never reach the image host: it answers 403 and counts it.
    let leaked = c
        .send(
            Method::GET,
            &format!("{base}/data/{hash}/{}", data[0]),
            &[("authorization", "Bearer x")],
            "",
        )
        .await;
    assert_eq!(leaked.status, 403);

    let report = json!({"url": format!("{base}/data/{hash}/{}", data[0]), "success": true, "bytes": 1234, "duration": 56, "cached": true});
    let a = c.json(Method::POST, &s.report_url(), None, &report).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json(), json!({"result": "ok"}));
    let bad = c
        .json(Method::POST, &s.report_url(), None, &json!({"url": 1}))
        .await;
    assert_eq!(bad.status, 400);
    let reports = s.reports();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].bytes, 1234);
    assert!(reports[0].cached);

    let counters = s.counters();
    assert_eq!(counters.images_served, 12);
    assert_eq!(counters.reports, 1);
    assert_eq!(counters.leaked_tokens, 1);
    let log = s.requests();
    assert!(
        log.iter()
            .any(|r| r.listener == Listener::Report && r.method == Method::POST)
    );
    assert_eq!(
        log.iter().filter(|r| r.listener == Listener::Image).count(),
        16
    );
    assert!(
        log.iter()
            .filter(|r| r.listener == Listener::Image)
            .all(|r| r.status.is_some())
    );
}

#[tokio::test]
async fn external_chapters_have_no_at_home_server() {
    let s = MockServer::builder().no_global_limit().start().await;
    let c = TestClient::new();
    let ext = s
        .catalogue()
        .chapters
        .iter()
        .find(|c| c.external_url.is_some())
        .unwrap()
        .id;
    assert_eq!(
        c.get(&format!("{}/at-home/server/{ext}", s.url()))
            .await
            .status,
        404
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every page name is `x{n}-{SHA-256 of the served bytes}.{ext}`, in both renditions, and the
/// node serves a page under that exact name only.
#[tokio::test]
async fn page_names_carry_the_sha256_of_the_served_bytes() {
    let s = MockServer::builder().no_global_limit().start().await;
    let c = TestClient::new();
    let ch = s.catalogue().chapter_with_pages().clone();
    let v = c
        .get(&format!("{}/at-home/server/{}", s.url(), ch.id))
        .await
        .json();
    let base = v["baseUrl"].as_str().unwrap();
    for (kind, key, ext) in [("data", "data", "png"), ("data-saver", "dataSaver", "jpg")] {
        let names: Vec<&str> = v["chapter"][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert_eq!(names.len(), ch.pages as usize);
        let mut digests = std::collections::HashSet::new();
        for (i, name) in names.iter().enumerate() {
            let (n, rest) = name.strip_prefix('x').unwrap().split_once('-').unwrap();
            assert_eq!(n, (i + 1).to_string(), "{name}");
            let digest = rest.strip_suffix(&format!(".{ext}")).unwrap();
            assert_eq!(digest.len(), 64, "{name}");
            let page = c.get(&format!("{base}/{kind}/{}/{name}", ch.hash)).await;
            assert_eq!(page.status, 200, "{name}");
            assert_eq!(sha256_hex(&page.body), digest, "{kind} page {name}");
            assert!(digests.insert(digest.to_owned()), "pages differ");
        }
        // The right page number with another page's hash, or a well-formed name with a
        // made-up hash, is not a page.
        let swapped = format!("x1-{}", names[1].split_once('-').unwrap().1);
        let made_up = format!("x1-{}.{ext}", "ab".repeat(32));
        for wrong in [swapped, made_up] {
            let a = c.get(&format!("{base}/{kind}/{}/{wrong}", ch.hash)).await;
            assert_eq!(a.status, 404, "{wrong}");
        }
    }
    assert_eq!(s.counters().images_served, 2 * u64::from(ch.pages));
}

#[tokio::test]
async fn force_port_443_is_honoured_and_must_be_a_boolean() {
    let s = MockServer::builder().no_global_limit().start().await;
    let c = TestClient::new();
    let ch = s.catalogue().chapter_with_pages().clone();
    let at_home = |q: &str| format!("{}/at-home/server/{}{q}", s.url(), ch.id);
    for q in ["", "?forcePort443=false", "?forcePort443=0"] {
        let v = c.get(&at_home(q)).await.json();
        assert_eq!(v["baseUrl"], s.image_url(), "{q}");
    }
    for q in ["?forcePort443=true", "?forcePort443=1"] {
        let v = c.get(&at_home(q)).await.json();
        assert_eq!(v["baseUrl"], s.image_url_443(), "{q}");
    }
    assert_ne!(s.image_url_443(), s.image_url());
    // The port-443 listener is the same node: it serves the same pages.
    let v = c.get(&at_home("?forcePort443=true")).await.json();
    let (hash, file) = (&v["chapter"]["hash"], &v["chapter"]["data"][0]);
    let url = format!(
        "{}/data/{}/{}",
        s.image_url_443(),
        hash.as_str().unwrap(),
        file.as_str().unwrap()
    );
    assert_eq!(c.get(&url).await.status, 200);
    let port: u16 = s
        .image_url_443()
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let served = s.requests().into_iter().last().unwrap();
    assert_eq!(served.listener, Listener::Image);
    assert_eq!(served.local.port(), port);
    for bad in ["yes", "2", "", "TRUE1"] {
        let a = c.get(&at_home(&format!("?forcePort443={bad}"))).await;
        assert_eq!(
            common::assert_error(&a, 400),
            "validation_exception",
            "{bad}"
        );
    }
}

/// Decodes a page: (width, height, pixels).
fn decode(bytes: &[u8], png: bool) -> (u32, u32, Vec<u8>) {
    if png {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().expect("a PNG header");
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).expect("a decodable PNG");
        buf.truncate(info.buffer_size());
        (info.width, info.height, buf)
    } else {
        let mut decoder = jpeg_decoder::Decoder::new(bytes);
        let pixels = decoder.decode().expect("a decodable JPEG");
        let info = decoder.info().unwrap();
        (u32::from(info.width), u32::from(info.height), pixels)
    }
}

#[tokio::test]
async fn pages_are_real_decodable_images_each_different() {
    let s = MockServer::builder().no_global_limit().start().await;
    let c = TestClient::new();
    let ch = s.catalogue().chapter_with_pages().clone();
    let v = c
        .get(&format!("{}/at-home/server/{}", s.url(), ch.id))
        .await
        .json();
    let hash = v["chapter"]["hash"].as_str().unwrap();
    let mut seen = std::collections::HashSet::new();
    for (quality, key, png) in [("data", "data", true), ("data-saver", "dataSaver", false)] {
        for file in v["chapter"][key].as_array().unwrap().iter().take(5) {
            let file = file.as_str().unwrap();
            let a = c
                .get(&format!("{}/{quality}/{hash}/{file}", s.image_url()))
                .await;
            assert_eq!(a.status, 200);
            let (w, h, pixels) = decode(&a.body, png);
            assert!(w >= 100 && h > w, "{file}: {w}x{h}");
            assert_eq!(
                pixels.len(),
                (w * h) as usize,
                "{file}: one grey byte a pixel"
            );
            assert!(seen.insert(pixels), "{file}: every page differs");
            let range = if png { 20_000..=60_000 } else { 4_000..=12_000 };
            assert!(
                range.contains(&a.body.len()),
                "{file}: {} bytes",
                a.body.len()
            );
        }
    }
}
