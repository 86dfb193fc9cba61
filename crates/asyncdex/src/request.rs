//! [`RequestBuilder`]: the `request` of AsyncDex (the Python library), with every option.

use std::fmt;

use asyncdex_tower::Api;
use asyncdex_tower::auth::WithAuth;
use asyncdex_tower::ratelimit::Route;
use asyncdex_tower::retry::{Idempotent, Retries};
use bytes::{Bytes, BytesMut};
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use http::uri::{self, PathAndQuery};
use http::{HeaderMap, Method, Request, Uri};
use http_body::Body;
use http_body_util::{BodyExt, Full};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tower::BoxError;

use crate::client::MangadexClient;
use crate::error::{Error, Result};
use crate::problem::FirstProblem;
use crate::query::{push_order, push_pair};
use crate::response::ApiResponse;

/// A request being built; send it with [`send`](Self::send) or
/// [`send_json`](Self::send_json).
///
/// Problems found while building (a bad URL, a header that is not valid, a body that does not
/// serialize) are kept and returned by `send` as [`Error::is_invalid_input`]: nothing is sent.
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

    /// Adds `key=value` to the query string (URL-encoded).
    pub fn param(mut self, key: &str, value: impl fmt::Display) -> Self {
        if let Some(query) = self.query() {
            push_pair(query, key, false, &value);
        }
        self
    }

    /// Adds one `key[]=value` per value, in order: the API's array syntax (`includes[]=author
    /// &includes[]=cover_art`). A key that already ends in `[]` is used as it is.
    pub fn params<I>(mut self, key: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: fmt::Display,
    {
        for value in values {
            if let Some(query) = self.query() {
                push_pair(query, key, true, &value);
            }
        }
        self
    }

    /// Adds `order[field]=direction`: the API's deep-object ordering syntax.
    pub fn order(mut self, field: &str, direction: impl fmt::Display) -> Self {
        if let Some(query) = self.query() {
            push_order(query, field, &direction);
        }
        self
    }

    /// The target, ready for one more query pair (its `?` or `&` written); `None` when the
    /// URL was refused, which `send` reports.
    fn query(&mut self) -> Option<&mut String> {
        let target = self.target.as_mut().ok()?;
        target.text.push(if target.has_query { '&' } else { '?' });
        target.has_query = true;
        Some(&mut target.text)
    }

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

    /// Sends the request; an answer with a success status comes back with its whole body,
    /// any other as a typed [`Error`].
    ///
    /// # Errors
    ///
    /// [`Error::is_invalid_input`] before sending anything; [`Error::is_http`],
    /// [`Error::is_unauthorized`], [`Error::is_captcha`] or [`Error::is_ratelimit`] for error
    /// statuses; [`Error::is_transport`], [`Error::is_timeout`], [`Error::is_body_too_large`].
    pub async fn send(self) -> Result<ApiResponse> {
        let client = self.client.clone();
        let (request, path_and_query) = self.into_http()?;
        // The per-attempt timeout covers the body too (a whole timeout after the head), so a
        // body that trickles or stops fails as `Error::is_timeout` instead of hanging.
        let limit = client.inner().max_body_size;
        let (parts, body) = client
            .inner()
            .service
            .read(request, limit, path_and_query.clone())
            .await?;
        let path = path_and_query.path();
        if !parts.status.is_success() {
            return Err(Error::from_status(
                path,
                parts.status,
                &parts.headers,
                &parts.extensions,
                &body,
            ));
        }
        Ok(ApiResponse::new(path_and_query, parts, body))
    }

    /// Sends the request and decodes the JSON answer.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send), and [`Error::is_decode`] when the body is not a `T`.
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T> {
        self.send().await?.json()
    }

    fn into_http(self) -> Result<(Request<Full<Bytes>>, PathAndQuery)> {
        self.problem.check()?;
        let target = self.target.map_err(Error::invalid)?;
        let (uri, path) = target.into_uri(self.client.api_base_uri())?;
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
        if let Some(route) = self.route {
            extensions.insert(route);
        }
        Ok((request, path))
    }
}

/// The longest URI the `http` crate parses.
const URI_MAX: usize = u16::MAX as usize - 1;

/// How many characters of a bad URL an error quotes.
const URL_ECHO: usize = 200;

/// The first `max` characters of `text`.
fn cut(text: &str, max: usize) -> &str {
    text.char_indices()
        .nth(max)
        .map_or(text, |(at, _)| &text[..at])
}

/// Where a request goes, its query written straight after it.
#[derive(Clone)]
struct Target {
    /// A URL the caller gave whole; otherwise `text` is a path on the API.
    absolute: bool,
    /// The absolute URL, or the API's path prefix and the path; then the query.
    text: String,
    has_query: bool,
}

impl Target {
    /// Takes `url` as it is when absolute (http or https only), else as a path on the API.
    /// A fragment is dropped: it is never sent, and left in it would swallow the query.
    fn resolve(api: &Api, url: &str) -> std::result::Result<Self, String> {
        let url = url.split_once('#').map_or(url, |(before, _)| before);
        let has_query = url.contains('?');
        // One char search for ':' (much cheaper than a substring search for "://") decides
        // between an absolute URL, a refused one, and a path; this runs for every request.
        let colon = url.find(':');
        if let Some(colon) = colon.filter(|&colon| url[colon..].starts_with("://")) {
            let scheme = &url[..colon];
            return match scheme {
                "https" | "http" => Ok(Self {
                    absolute: true,
                    text: url.to_owned(),
                    has_query,
                }),
                _ => Err(format!(
                    "only http(s) URLs can be requested, not {scheme}://"
                )),
            };
        }
        if colon.is_some() && !url.starts_with('/') {
            return Err(format!("not a path or an http(s) URL: {url:?}"));
        }
        let prefix = api.prefix();
        // Room for a typical query, so that appending pairs rarely reallocates.
        let mut text = String::with_capacity(prefix.len() + 1 + url.len() + 96);
        text.push_str(prefix);
        if !url.starts_with('/') {
            text.push('/');
        }
        text.push_str(url);
        Ok(Self {
            absolute: false,
            text,
            has_query,
        })
    }

    /// The request's URI, and its path and query (kept for error messages). A path on the
    /// API is parsed alone and joined to the API base's scheme and authority, not re-parsed
    /// with them; its text becomes the URI's without a copy, and the copy kept here shares it,
    /// so the retry layer's copy of the request costs no allocation.
    fn into_uri(self, api_base: &Uri) -> Result<(Uri, PathAndQuery)> {
        let uri = if self.absolute {
            self.text
                .parse::<Uri>()
                .map_err(|_| invalid_url(api_base, true, &self.text))?
        } else {
            let text = Bytes::from(self.text);
            let invalid = || invalid_url(api_base, false, &String::from_utf8_lossy(&text));
            let path_and_query =
                PathAndQuery::from_maybe_shared(text.clone()).map_err(|_| invalid())?;
            let mut parts = uri::Parts::default();
            parts.scheme = api_base.scheme().cloned();
            parts.authority = api_base.authority().cloned();
            parts.path_and_query = Some(path_and_query);
            Uri::from_parts(parts).map_err(|_| invalid())?
        };
        let path = uri
            .path_and_query()
            .cloned()
            .unwrap_or_else(|| PathAndQuery::from_static("/"));
        Ok((uri, path))
    }
}

/// The error for a URL the `http` crate refuses: `text` is the whole URL when `absolute`,
/// else a path on `api_base`.
fn invalid_url(api_base: &Uri, absolute: bool, text: &str) -> Error {
    let shown = if absolute {
        text.to_owned()
    } else {
        let scheme = api_base.scheme_str().unwrap_or("https");
        let authority = api_base.authority().map_or("", |a| a.as_str());
        format!("{scheme}://{authority}{text}")
    };
    // A URL over `http`'s limit is most often a huge parameter (a pasted title): say that,
    // and quote only the start of it.
    if shown.len() > URI_MAX {
        return Error::invalid(format!(
            "the URL is too long: {} bytes (at most {URI_MAX}); shorten the parameters: {:?}…",
            shown.len(),
            cut(&shown, URL_ECHO)
        ));
    }
    Error::invalid(format!("not a valid URL: {:?}", cut(&shown, URL_ECHO)))
}

/// Reads a whole body, refusing to hold more than `limit` bytes. A body that arrives in one
/// chunk is returned without a copy; one in several chunks is copied once into a buffer sized
/// from the body's size hint (its `Content-Length`), not grown by doubling. `received` counts
/// every data byte that arrived, the chunk that went over the limit included.
pub(crate) async fn read_body<B>(
    body: B,
    limit: usize,
    path: &str,
    received: &mut u64,
) -> Result<Bytes>
where
    B: Body<Data = Bytes>,
    B::Error: Into<BoxError>,
{
    let mut body = std::pin::pin!(body);
    // Trusted only up to `limit`: a lying header can make us reserve that much, no more.
    let expected = usize::try_from(body.size_hint().lower())
        .unwrap_or(usize::MAX)
        .min(limit);
    let mut first: Option<Bytes> = None;
    let mut rest = BytesMut::new();
    let mut total = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| Error::from_stack(error.into(), path))?;
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        *received += data.len() as u64;
        total += data.len();
        if total > limit {
            return Err(Error::body_too_large(path, limit));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(base: &str, url: &str) -> Result<String> {
        let api: Api = base.parse().unwrap();
        let target = Target::resolve(&api, url).map_err(Error::invalid)?;
        let (uri, path) = target.into_uri(api.base())?;
        assert_eq!(Some(&path), uri.path_and_query());
        Ok(uri.to_string())
    }

    #[test]
    fn relative_and_absolute_urls() {
        let base = "https://api.mangadex.org";
        assert_eq!(
            uri(base, "/manga").unwrap(),
            "https://api.mangadex.org/manga"
        );
        assert_eq!(
            uri(base, "manga").unwrap(),
            "https://api.mangadex.org/manga"
        );
        assert_eq!(
            uri(base, "/manga?limit=1#frag").unwrap(),
            "https://api.mangadex.org/manga?limit=1"
        );
        assert_eq!(uri(base, "https://x.org/a").unwrap(), "https://x.org/a");
        assert_eq!(
            uri("http://127.0.0.1:8080/api/", "/manga").unwrap(),
            "http://127.0.0.1:8080/api/manga"
        );
        for refused in ["ftp://x.org/a", "javascript:alert(1)", "/bad path"] {
            let error = uri(base, refused).unwrap_err();
            assert!(error.is_invalid_input(), "{refused}: {error}");
        }
        let error = uri(base, "/bad path").unwrap_err().to_string();
        assert!(
            error.contains("https://api.mangadex.org/bad path"),
            "{error}"
        );
    }

    #[test]
    fn query_pairs_follow_the_path_or_its_query() {
        let client = MangadexClient::builder()
            .api_url("http://127.0.0.1:9/api")
            .build()
            .unwrap();
        let (request, path) = client
            .request(Method::GET, "/manga?ids[]=a#top")
            .param("limit", 10)
            .params("includes", ["author", "cover art"])
            .order("createdAt", "desc")
            .into_http()
            .unwrap();
        assert_eq!(path.path(), "/api/manga");
        assert_eq!(
            request.uri().to_string(),
            "http://127.0.0.1:9/api/manga?ids[]=a&limit=10&includes[]=author&includes[]=cover%20art&order[createdAt]=desc"
        );
        let (request, _) = client
            .request(Method::GET, "/statistics/manga")
            .params("manga", ["x"])
            .into_http()
            .unwrap();
        assert_eq!(
            request.uri().to_string(),
            "http://127.0.0.1:9/api/statistics/manga?manga[]=x"
        );
    }
}
