//! Where the server's hosts are: the URL of each listener, and the environment that aims a
//! client at them.

use super::MockServer;
#[cfg(doc)]
use crate::log::LoggedRequest;
use crate::state::{REALM_PATH, TOKEN_PATH};

impl MockServer {
    /// API base URL, `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.state.urls.api
    }

    /// Full URL of the OAuth token endpoint. It lives on its own listener (the "auth host"),
    /// at `/realms/mangadex/protocol/openid-connect/token` as on auth.mangadex.org.
    pub fn auth_url(&self) -> String {
        format!("{}{TOKEN_PATH}", self.state.urls.auth_base)
    }

    /// The Keycloak realm on the auth host, `http://127.0.0.1:PORT/realms/mangadex` (the
    /// OpenID issuer): its discovery document is at
    /// `{realm_url}/.well-known/openid-configuration`, and names the token, revocation and
    /// end-session endpoints.
    pub fn realm_url(&self) -> String {
        format!("{}{REALM_PATH}", self.state.urls.auth_base)
    }

    /// Base URL of the image node (what `/at-home/server/{id}` returns as `baseUrl`).
    pub fn image_url(&self) -> &str {
        &self.state.urls.image
    }

    /// Base URL of the image node for clients that ask `/at-home/server/{id}` with
    /// `forcePort443=true`. On MangaDex that answer names a node on the standard HTTPS port
    /// 443 (for networks that block other ports); loopback tests cannot bind port 443, so here
    /// it is a second listener of the same node, serving the same pages: a client that asked
    /// for port 443 is told this URL, and [`LoggedRequest::local`] shows which one it used.
    pub fn image_url_443(&self) -> &str {
        &self.state.urls.image_443
    }

    /// Full URL of the MD@Home report endpoint (`POST`), on its own listener.
    pub fn report_url(&self) -> String {
        format!("{}/report", self.state.urls.report_base)
    }

    /// Base URL of the uploads host (`https://uploads.mangadex.org` on MangaDex), no trailing
    /// slash: covers are at `{uploads_url}/covers/{manga id}/{file name}`, thumbnails at the
    /// same path plus `.256.jpg` or `.512.jpg`.
    pub fn uploads_url(&self) -> &str {
        &self.state.urls.uploads
    }

    /// The settings that aim a client at this server, as the environment variables that
    /// `asyncdex`'s `ClientBuilder::read_env` (and so the `asyncdex` program) reads:
    /// `ASYNCDEX_API_URL`, `ASYNCDEX_AUTH_URL` (the token endpoint), `ASYNCDEX_REPORT_URL`
    /// and `ASYNCDEX_UPLOADS_URL`, as `(variable, value)`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = asyncdex_mock::MockServer::start().await;
    /// for (name, value) in server.client_env() {
    ///     println!("export {name}={value}");
    /// }
    /// # }
    /// ```
    pub fn client_env(&self) -> [(&'static str, String); 4] {
        [
            ("ASYNCDEX_API_URL", self.url().to_owned()),
            ("ASYNCDEX_AUTH_URL", self.auth_url()),
            ("ASYNCDEX_REPORT_URL", self.report_url()),
            ("ASYNCDEX_UPLOADS_URL", self.uploads_url().to_owned()),
        ]
    }
}
