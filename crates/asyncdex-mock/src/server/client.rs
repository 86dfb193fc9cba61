//! [`MockServer::client_builder`]: an `asyncdex` client aimed at every host of the server.

use super::MockServer;

impl MockServer {
    /// An [`asyncdex`] client builder aimed at this server: the API
    /// ([`url`](Self::url), which also serves the legacy `/auth/login` session), the OAuth
    /// token endpoint ([`auth_url`](Self::auth_url); revocation is found beside it), the
    /// MD@Home report endpoint ([`report_url`](Self::report_url)) and the uploads host
    /// ([`uploads_url`](Self::uploads_url)), so that nothing the client sends leaves this
    /// machine. Everything else is the client's default: anonymous, and MangaDex's rate
    /// limits (which this server enforces too). To log in, add the default account
    /// ([`DEFAULT_USERNAME`](crate::DEFAULT_USERNAME) and
    /// [`DEFAULT_PASSWORD`](crate::DEFAULT_PASSWORD)) with `.credentials(..)`, or the default
    /// OAuth client ([`DEFAULT_CLIENT_ID`](crate::DEFAULT_CLIENT_ID) and
    /// [`DEFAULT_CLIENT_SECRET`](crate::DEFAULT_CLIENT_SECRET)) with `.oauth_client(..)` too.
    ///
    /// ```
    /// use asyncdex_mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> asyncdex::Result<()> {
    /// let server = MockServer::start().await;
    /// let client = server
    ///     .client_builder()
    ///     .credentials(DEFAULT_USERNAME, DEFAULT_PASSWORD)
    ///     .build()?;
    /// client.login(None).await?;
    /// assert!(client.session_token().is_some());
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// Only with the `client` feature (on by default).
    pub fn client_builder(&self) -> asyncdex::ClientBuilder {
        asyncdex::MangadexClient::builder()
            .api_url(self.url())
            .auth_url(self.auth_url())
            .report_url(self.report_url())
            .uploads_url(self.uploads_url())
    }
}
