//! Connections through a proxy: an HTTP proxy (`CONNECT` tunnel) or SOCKS5, chosen per
//! destination by hyper-util's [`Matcher`] (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`,
//! `NO_PROXY`, as curl reads them).
//!
//! Every destination behind an `http://` proxy is reached through a `CONNECT` tunnel, so TLS
//! runs end to end from this client and the proxy sees only host names; a proxy that allows
//! `CONNECT` only to port 443 still carries all of MangaDex, which is https throughout.
//! `socks5://` and `socks5h://` proxies both resolve host names themselves. Loopback
//! destinations (`localhost`, `127.0.0.0/8`, `::1`) never go through a proxy.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::Uri;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::{SocksV5, Tunnel};
use hyper_util::client::proxy::matcher::{Intercept, Matcher};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower::{BoxError, Service};

/// A connector that reaches each destination directly or through the proxy the matcher
/// names for it. Cheap to clone.
#[derive(Clone)]
pub(crate) struct ProxyConnector {
    matcher: Arc<Matcher>,
    direct: HttpConnector,
}

type Connecting = Pin<Box<dyn Future<Output = Result<TokioIo<TcpStream>, BoxError>> + Send>>;

impl ProxyConnector {
    pub(crate) fn new(matcher: Matcher, direct: HttpConnector) -> Self {
        Self {
            matcher: Arc::new(matcher),
            direct,
        }
    }

    fn through(&self, proxy: &Intercept, dst: Uri) -> Connecting {
        let connector = self.direct.clone();
        let target = match with_port(&dst) {
            Ok(target) => target,
            Err(error) => return Box::pin(async move { Err(error) }),
        };
        match proxy.uri().scheme_str() {
            Some("http") => {
                let mut tunnel = Tunnel::new(proxy.uri().clone(), connector);
                if let Some(auth) = proxy.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                Box::pin(async move { tunnel.call(target).await.map_err(Into::into) })
            }
            Some("socks5" | "socks5h") => {
                let mut socks = SocksV5::new(proxy.uri().clone(), connector).local_dns(false);
                if let Some((user, password)) = proxy.raw_auth() {
                    socks = socks.with_auth(user.to_owned(), password.to_owned());
                }
                Box::pin(async move { socks.call(target).await.map_err(Into::into) })
            }
            other => {
                let scheme = other.unwrap_or("none").to_owned();
                Box::pin(async move {
                    Err(format!(
                        "unsupported proxy scheme `{scheme}`: use http:// or socks5:// (a proxy reached over TLS is not supported)"
                    )
                    .into())
                })
            }
        }
    }
}

/// `dst` with its port written out: a tunnel is opened to host and port, and a URI without a
/// port means the scheme's default.
fn with_port(dst: &Uri) -> Result<Uri, BoxError> {
    let host = dst.host().ok_or("a destination without a host")?;
    let port = dst
        .port_u16()
        .unwrap_or(if dst.scheme_str() == Some("http") {
            80
        } else {
            443
        });
    let scheme = dst.scheme_str().unwrap_or("https");
    Ok(format!("{scheme}://{host}:{port}").parse()?)
}

fn is_loopback(dst: &Uri) -> bool {
    let host = dst.host().unwrap_or_default();
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl Service<Uri> for ProxyConnector {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = Connecting;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.direct.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, dst: Uri) -> Self::Future {
        // A proxy's loopback is not ours: a server on this machine is always reached directly.
        let proxy = (!is_loopback(&dst))
            .then(|| self.matcher.intercept(&dst))
            .flatten();
        match proxy {
            Some(proxy) => self.through(&proxy, dst),
            None => {
                let connecting = self.direct.call(dst);
                Box::pin(async move { connecting.await.map_err(Into::into) })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use bytes::Bytes;
    use http::Request;
    use http_body_util::{BodyExt, Full};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;
    use tower::ServiceExt;

    use super::*;
    use crate::transport::Transport;

    /// A proxy on loopback that answers `CONNECT` and then, inside the tunnel, one request
    /// itself (`pong`); a plain request gets `pong` too. It keeps each request head it read.
    async fn proxy() -> (u16, Arc<Mutex<Vec<String>>>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let heads = Arc::new(Mutex::new(Vec::new()));
        let seen = heads.clone();
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let seen = seen.clone();
                tokio::spawn(async move {
                    let head = read_head(&mut stream).await;
                    let tunnel = head.starts_with("CONNECT ");
                    seen.lock().unwrap().push(head);
                    if tunnel {
                        stream
                            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                            .await
                            .unwrap();
                        let first = stream.read_u8().await.unwrap();
                        if first == 0x16 {
                            // A TLS handshake: this proxy has no server behind it, so it hangs up.
                            seen.lock().unwrap().push("TLS".to_owned());
                            return;
                        }
                        let inner = format!("{}{}", first as char, read_head(&mut stream).await);
                        seen.lock().unwrap().push(inner);
                    }
                    let pong = b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\npong";
                    stream.write_all(pong).await.unwrap();
                });
            }
        });
        (port, heads)
    }

    async fn read_head(stream: &mut TcpStream) -> String {
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            head.push(stream.read_u8().await.unwrap());
        }
        String::from_utf8(head).unwrap()
    }

    async fn get(transport: &Transport, url: &str) -> Bytes {
        let request = Request::get(url).body(Full::new(Bytes::new())).unwrap();
        let response = transport.clone().oneshot(request).await.unwrap();
        response.into_body().collect().await.unwrap().to_bytes()
    }

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
}
