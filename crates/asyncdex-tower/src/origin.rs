//! An origin (scheme, host, port), matched against every request's URI by the rate-limit
//! and auth layers, so matching allocates nothing and usually parses nothing.

use http::Uri;
use http::uri::Scheme;

/// The origin of a base URI, normalised (lowercase host, default port filled in).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    /// `Some(true)` for https, `Some(false)` for http, `None` when the base had no scheme
    /// (then any scheme matches, on the given port if there is one).
    https: Option<bool>,
    host: String,
    port: Option<u16>,
    /// The base's authority as written, lowercase: a request built from the base carries
    /// the same text, which settles the match without parsing host and port.
    authority: String,
}

impl Origin {
    /// The origin of `uri`; `None` without an authority or with a scheme other than http(s).
    pub(crate) fn of(uri: &Uri) -> Option<Self> {
        let https = scheme_of(uri).ok()?;
        let authority = uri.authority()?;
        Some(Self {
            https,
            host: authority.host().to_ascii_lowercase(),
            port: effective_port(https, authority.port_u16()),
            authority: authority.as_str().to_ascii_lowercase(),
        })
    }

    /// Whether `uri` is on this origin. A relative URI is not (callers decide what it means).
    pub(crate) fn matches(&self, uri: &Uri) -> bool {
        let Some(authority) = uri.authority() else {
            return false;
        };
        let Ok(https) = scheme_of(uri) else {
            return false;
        };
        if self.https.is_some() && https.is_some() && self.https != https {
            return false;
        }
        // The byte comparison settles the usual case, a URI built from the base itself.
        let text = authority.as_str();
        if text == self.authority || text.eq_ignore_ascii_case(&self.authority) {
            return true;
        }
        authority.host().eq_ignore_ascii_case(&self.host)
            && (self.port.is_none()
                || effective_port(https.or(self.https), authority.port_u16()) == self.port)
    }
}

/// Whether `uri` is https (`Some(true)`), http (`Some(false)`) or has no scheme (`None`);
/// `Err` for any other scheme. `Scheme`'s own comparison is an enum match for http and https
/// (it parsed them case-insensitively), so this allocates and scans nothing.
fn scheme_of(uri: &Uri) -> Result<Option<bool>, ()> {
    match uri.scheme() {
        None => Ok(None),
        Some(scheme) if *scheme == Scheme::HTTPS => Ok(Some(true)),
        Some(scheme) if *scheme == Scheme::HTTP => Ok(Some(false)),
        Some(_) => Err(()),
    }
}

fn effective_port(https: Option<bool>, port: Option<u16>) -> Option<u16> {
    port.or(match https {
        Some(true) => Some(443),
        Some(false) => Some(80),
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(uri: &str) -> Origin {
        Origin::of(&uri.parse().unwrap()).unwrap()
    }

    #[test]
    fn same_scheme_host_and_effective_port() {
        let api = origin("https://api.mangadex.org");
        for yes in [
            "https://api.mangadex.org/manga",
            "https://API.MangaDex.org:443/manga?x=1",
            "HTTPS://api.mangadex.org/",
        ] {
            assert!(api.matches(&yes.parse().unwrap()), "{yes}");
        }
        for no in [
            "/manga",
            "http://api.mangadex.org/manga",
            "https://api.mangadex.org:8443/manga",
            "https://uploads.mangadex.org/data/x",
            "https://api.mangadex.org.evil.example/manga",
            "https://user@api.mangadex.org.evil.example/manga",
            "ftp://api.mangadex.org/manga",
        ] {
            assert!(!api.matches(&no.parse().unwrap()), "{no}");
        }
        let local = origin("http://127.0.0.1:8080/api");
        assert!(local.matches(&"http://127.0.0.1:8080/api/manga".parse().unwrap()));
        assert!(!local.matches(&"http://127.0.0.1:8081/api/manga".parse().unwrap()));
    }

    #[test]
    fn a_base_without_scheme_matches_any_scheme() {
        let bare = origin("api.mangadex.org:443");
        assert!(bare.matches(&"https://api.mangadex.org/manga".parse().unwrap()));
        assert!(!bare.matches(&"http://api.mangadex.org/manga".parse().unwrap()));
        assert!(Origin::of(&"ftp://x.org".parse().unwrap()).is_none());
        assert!(Origin::of(&"/relative".parse().unwrap()).is_none());
    }
}
