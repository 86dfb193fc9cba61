//! [`ClientBuilder`]: every option of a [`MangadexClient`](crate::MangadexClient).

use std::sync::Arc;
use std::time::Duration;

use asyncdex_tower::auth::{Credentials, Secret};
use asyncdex_tower::ratelimit::{OnStoreFailure, Ratelimits, SharedStore};
use asyncdex_tower::retry::RetryLayer;

use crate::report_url::DEFAULT_REPORT_URL;
use crate::stack::{HttpService, UserLayer};

mod account;
mod build;
mod debug;
mod endpoints;
mod env;
mod layers;
mod proxy;
mod ratelimit;
mod sending;
#[cfg(test)]
mod tests;
mod url_check;

use proxy::Proxy;
use url_check::is_loopback;
pub(crate) use url_check::{redact, secure_base};

/// The MangaDex API ([`MANGADEX_API_URL`](asyncdex_tower::MANGADEX_API_URL)).
pub const DEFAULT_API_URL: &str = asyncdex_tower::MANGADEX_API_URL;
/// MangaDex's OAuth2 token endpoint (personal clients).
pub const DEFAULT_AUTH_URL: &str =
    "https://auth.mangadex.org/realms/mangadex/protocol/openid-connect/token";
/// MangaDex's uploads host, where covers live (`{uploads}/covers/{manga id}/{file name}`).
pub const DEFAULT_UPLOADS_URL: &str = "https://uploads.mangadex.org";
/// The `User-Agent` sent unless another is set: this library, its version and where it lives.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "asyncdex/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/asyncdex/asyncdex)"
);
/// The largest answer read into memory unless another cap is set (32 MiB).
pub const DEFAULT_MAX_BODY_SIZE: usize = 32 * 1024 * 1024;

/// Builds a [`MangadexClient`](crate::MangadexClient). Get one from
/// [`MangadexClient::builder`](crate::MangadexClient::builder).
///
/// Building needs no Tokio runtime; the client needs one when it sends.
#[must_use]
pub struct ClientBuilder {
    api_url: String,
    auth_url: String,
    report_url: String,
    uploads_url: String,
    credentials: Option<Credentials>,
    refresh_token: Option<Secret>,
    oauth_client: Option<(String, Secret)>,
    anonymous: bool,
    sleep_on_ratelimit: bool,
    user_agent: String,
    timeout: Duration,
    connect_timeout: Duration,
    retries: u32,
    retry_layer: Option<RetryLayer>,
    ratelimits: Option<Ratelimits>,
    safety_margin: Option<Duration>,
    startup_margin: Option<Duration>,
    slowdown_pause: Option<Duration>,
    shared_limit: Option<(Arc<dyn SharedStore>, OnStoreFailure)>,
    max_body_size: usize,
    layers: Vec<UserLayer>,
    transport: Option<HttpService>,
    proxy: Proxy,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            api_url: DEFAULT_API_URL.to_owned(),
            auth_url: DEFAULT_AUTH_URL.to_owned(),
            report_url: DEFAULT_REPORT_URL.to_owned(),
            uploads_url: DEFAULT_UPLOADS_URL.to_owned(),
            credentials: None,
            refresh_token: None,
            oauth_client: None,
            anonymous: false,
            sleep_on_ratelimit: true,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retries: 3,
            retry_layer: None,
            ratelimits: None,
            safety_margin: None,
            startup_margin: None,
            slowdown_pause: None,
            shared_limit: None,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            layers: Vec::new(),
            transport: None,
            proxy: Proxy::FromEnv,
        }
    }
}
