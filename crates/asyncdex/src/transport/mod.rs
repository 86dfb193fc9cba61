//! The transport under the stack: hyper-util's pooled client over rustls (ring provider,
//! webpki roots; the `rustls-ring` feature), HTTP/1.1 and HTTP/2 (the `http2` feature),
//! through the proxy the environment names if any, or a service the user gave in its place.

mod proxy;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{Either, Full};
use hyper::body::Incoming;
#[cfg(feature = "rustls-ring")]
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioExecutor;
use tower::{BoxError, Service};

use crate::error::{Error, Result};
use crate::stack::{HttpService, RequestBody, ResponseBody};

use self::proxy::ProxyConnector;

/// The default transport's connector: TLS (when built with it) over the proxy-aware TCP one.
#[cfg(feature = "rustls-ring")]
type Connector = HttpsConnector<ProxyConnector>;
#[cfg(not(feature = "rustls-ring"))]
type Connector = ProxyConnector;

/// The default transport's client.
type HyperClient = Client<Connector, Full<Bytes>>;

/// The service at the bottom of the stack. Every layer above clones it for each request, so
/// it is cheap to clone: the default client sits behind one `Arc` (a hyper-util `Client`
/// clone touches about seven reference counts), and neither kind allocates when cloned.
#[derive(Clone)]
pub(crate) enum Transport {
    /// The default client; always ready, called through `&self`.
    Hyper(Arc<HyperClient>),
    /// A transport given to [`ClientBuilder::service`](crate::ClientBuilder::service).
    Custom(HttpService),
}

/// A response body from either kind of transport.
pub(crate) type TransportBody = Either<Incoming, ResponseBody>;

impl Transport {
    /// Builds the default transport. `allow_http` permits plain `http://` (only used when the
    /// API itself is on loopback, for tests against a local server). Connections go through
    /// the proxies `matcher` names. Needs no runtime.
    pub(crate) fn hyper(
        allow_http: bool,
        connect_timeout: Duration,
        matcher: Matcher,
    ) -> Result<Self> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(connect_timeout));
        let connector = tls(ProxyConnector::new(matcher, http), allow_http)?;
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(connector);
        Ok(Self::Hyper(Arc::new(client)))
    }
}

/// rustls over `connector` (ring provider, webpki roots), HTTP/1.1 and, with the `http2`
/// feature, HTTP/2 by ALPN; plain `http://` too when `allow_http`.
#[cfg(feature = "rustls-ring")]
#[allow(
    deprecated,
    reason = "ring, chosen because it builds much faster than aws-lc-rs; rustls 0.23.48 deprecates it only for lacking post-quantum key exchange"
)]
fn tls(connector: ProxyConnector, allow_http: bool) -> Result<Connector> {
    // The crypto provider is chosen explicitly: rustls panics at run time when it has to
    // guess between several compiled-in providers.
    let builder = HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
        .map_err(|error| Error::invalid(format!("TLS configuration: {error}")))?;
    let builder = if allow_http {
        builder.https_or_http()
    } else {
        builder.https_only()
    };
    let builder = builder.enable_http1();
    #[cfg(feature = "http2")]
    let builder = builder.enable_http2();
    Ok(builder.wrap_connector(connector))
}

/// Without TLS compiled in, plain `http://` only (a test server on loopback).
#[cfg(not(feature = "rustls-ring"))]
fn tls(connector: ProxyConnector, allow_http: bool) -> Result<Connector> {
    if allow_http {
        Ok(connector)
    } else {
        Err(Error::invalid(
            "this build of asyncdex has no TLS: enable its `rustls-ring` feature to reach an https:// API",
        ))
    }
}

impl Service<Request<RequestBody>> for Transport {
    type Response = Response<TransportBody>;
    type Error = BoxError;
    type Future = TransportFuture;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        match self {
            // hyper-util's client waits for a connection inside the response future.
            Self::Hyper(_) => Poll::Ready(Ok(())),
            Self::Custom(service) => service.poll_ready(cx),
        }
    }

    fn call(&mut self, request: Request<RequestBody>) -> Self::Future {
        match self {
            Self::Hyper(client) => TransportFuture::Hyper(client.request(request)),
            Self::Custom(service) => TransportFuture::Custom(service.call(request)),
        }
    }
}

/// The response future of [`Transport`].
pub(crate) enum TransportFuture {
    Hyper(hyper_util::client::legacy::ResponseFuture),
    Custom(<HttpService as Service<Request<RequestBody>>>::Future),
}

impl Future for TransportFuture {
    type Output = Result<Response<TransportBody>, BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Both futures are boxed inside, hence `Unpin`: no projection needed.
        match self.get_mut() {
            Self::Hyper(future) => Pin::new(future).poll(cx).map(|result| {
                result
                    .map(|response| response.map(Either::Left))
                    .map_err(Into::into)
            }),
            Self::Custom(future) => Pin::new(future)
                .poll(cx)
                .map(|result| result.map(|response| response.map(Either::Right))),
        }
    }
}
