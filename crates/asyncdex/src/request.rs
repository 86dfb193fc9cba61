//! [`RequestBuilder`]: the seed's `request`, with every option.

use std::fmt;

use asyncdex_tower::auth::WithAuth;
use asyncdex_tower::retry::{Idempotent, Retries};
use bytes::{Bytes, BytesMut};
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use http::{HeaderMap, Method, Request, Uri};
use http_body::Body as _;
use http_body_util::{BodyExt, Full};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tower::ServiceExt;

use crate::client::MangadexClient;
use crate::error::{Error, Result};
use crate::query::{array_key, push_pair};
use crate::response::ApiResponse;
use crate::stack::ResponseBody;

/// A request being built; send it with [`send`](Self::send) or
/// [`send_json`](Self::send_json).
///
/// Problems found while building (a bad URL, a header that is not valid, a body that does not
/// serialize) are kept and returned by `send` as [`Error::InvalidInput`]: nothing is sent.
#[must_use = "a request does nothing until it is sent"]
pub struct RequestBuilder {
    client: MangadexClient,
    method: Method,
    url: Result<String>,
    query: String,
    headers: HeaderMap,
    body: Option<Bytes>,
    with_auth: Option<bool>,
    retries: Option<u32>,
    idempotent: bool,
    problem: Option<Error>,
}

impl RequestBuilder {
    pub(crate) fn new(client: MangadexClient, method: Method, url: &str) -> Self {
        let url = resolve(client.api_base(), url);
        Self {
            client,
            method,
            url,
            query: String::new(),
            headers: HeaderMap::new(),
            body: None,
            with_auth: None,
            retries: None,
            idempotent: false,
            problem: None,
        }
    }

    /// Adds `key=value` to the query string (URL-encoded).
    pub fn param(mut self, key: &str, value: impl fmt::Display) -> Self {
        push_pair(&mut self.query, key, &value.to_string());
        self
    }

    /// Adds one `key[]=value` per value, in order: the API's array syntax (`includes[]=author
    /// &includes[]=cover_art`). A key that already ends in `[]` is used as it is.
    pub fn params<I>(mut self, key: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: fmt::Display,
    {
        let key = array_key(key);
        for value in values {
            push_pair(&mut self.query, &key, &value.to_string());
        }
        self
    }

    /// Adds `order[field]=direction`: the API's deep-object ordering syntax.
    pub fn order(mut self, field: &str, direction: impl fmt::Display) -> Self {
        push_pair(
            &mut self.query,
            &format!("order[{field}]"),
            &direction.to_string(),
        );
        self
    }

    /// Sends `value` as the JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => {
                self.body = Some(Bytes::from(body));
                self.headers
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            }
            Err(error) => self.problem = Some(Error::invalid(format!("the JSON body: {error}"))),
        }
        self
    }

    /// Sends these bytes as the body, with this content type.
    pub fn body(mut self, content_type: &'static str, body: impl Into<Bytes>) -> Self {
        self.body = Some(body.into());
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            (Ok(name), Ok(value)) => {
                self.headers.append(name, value);
            }
            _ => self.problem = Some(Error::invalid(format!("invalid header {name:?}"))),
        }
        self
    }

    /// Whether to send the session token (default: yes when the client has one and the URL is
    /// the API's). `false` sends no token even to the API.
    pub fn with_auth(mut self, with_auth: bool) -> Self {
        self.with_auth = Some(with_auth);
        self
    }

    /// How many times to retry this request after its first send (the seed's `retries`: 3
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

    /// Sends the request; an answer with a success status comes back with its whole body,
    /// any other as a typed [`Error`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] before sending anything; [`Error::Http`],
    /// [`Error::Unauthorized`], [`Error::Captcha`] or [`Error::Ratelimit`] for error
    /// statuses; [`Error::Transport`], [`Error::Timeout`], [`Error::BodyTooLarge`].
    pub async fn send(self) -> Result<ApiResponse> {
        let client = self.client.clone();
        let (request, path) = self.into_http()?;
        let response = client
            .inner()
            .service
            .clone()
            .oneshot(request)
            .await
            .map_err(|error| Error::from_stack(error, &path))?;
        let (parts, body) = response.into_parts();
        let limit = client.inner().max_body_size;
        // The per-attempt timeout covers the answer's head; a body that trickles (or stops)
        // after a timely head gets the same allowance, so a call can never hang on it.
        let body = tokio::time::timeout(client.inner().timeout, read_body(body, limit, &path))
            .await
            .map_err(|_| Error::Timeout)??;
        if !parts.status.is_success() {
            return Err(Error::from_status(
                &path,
                parts.status,
                &parts.headers,
                &body,
            ));
        }
        Ok(ApiResponse::new(path, parts, body))
    }

    /// Sends the request and decodes the JSON answer.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send), and [`Error::Decode`] when the body is not a `T`.
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T> {
        self.send().await?.json()
    }

    fn into_http(self) -> Result<(Request<Full<Bytes>>, String)> {
        if let Some(problem) = self.problem {
            return Err(problem);
        }
        let mut url = self.url?;
        // A fragment is never sent; left in, it would swallow the query appended after it.
        if let Some(hash) = url.find('#') {
            url.truncate(hash);
        }
        if !self.query.is_empty() {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(&self.query);
        }
        let uri: Uri = url
            .parse()
            .map_err(|_| Error::invalid(format!("not a valid URL: {url:?}")))?;
        let path = uri.path().to_owned();
        let mut request = Request::new(Full::new(self.body.unwrap_or_default()));
        *request.method_mut() = self.method;
        *request.uri_mut() = uri;
        *request.headers_mut() = self.headers;
        let extensions = request.extensions_mut();
        if let Some(with_auth) = self.with_auth {
            extensions.insert(WithAuth(with_auth));
        }
        if let Some(retries) = self.retries {
            extensions.insert(Retries(retries));
        }
        if self.idempotent {
            extensions.insert(Idempotent);
        }
        Ok((request, path))
    }
}

/// Reads a whole body, refusing to hold more than `limit` bytes. A body that arrives in one
/// chunk is returned without a copy; one in several chunks is copied once into a buffer sized
/// from the body's size hint (its `Content-Length`), not grown by doubling.
async fn read_body(mut body: ResponseBody, limit: usize, path: &str) -> Result<Bytes> {
    // Trusted only up to `limit`: a lying header can make us reserve that much, no more.
    let expected = usize::try_from(body.size_hint().lower())
        .unwrap_or(usize::MAX)
        .min(limit);
    let mut first: Option<Bytes> = None;
    let mut rest = BytesMut::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| Error::from_stack(error, path))?;
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        total += data.len();
        if total > limit {
            return Err(Error::BodyTooLarge {
                path: path.to_owned(),
                limit,
            });
        }
        match first.take() {
            None if rest.is_empty() => first = Some(data),
            None => rest.extend_from_slice(&data),
            Some(earlier) => {
                rest.reserve(expected.max(earlier.len() + data.len()));
                rest.extend_from_slice(&earlier);
                rest.extend_from_slice(&data);
            }
        }
    }
    Ok(first.unwrap_or_else(|| rest.freeze()))
}

/// The absolute URL for `url`: as it is when absolute (http or https only), else joined to
/// the API base.
fn resolve(api_base: &str, url: &str) -> Result<String> {
    if let Some((scheme, _)) = url.split_once("://") {
        return match scheme {
            "https" | "http" => Ok(url.to_owned()),
            _ => Err(Error::invalid(format!(
                "only http(s) URLs can be requested, not {scheme}://"
            ))),
        };
    }
    if url.contains(':') && !url.starts_with('/') {
        return Err(Error::invalid(format!(
            "not a path or an http(s) URL: {url:?}"
        )));
    }
    let separator = if url.starts_with('/') { "" } else { "/" };
    Ok(format!("{api_base}{separator}{url}"))
}

impl fmt::Debug for RequestBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values and the body may carry secrets: show their presence only.
        f.debug_struct("RequestBuilder")
            .field("method", &self.method)
            .field("url", &self.url.as_ref().ok())
            .field("query", &self.query)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .field("with_auth", &self.with_auth)
            .field("retries", &self.retries)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn relative_and_absolute_urls() {
        let base = "https://api.mangadex.org";
        assert_eq!(
            resolve(base, "/manga").unwrap(),
            "https://api.mangadex.org/manga"
        );
        assert_eq!(
            resolve(base, "manga").unwrap(),
            "https://api.mangadex.org/manga"
        );
        assert_eq!(resolve(base, "https://x.org/a").unwrap(), "https://x.org/a");
        assert!(
            resolve(base, "ftp://x.org/a")
                .unwrap_err()
                .is_invalid_input()
        );
        assert!(
            resolve(base, "javascript:alert(1)")
                .unwrap_err()
                .is_invalid_input()
        );
    }
}
