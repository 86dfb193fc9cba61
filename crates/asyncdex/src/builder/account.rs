//! Who the client is: credentials, a saved refresh token, an OAuth2 personal client or
//! anonymous mode, and the auth layer they make.

use asyncdex_tower::Api;
use asyncdex_tower::auth::{AuthLayer, Credentials, OAuthSource, Secret};
use http::Uri;

use super::ClientBuilder;

impl ClientBuilder {
    /// The account to log in with: username and password together, by construction.
    pub fn credentials(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials = Some(Credentials::username(username, Secret::new(password)));
        self
    }

    /// A refresh token saved by an earlier run: the client refreshes with it instead of
    /// logging in.
    pub fn refresh_token(mut self, token: impl Into<String>) -> Self {
        self.refresh_token = Some(Secret::new(token));
        self
    }

    /// Authenticates as an OAuth2 personal client (today's MangaDex login) instead of the
    /// legacy `/auth/login` session.
    pub fn oauth_client(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.oauth_client = Some((client_id.into(), Secret::new(client_secret)));
        self
    }

    /// Anonymous mode: any credentials or refresh token given to this builder are dropped, so no
    /// token is sent (until an explicit [`MangadexClient::login`](crate::MangadexClient::login)
    /// with credentials).
    pub fn anonymous(mut self, anonymous: bool) -> Self {
        self.anonymous = anonymous;
        self
    }

    /// The auth layer of the chosen flow, holding the credentials and refresh token given
    /// (none when anonymous).
    pub(super) fn auth_layer(&self, api: &Api, auth_url: Uri) -> AuthLayer {
        let auth = match &self.oauth_client {
            Some((client_id, secret)) => AuthLayer::oauth(
                api.clone(),
                OAuthSource::new(client_id.clone(), secret.clone()).token_url(auth_url),
            ),
            None => AuthLayer::legacy(api.clone()),
        };
        if !self.anonymous {
            let handle = auth.handle();
            if let Some(credentials) = &self.credentials {
                handle.set_credentials(credentials.clone());
            }
            if let Some(token) = &self.refresh_token {
                handle.set_refresh_token(Some(token.clone()));
            }
        }
        auth
    }
}
