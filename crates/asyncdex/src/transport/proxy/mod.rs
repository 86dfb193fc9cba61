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
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower::{BoxError, Service};

#[cfg(test)]
mod tests;
mod tunnel;

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
