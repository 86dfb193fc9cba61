//! [`Api`]: where the API lives (its origin and path prefix), parsed once and shared by the
//! rate limiter and the auth layer.
//!
//! ```
//! use asyncdex_tower::Api;
//! use asyncdex_tower::auth::AuthLayer;
//! use asyncdex_tower::ratelimit::RateLimitLayer;
//! use http::Uri;
//!
//! // A fake server on loopback, serving the API under a path prefix.
//! let api = Api::new(Uri::from_static("http://127.0.0.1:8080/api/"));
//! assert_eq!(api.url(), "http://127.0.0.1:8080/api");
//! assert_eq!(api.route_path(&Uri::from_static("http://127.0.0.1:8080/api/manga")), Some("/manga"));
//! assert_eq!(api.route_path(&Uri::from_static("https://uploads.mangadex.org/covers/x")), None);
//!
//! // One parse, two layers that agree on what "the API" is.
//! let ratelimit = RateLimitLayer::new(api.clone());
//! let auth = AuthLayer::legacy(api);
//! # let _ = (ratelimit, auth);
//! ```

use std::fmt;
use std::str::FromStr;

use http::Uri;
use http::uri::InvalidUri;

use crate::origin::Origin;

/// The MangaDex API's base URL.
pub const MANGADEX_API_URL: &str = "https://api.mangadex.org";

/// The API's base URL: its origin (scheme, host, port) and its path prefix (`/api` for a
/// server that serves the API below a path), parsed once.
///
/// A request is the API's when its URI is on that origin, or relative (no authority: the
/// only place a relative URI can be resolved against); the rest of its path after the prefix
/// is the route the limits apply to. Cheap to clone. Built from a [`Uri`] (`From`), a string
/// ([`FromStr`]), or [`Api::mangadex`].
#[derive(Clone, PartialEq, Eq)]
pub struct Api {
    base: Uri,
    /// The base as text, without a trailing slash.
    url: Box<str>,
    /// `None` when the base is a bare path: then only relative requests are the API.
    origin: Option<Origin>,
    /// The base's path without a trailing slash (empty for `https://api.mangadex.org`).
    prefix: Box<str>,
}

impl Api {
    /// The API at `base`, e.g. `https://api.mangadex.org` or `http://127.0.0.1:8080/api`.
    pub fn new(base: Uri) -> Self {
        let url = base.to_string().trim_end_matches('/').into();
        let prefix = base.path().trim_end_matches('/').into();
        Self {
            origin: Origin::of(&base),
            base,
            url,
            prefix,
        }
    }

    /// MangaDex's API, [`MANGADEX_API_URL`].
    pub fn mangadex() -> Self {
        Self::new(Uri::from_static(MANGADEX_API_URL))
    }

    /// The base URI as given.
    pub fn base(&self) -> &Uri {
        &self.base
    }

    /// The base URL as text, without a trailing slash: `url() + "/manga"` is a URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The base's path prefix, without a trailing slash (empty for MangaDex).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The route of `uri` on this API (its path with the prefix removed), or `None` when
    /// `uri` is on another origin. A relative `uri` is the API's.
    pub fn route_path<'a>(&self, uri: &'a Uri) -> Option<&'a str> {
        let ours = uri.authority().is_none()
            || self
                .origin
                .as_ref()
                .is_some_and(|origin| origin.matches(uri));
        ours.then(|| {
            let path = uri.path();
            path.strip_prefix(&*self.prefix).unwrap_or(path)
        })
    }
}

impl From<Uri> for Api {
    fn from(base: Uri) -> Self {
        Self::new(base)
    }
}

impl From<&Uri> for Api {
    fn from(base: &Uri) -> Self {
        Self::new(base.clone())
    }
}

impl FromStr for Api {
    type Err = InvalidUri;

    fn from_str(base: &str) -> Result<Self, Self::Err> {
        base.parse().map(Self::new)
    }
}

impl fmt::Debug for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Api").field(&self.url).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_is_stripped_on_the_api_origin_only() {
        let api: Api = "http://127.0.0.1:8080/api/".parse().unwrap();
        assert_eq!(api.prefix(), "/api");
        let on = |uri: &'static str| api.route_path(&Uri::from_static(uri)).map(str::to_owned);
        assert_eq!(
            on("http://127.0.0.1:8080/api/manga?limit=1").as_deref(),
            Some("/manga")
        );
        assert_eq!(on("/api/chapter").as_deref(), Some("/chapter"));
        assert_eq!(on("http://127.0.0.1:8081/api/manga"), None);
        assert_eq!(on("https://127.0.0.1:8080/api/manga"), None);
    }

    #[test]
    fn mangadex_has_no_prefix_and_a_bare_path_base_takes_relative_uris_only() {
        let api = Api::mangadex();
        assert_eq!((api.url(), api.prefix()), (MANGADEX_API_URL, ""));
        let manga = Uri::from_static("https://api.mangadex.org/manga");
        assert_eq!(api.route_path(&manga), Some("/manga"));
        let bare = Api::new(Uri::from_static("/v5"));
        assert_eq!(
            bare.route_path(&Uri::from_static("/v5/manga")),
            Some("/manga")
        );
        assert_eq!(bare.route_path(&manga), None);
    }
}
