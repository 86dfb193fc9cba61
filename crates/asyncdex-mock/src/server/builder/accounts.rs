//! The knobs of accounts, OAuth clients and token lifetimes.

use std::time::Duration;

use super::MockServerBuilder;
#[cfg(doc)]
use super::{DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_USERNAME};

impl MockServerBuilder {
    /// Lifetime of legacy session tokens and OAuth access tokens (default 15 min).
    pub fn access_token_lifetime(mut self, d: Duration) -> Self {
        self.config.access_ttl = d;
        self
    }

    /// Lifetime of refresh tokens, legacy and OAuth (default 30 days).
    pub fn refresh_token_lifetime(mut self, d: Duration) -> Self {
        self.config.refresh_ttl = d;
        self
    }

    /// Adds an account (its e-mail is `{username}@example.org`). The default account
    /// ([`DEFAULT_USERNAME`] / [`DEFAULT_PASSWORD`]) always exists.
    pub fn user(mut self, username: &str, password: &str) -> Self {
        self.config.users.retain(|(u, _)| u != username);
        self.config
            .users
            .push((username.to_owned(), password.to_owned()));
        self
    }

    /// Adds an OAuth personal client. The default one ([`DEFAULT_CLIENT_ID`] /
    /// [`DEFAULT_CLIENT_SECRET`]) always exists.
    pub fn oauth_client(mut self, client_id: &str, secret: &str) -> Self {
        self.config.clients.retain(|(c, _)| c != client_id);
        self.config
            .clients
            .push((client_id.to_owned(), secret.to_owned()));
        self
    }
}
