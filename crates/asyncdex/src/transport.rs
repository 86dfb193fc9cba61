//! The default transport: hyper-util's pooled client over rustls (ring provider, webpki
//! roots), HTTP/1.1 and HTTP/2.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::error::{Error, Result};

/// The default transport's type.
pub(crate) type HyperClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// Builds the default transport. `allow_http` permits plain `http://` (only used when the API
/// itself is on loopback, for tests against a local server). Needs no runtime.
pub(crate) fn hyper_client(allow_http: bool, connect_timeout: Duration) -> Result<HyperClient> {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_connect_timeout(Some(connect_timeout));
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
    let https = builder.enable_http1().enable_http2().wrap_connector(http);
    Ok(Client::builder(TokioExecutor::new())
        .pool_idle_timeout(Duration::from_secs(90))
        .build(https))
}
