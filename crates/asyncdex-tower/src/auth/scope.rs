//! Which requests may carry the token: those to the API origin and the auth origin only.
//!
//! AsyncDex (the Python library) sent its token to every URL, image servers and the MD@Home
//! report endpoint included. Here an origin (scheme, host, port) must match exactly; a
//! relative URI counts as the API, the only place it can be resolved against.

use http::{Request, Uri, header::AUTHORIZATION};

use super::WithAuth;
use crate::origin::Origin;

/// The origins that receive the `Authorization` header.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scope {
    origins: Vec<Origin>,
}

impl Scope {
    /// Adds the origin of `uri`; a URI without a scheme and an authority, or with a scheme
    /// other than http(s), adds nothing.
    pub(crate) fn add(&mut self, uri: &Uri) {
        if uri.scheme().is_none() {
            return;
        }
        if let Some(origin) = Origin::of(uri)
            && !self.origins.contains(&origin)
        {
            self.origins.push(origin);
        }
    }

    /// Whether `request` may carry the session token: it has no [`WithAuth(false)`](WithAuth)
    /// extension, no `Authorization` header of its own, and a URI this scope covers. The one
    /// rule the session and the stamp layer both apply (the session layer also skips every
    /// request while the store is anonymous; the stamp layer, while it has no session).
    pub(crate) fn admits<B>(&self, request: &Request<B>) -> bool {
        request.extensions().get::<WithAuth>() != Some(&WithAuth(false))
            && !request.headers().contains_key(AUTHORIZATION)
            && self.covers(request.uri())
    }

    pub(crate) fn covers(&self, uri: &Uri) -> bool {
        if uri.authority().is_none() {
            return uri.scheme().is_none();
        }
        self.origins.iter().any(|origin| origin.matches(uri))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_origins_only() {
        let mut scope = Scope::default();
        scope.add(&Uri::from_static("https://api.mangadex.org"));
        scope.add(&Uri::from_static(
            "https://auth.mangadex.org/realms/x/token",
        ));
        for yes in [
            "https://api.mangadex.org/manga",
            "https://API.MangaDex.org:443/manga?x=1",
            "https://auth.mangadex.org/other",
            "/manga",
        ] {
            assert!(scope.covers(&yes.parse().unwrap()), "{yes}");
        }
        for no in [
            "http://api.mangadex.org/manga",
            "https://api.mangadex.org:8443/manga",
            "https://uploads.mangadex.org/data/x",
            "https://api.mangadex.network/report",
            "https://api.mangadex.org.evil.example/manga",
            "https://abc.xyz.mangadex.network:443/data/hash/1.png",
        ] {
            assert!(!scope.covers(&no.parse().unwrap()), "{no}");
        }
    }
}
