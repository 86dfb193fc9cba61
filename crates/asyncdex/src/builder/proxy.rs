//! Where connections go: [`ClientBuilder::proxy`] and [`ClientBuilder::no_proxy`], and the
//! proxy matcher they give the transport.

use std::fmt;

use asyncdex_tower::auth::Secret;
use http::Uri;
use hyper_util::client::proxy::matcher::Matcher;

use super::{ClientBuilder, redact};
use crate::error::{Error, Result};

impl ClientBuilder {
    /// Sends every connection through this proxy: `http://[user:password@]host:port` (a
    /// `CONNECT` tunnel, so TLS still runs end to end) or `socks5://` / `socks5h://` (the proxy
    /// resolves names). Servers on loopback are always reached directly. Default: the proxies
    /// the environment names (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, as curl
    /// reads them). The URL's password never appears in `Debug` or errors.
    ///
    /// ```
    /// let client = asyncdex::MangadexClient::builder()
    ///     .proxy("socks5h://127.0.0.1:1080")
    ///     .build()?;
    /// # drop(client);
    /// # Ok::<(), asyncdex::Error>(())
    /// ```
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Proxy::To(Secret::new(url));
        self
    }

    /// Connects directly, whatever proxies the environment names.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = Proxy::Direct;
        self
    }
}

/// Where connections go: a proxy URL may hold a password, so it is kept as a [`Secret`].
pub(super) enum Proxy {
    FromEnv,
    Direct,
    To(Secret),
}

/// A URL as it may be shown in a message: any `user:password@` replaced by `***@`, and cut to
/// 200 characters.
impl Proxy {
    /// The proxies to use, by destination.
    pub(super) fn matcher(&self) -> Result<Matcher> {
        match self {
            Self::FromEnv => Ok(Matcher::from_env()),
            Self::Direct => Ok(Matcher::builder().build()),
            Self::To(url) => {
                let uri: Option<Uri> = url.expose().parse().ok();
                match uri.as_ref().and_then(Uri::scheme_str) {
                    Some("http" | "socks5" | "socks5h") => {
                        Ok(Matcher::builder().all(url.expose().to_owned()).build())
                    }
                    _ => Err(Error::invalid(format!(
                        "the proxy must be an http://, socks5:// or socks5h:// URL: {:?}",
                        redact(url.expose())
                    ))),
                }
            }
        }
    }
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::FromEnv => f.write_str("from the environment"),
            Self::Direct => f.write_str("none"),
            Self::To(url) => f.write_str(&redact(url.expose())),
        }
    }
}
