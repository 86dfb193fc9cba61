//! Connecting through a proxy: a `CONNECT` tunnel through an HTTP proxy, or SOCKS5.

use http::Uri;
use hyper_util::client::legacy::connect::proxy::{SocksV5, Tunnel};
use hyper_util::client::proxy::matcher::Intercept;
use tower::{BoxError, Service};

use super::{Connecting, ProxyConnector};

impl ProxyConnector {
    pub(super) fn through(&self, proxy: &Intercept, dst: Uri) -> Connecting {
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
