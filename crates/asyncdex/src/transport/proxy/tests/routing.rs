//! Which connections go through the proxy (in a `CONNECT` tunnel, with its credentials) and
//! which are made directly.

use super::*;

#[tokio::test]
async fn requests_go_through_the_proxy_in_a_connect_tunnel_with_its_credentials() {
    let (port, heads) = proxy().await;
    let matcher = Matcher::builder()
        .all(format!("http://reader:s3cret@127.0.0.1:{port}"))
        .build();
    let transport = Transport::hyper(true, Duration::from_secs(5), matcher).unwrap();
    assert_eq!(
        get(&transport, "http://api.mangadex.test/ping").await,
        "pong"
    );
    let heads = heads.lock().unwrap().clone();
    assert!(
        heads[0].starts_with("CONNECT api.mangadex.test:80 HTTP/1.1\r\n"),
        "{heads:?}"
    );
    // base64("reader:s3cret")
    assert!(heads[0].contains("cmVhZGVyOnMzY3JldA=="), "{heads:?}");
    assert!(heads[1].starts_with("GET /ping HTTP/1.1\r\n"), "{heads:?}");
}

#[tokio::test]
async fn loopback_and_no_proxy_destinations_are_reached_directly() {
    let (port, heads) = proxy().await;
    let matcher = Matcher::builder()
        .all("http://127.0.0.1:9")
        .no("direct.test")
        .build();
    let transport = Transport::hyper(true, Duration::from_secs(5), matcher).unwrap();
    // The "proxy" at port 9 would refuse: reaching the server at all proves the bypass.
    assert_eq!(
        get(&transport, &format!("http://127.0.0.1:{port}/ping")).await,
        "pong"
    );
    assert!(heads.lock().unwrap()[0].starts_with("GET /ping HTTP/1.1\r\n"));
    let connector = ProxyConnector::new(
        Matcher::builder()
            .all("http://127.0.0.1:9")
            .no("direct.test")
            .build(),
        HttpConnector::new(),
    );
    assert!(
        connector
            .matcher
            .intercept(&Uri::from_static("http://direct.test/"))
            .is_none()
    );
    assert!(
        connector
            .matcher
            .intercept(&Uri::from_static("http://other.test/"))
            .is_some()
    );
}
