//! What a request carries: a JSON or raw body, and headers.

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use serde::Serialize;

use super::RequestBuilder;

impl RequestBuilder {
    /// Sends `value` as the JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => {
                self.body = Some(Bytes::from(body));
                self.headers
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            }
            Err(error) => self.problem.record(format!("the JSON body: {error}")),
        }
        self
    }

    /// Sends these bytes as the body, with this content type (a `&str`, a `String` or a
    /// [`HeaderValue`]).
    pub fn body<V>(mut self, content_type: V, body: impl Into<Bytes>) -> Self
    where
        HeaderValue: TryFrom<V>,
    {
        self.body = Some(body.into());
        match HeaderValue::try_from(content_type) {
            Ok(content_type) => {
                self.headers.insert(CONTENT_TYPE, content_type);
            }
            Err(_) => self.problem.record("invalid content type"),
        }
        self
    }

    /// Adds a header: names and values as `&str`, `String`, or `http`'s own types, as
    /// reqwest takes them. An invalid one is reported by `send`, which then sends nothing.
    ///
    /// ```
    /// # fn f(client: &asyncdex::MangadexClient) {
    /// use http::header::{ACCEPT_LANGUAGE, HeaderValue};
    /// let request = client
    ///     .request(http::Method::GET, "/manga")
    ///     .header("x-trace", format!("run-{}", 7))
    ///     .header(ACCEPT_LANGUAGE, HeaderValue::from_static("en"));
    /// # drop(request);
    /// # }
    /// ```
    pub fn header<K, V>(mut self, name: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        HeaderValue: TryFrom<V>,
    {
        match HeaderName::try_from(name) {
            Ok(name) => match HeaderValue::try_from(value) {
                Ok(value) => {
                    self.headers.append(name, value);
                }
                Err(_) => self
                    .problem
                    .record(format!("invalid value for header {name}")),
            },
            Err(_) => self.problem.record("invalid header name"),
        }
        self
    }
}
