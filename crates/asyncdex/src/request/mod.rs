//! [`RequestBuilder`]: the `request` of AsyncDex (the Python library), with every option.

use std::fmt;

use asyncdex_tower::ratelimit::Route;
use bytes::Bytes;
use http::{HeaderMap, Method};

use crate::client::MangadexClient;
use crate::problem::FirstProblem;

mod content;
mod options;
mod query;
mod read_body;
mod send;
mod target;
#[cfg(test)]
mod tests;
mod url_error;

pub(crate) use read_body::read_body;
use target::Target;

/// A request being built; send it with [`send`](Self::send) or
/// [`send_json`](Self::send_json).
///
/// Problems found while building (a bad URL, a header that is not valid, a body that does not
/// serialize) are kept and returned by `send` as
/// [`Error::is_invalid_input`](crate::Error::is_invalid_input): nothing is sent.
#[derive(Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct RequestBuilder {
    client: MangadexClient,
    method: Method,
    /// Where it goes, or why the URL was refused.
    target: std::result::Result<Target, String>,
    headers: HeaderMap,
    body: Option<Bytes>,
    with_auth: Option<bool>,
    retries: Option<u32>,
    idempotent: bool,
    route: Option<Route>,
    problem: FirstProblem,
}

impl RequestBuilder {
    pub(crate) fn new(client: MangadexClient, method: Method, url: &str) -> Self {
        let target = Target::resolve(client.api(), url);
        Self {
            client,
            method,
            target,
            headers: HeaderMap::new(),
            body: None,
            with_auth: None,
            retries: None,
            idempotent: false,
            route: None,
            problem: FirstProblem::default(),
        }
    }
}

impl fmt::Debug for RequestBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values and the body may carry secrets: show their presence only.
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("url", &self.target.as_ref().ok().map(|target| &target.text))
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .field("with_auth", &self.with_auth)
            .field("retries", &self.retries)
            .finish_non_exhaustive()
    }
}
