//! A builder's `Debug`: its options, with secrets hidden.

use std::fmt;

use super::ClientBuilder;

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_url", &self.api_url)
            .field("auth_url", &self.auth_url)
            .field("report_url", &self.report_url)
            .field("uploads_url", &self.uploads_url)
            .field("credentials", &self.credentials)
            .field("refresh_token", &self.refresh_token)
            .field("oauth_client", &self.oauth_client)
            .field("anonymous", &self.anonymous)
            .field("sleep_on_ratelimit", &self.sleep_on_ratelimit)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("retries", &self.retries)
            .field("layers", &self.layers.len())
            .field("custom_transport", &self.transport.is_some())
            .field("proxy", &self.proxy)
            .field("shared_limit", &self.shared_limit)
            .finish_non_exhaustive()
    }
}
