//! How the stack treats a request: its token, retries, idempotence and rate-limit route.

use asyncdex_tower::ratelimit::Route;

use super::RequestBuilder;

impl RequestBuilder {
    /// Whether to send the session token (default: yes when the client has one and the URL is
    /// the API's). `false` sends no token even to the API.
    pub fn with_auth(mut self, with_auth: bool) -> Self {
        self.with_auth = Some(with_auth);
        self
    }

    /// How many times to retry this request after its first send (AsyncDex's `retries`: 3
    /// means up to 4 sends; 0 sends once).
    pub fn retries(mut self, retries: u32) -> Self {
        self.retries = Some(retries);
        self
    }

    /// Declares this `POST`/`PATCH` safe to send twice, so it is retried like a `GET`.
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// Tags the request with the route template it was built from, so the rate limiter looks
    /// its rule up instead of matching the path (typed endpoints do this).
    pub(crate) fn route(mut self, template: &'static str) -> Self {
        self.route = Some(Route(template));
        self
    }
}
