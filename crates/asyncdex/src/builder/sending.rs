//! How each request is sent: its `User-Agent`, timeouts, retries and the largest answer read.

use std::time::Duration;

use asyncdex_tower::retry::RetryLayer;
use http::header::HeaderValue;

use super::{ClientBuilder, DEFAULT_USER_AGENT};
use crate::error::{Error, Result};

impl ClientBuilder {
    /// The `User-Agent` to send (default [`DEFAULT_USER_AGENT`]). MangaDex asks for a real
    /// one: a browser's (anything starting `Mozilla/`) is refused at [`build`](Self::build).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How long one attempt may take to get its answer's head (default 30 s), and reading the
    /// body after it may take again (one timer per attempt serves both). Rate-limit waits and
    /// retry backoff are not part of it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long opening a connection may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How many times a failed request is retried by default (default 3: up to 4 sends);
    /// a request can say otherwise with [`RequestBuilder::retries`](crate::RequestBuilder::retries).
    pub fn retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// A retry layer of your own settings (backoff, budget, seed). Its retry count is
    /// replaced by [`retries`](Self::retries) and its classifier by the hyper-aware one.
    pub fn retry_layer(mut self, layer: RetryLayer) -> Self {
        self.retry_layer = Some(layer);
        self
    }

    /// The largest answer read into memory (default 32 MiB); larger ones fail with
    /// [`Error::is_body_too_large`].
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// The `User-Agent`, unless it pretends to be a browser or cannot be sent.
    pub(super) fn user_agent_header(&self) -> Result<HeaderValue> {
        if self.user_agent.trim_start().starts_with("Mozilla/") {
            return Err(Error::invalid(
                "MangaDex asks clients not to pretend to be a browser: choose a User-Agent that names your program",
            ));
        }
        if self.user_agent == DEFAULT_USER_AGENT {
            // A static value: the copy each request gets touches no count shared by the cores.
            return Ok(HeaderValue::from_static(DEFAULT_USER_AGENT));
        }
        HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::invalid("the User-Agent must be visible ASCII"))
    }
}
