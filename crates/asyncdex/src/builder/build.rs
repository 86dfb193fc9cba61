//! [`ClientBuilder::build`]: the client and its stack, from the options.

use std::sync::Arc;
use std::time::Duration;

use asyncdex_tower::Api;
use asyncdex_tower::ratelimit::RateLimitLayer;
use tower::Layer;

use super::{ClientBuilder, is_loopback, secure_base};
use crate::classify::HyperClassifier;
use crate::client::{ClientInner, MangadexClient};
use crate::error::Result;
use crate::report_url::check_report_url;
use crate::stack::{self, HttpService, Stack};
use crate::transport::Transport;

impl ClientBuilder {
    /// Builds the client and its stack. Needs no runtime.
    ///
    /// # Errors
    ///
    /// [`Error::is_invalid_input`](crate::Error::is_invalid_input) for an API, auth, report or
    /// uploads URL that is not `https://` (plain `http://` is accepted only on loopback, for
    /// tests), or a browser `User-Agent`.
    pub fn build(self) -> Result<MangadexClient> {
        let (api_base, auth_url) = self.urls()?;
        check_report_url(&self.report_url)?;
        let uploads_url = secure_base(&self.uploads_url, "uploads URL")?;
        let loopback = is_loopback(&api_base);
        let api = Api::new(api_base);
        let user_agent = self.user_agent_header()?;
        let auth = self.auth_layer(&api, auth_url);
        let auth_handle = auth.handle();

        let transport = match self.transport {
            Some(transport) => Transport::Custom(transport),
            None => Transport::hyper(loopback, self.connect_timeout, self.proxy.matcher()?)?,
        };
        let mut ratelimit = RateLimitLayer::builder();
        if let Some(pause) = self.slowdown_pause {
            ratelimit = ratelimit.slowdown_pause(pause);
        }
        if let Some((store, on_failure)) = &self.shared_limit {
            ratelimit = ratelimit
                .shared_store(Arc::clone(store))
                .on_store_failure(*on_failure);
        }
        if let Some(margin) = self.startup_margin {
            ratelimit = ratelimit.startup_margin(margin);
        }
        let ratelimit = ratelimit
            .api_base(api.clone())
            .ratelimits(self.ratelimits.unwrap_or_default())
            .sleep_on_ratelimit(self.sleep_on_ratelimit)
            .safety_margin(self.safety_margin.unwrap_or(Duration::from_millis(50)))
            .build();
        let limited = stack::limited(
            transport,
            user_agent,
            self.timeout,
            &ratelimit,
            &auth.stamp_layer(),
        );
        // Token calls go through the user layers too, over a second copy of the limited
        // transport: the retry and session layers are for requests only.
        let user_layers = |base: HttpService| self.layers.iter().rev().fold(base, |s, l| l(s));
        let auth = auth.token_client(user_layers(stack::http_service(limited.clone())));
        let retry = self
            .retry_layer
            .unwrap_or_default()
            .max_retries(self.retries)
            .classifier(HyperClassifier);
        let whole = retry.layer(auth.session_layer().layer(limited));
        // Without user layers the stack keeps its own type: no boxed future inside the
        // client's one, and its answers' bodies are read unboxed (see `Stack`).
        let service = if self.layers.is_empty() {
            Stack::new(whole)
        } else {
            Stack::new(user_layers(stack::http_service(whole)))
        };

        Ok(MangadexClient::from_inner(Arc::new(ClientInner {
            service,
            api,
            report_url: self.report_url,
            uploads_url: uploads_url.to_string().trim_end_matches('/').to_owned(),
            auth: auth_handle,
            ratelimit,
            sleep_on_ratelimit: self.sleep_on_ratelimit,
            max_body_size: self.max_body_size,
        })))
    }
}
