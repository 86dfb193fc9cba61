//! The client builder's proxy, and proxies that are refused.

use super::*;

#[tokio::test]
async fn a_proxy_over_tls_is_refused_with_a_clear_error() {
    let matcher = Matcher::builder().all("https://127.0.0.1:9").build();
    let transport = Transport::hyper(true, Duration::from_secs(5), matcher).unwrap();
    let request = Request::get("http://api.mangadex.test/ping")
        .body(Full::new(Bytes::new()))
        .unwrap();
    let error = transport.oneshot(request).await.unwrap_err();
    let chain = std::iter::successors(Some(&*error as &dyn std::error::Error), |e| e.source())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ");
    assert!(
        chain.contains("unsupported proxy scheme `https`"),
        "{chain}"
    );
}

#[tokio::test]
async fn the_client_builder_sends_connections_through_its_proxy_and_hides_its_password() {
    let (port, heads) = proxy().await;
    let builder = crate::MangadexClient::builder()
        .api_url("https://api.mangadex.test")
        .retries(0)
        .proxy(format!("http://reader:s3cret@127.0.0.1:{port}"));
    let shown = format!("{builder:?}");
    assert!(
        !shown.contains("s3cret") && shown.contains("127.0.0.1"),
        "{shown}"
    );
    let client = builder.build().unwrap();
    // The fake proxy hangs up on the TLS handshake: the call fails, after the tunnel was
    // asked for the API's host and TLS started inside it.
    let error = client.ping().send().await.unwrap_err();
    assert!(!format!("{error:?}{error}").contains("s3cret"));
    let heads = heads.lock().unwrap().clone();
    assert!(
        heads[0].starts_with("CONNECT api.mangadex.test:443 HTTP/1.1\r\n"),
        "{heads:?}"
    );

    let refused = crate::MangadexClient::builder()
        .proxy("ftp://user:hidden@proxy.test")
        .build()
        .unwrap_err();
    assert!(refused.is_invalid_input());
    assert!(!refused.to_string().contains("hidden"), "{refused}");
}
