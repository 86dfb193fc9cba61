//! Where a request goes: an absolute URL or a path on the API, with its query, and the URI
//! made of it.

use asyncdex_tower::Api;
use bytes::Bytes;
use http::Uri;
use http::uri::{self, PathAndQuery};

use super::url_error::invalid_url;
use crate::error::Result;

/// Where a request goes, its query written straight after it.
#[derive(Clone)]
pub(super) struct Target {
    /// A URL the caller gave whole; otherwise `text` is a path on the API.
    pub(super) absolute: bool,
    /// The absolute URL, or the API's path prefix and the path; then the query.
    pub(super) text: String,
    pub(super) has_query: bool,
}

impl Target {
    /// Takes `url` as it is when absolute (http or https only), else as a path on the API.
    /// A fragment is dropped: it is never sent, and left in it would swallow the query.
    pub(super) fn resolve(api: &Api, url: &str) -> std::result::Result<Self, String> {
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
    pub(super) fn into_uri(self, api_base: &Uri) -> Result<(Uri, PathAndQuery)> {
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
