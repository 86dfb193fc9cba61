//! [`Path`]: which requests a rate-limit rule applies to.

use std::fmt;

use http::Method;
use regex::Regex;

/// A named route (or family of routes) and, optionally, the one HTTP method it is limited for.
///
/// A path is written either as a route template, where a segment in braces matches any one
/// non-empty path segment (`/manga/{id}`), or as a regular expression. Either way it is matched
/// against the request's path alone (never its query string) and must match the WHOLE path.
///
/// ```
/// use asyncdex_tower::ratelimit::Path;
/// use http::Method;
///
/// let put_manga = Path::new("manga-update", "/manga/{id}", Some(Method::PUT));
/// assert!(put_manga.matches("/manga/8f3e1818-a015-491d-bd81-3addc4d7d56a", &Method::PUT));
/// assert!(!put_manga.matches("/manga/8f3e1818-a015-491d-bd81-3addc4d7d56a", &Method::GET));
/// assert!(!put_manga.matches("/manga/8f3e/feed", &Method::PUT));
/// assert_eq!(put_manga.path_regex(), "^/manga/[^/]+$");
/// ```
#[derive(Clone)]
pub struct Path {
    name: String,
    path_regex: String,
    method: Option<Method>,
    pattern: Pattern,
}

/// How a path is matched: templates take the fast segment matcher, regexes a compiled
/// `RegexSet` in [`Ratelimits`](super::Ratelimits).
#[derive(Clone, Debug)]
pub(crate) enum Pattern {
    Template(Box<[Segment]>),
    Regex(Regex),
    Any,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Segment {
    Literal(Box<str>),
    Param,
}

impl Path {
    /// A path from a route template such as `/manga/{id}/feed`; `method: None` means every
    /// method.
    ///
    /// A segment written `{anything}` matches one non-empty path segment; every other segment
    /// matches itself exactly. This cannot fail: any string is a valid template.
    pub fn new(name: impl Into<String>, template: &str, method: Option<Method>) -> Self {
        let segments: Box<[Segment]> = template
            .strip_prefix('/')
            .unwrap_or(template)
            .split('/')
            .map(|segment| {
                if segment.len() >= 2 && segment.starts_with('{') && segment.ends_with('}') {
                    Segment::Param
                } else {
                    Segment::Literal(segment.into())
                }
            })
            .collect();
        let mut path_regex = String::from("^");
        for segment in segments.iter() {
            path_regex.push('/');
            match segment {
                Segment::Literal(literal) => path_regex.push_str(&regex::escape(literal)),
                Segment::Param => path_regex.push_str("[^/]+"),
            }
        }
        path_regex.push('$');
        Self {
            name: name.into(),
            path_regex,
            method,
            pattern: Pattern::Template(segments),
        }
    }

    /// A path from a regular expression, matched against the whole path (it is anchored at both
    /// ends for you, so `/upload/begin(/[^/]+)?` cannot match `/upload/begin/x/y`).
    ///
    /// # Errors
    ///
    /// When `path_regex` is not a valid regular expression.
    pub fn regex(
        name: impl Into<String>,
        path_regex: &str,
        method: Option<Method>,
    ) -> Result<Self, regex::Error> {
        let anchored = format!("^(?:{path_regex})$");
        let regex = Regex::new(&anchored)?;
        Ok(Self {
            name: name.into(),
            path_regex: anchored,
            method,
            pattern: Pattern::Regex(regex),
        })
    }

    /// A path matching every request path (a host-wide limit such as the API's global one).
    pub fn any(name: impl Into<String>, method: Option<Method>) -> Self {
        Self {
            name: name.into(),
            path_regex: String::from("^.*$"),
            method,
            pattern: Pattern::Any,
        }
    }

    /// The name given to this path (used in errors and logs).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The anchored regular expression equivalent to this path.
    pub fn path_regex(&self) -> &str {
        &self.path_regex
    }

    /// The method this path is limited for; `None` means every method.
    pub fn method(&self) -> Option<&Method> {
        self.method.as_ref()
    }

    /// Whether a request with this method is covered by this path's method.
    pub fn applies_to(&self, method: &Method) -> bool {
        self.method.as_ref().is_none_or(|own| own == method)
    }

    /// Whether a request for `path` with `method` is covered. A query string or fragment on
    /// `path` is ignored.
    pub fn matches(&self, path: &str, method: &Method) -> bool {
        self.applies_to(method) && self.pattern.matches(strip_query(path))
    }

    pub(crate) fn pattern(&self) -> &Pattern {
        &self.pattern
    }

    /// Two paths with the same key are the same rule target: adding one replaces the other.
    pub(crate) fn same_target(&self, other: &Path) -> bool {
        self.method == other.method && self.path_regex == other.path_regex
    }
}

impl Pattern {
    fn matches(&self, path: &str) -> bool {
        match self {
            Pattern::Template(segments) => segments_match(segments, path),
            Pattern::Regex(regex) => regex.is_match(path),
            Pattern::Any => true,
        }
    }
}

impl fmt::Debug for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Path")
            .field("name", &self.name)
            .field("path_regex", &self.path_regex)
            .field("method", &self.method)
            .finish()
    }
}

impl PartialEq for Path {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.same_target(other)
    }
}

impl Eq for Path {}

/// The path's segments, without the leading slash: `/a/b` gives `a`, `b`; `/` gives one empty
/// segment (which no template segment matches except a literal empty one).
///
/// `memchr` rather than `str::split`: most of an API path is one long id, which SIMD skips
/// in a few instructions (this is the limiter's hot path).
pub(crate) fn split_segments(path: &str) -> Segments<'_> {
    Segments {
        rest: Some(path.strip_prefix('/').unwrap_or(path).as_bytes()),
    }
}

pub(crate) struct Segments<'a> {
    rest: Option<&'a [u8]>,
}

impl<'a> Iterator for Segments<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let rest = self.rest?;
        match memchr::memchr(b'/', rest) {
            Some(end) => {
                self.rest = Some(&rest[end + 1..]);
                Some(&rest[..end])
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// The path without its query string or fragment.
pub(crate) fn strip_query(path: &str) -> &str {
    match memchr::memchr2(b'?', b'#', path.as_bytes()) {
        Some(end) => &path[..end],
        None => path,
    }
}

/// Whether the template segments match the whole path (no allocation).
pub(crate) fn segments_match(segments: &[Segment], path: &str) -> bool {
    let mut parts = split_segments(path);
    for segment in segments {
        let Some(part) = parts.next() else {
            return false;
        };
        let ok = match segment {
            Segment::Literal(literal) => literal.as_bytes() == part,
            Segment::Param => !part.is_empty(),
        };
        if !ok {
            return false;
        }
    }
    parts.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_matches_whole_path_only() {
        let path = Path::new("resend", "/account/activate/resend", Some(Method::POST));
        assert!(path.matches("/account/activate/resend", &Method::POST));
        assert!(path.matches("/account/activate/resend?x=1", &Method::POST));
        assert!(!path.matches("/account/activate/resend/more", &Method::POST));
        assert!(!path.matches("/account/activate", &Method::POST));
    }

    #[test]
    fn param_needs_a_non_empty_segment() {
        let path = Path::new("manga", "/manga/{id}", None);
        assert!(path.matches("/manga/abc", &Method::GET));
        assert!(!path.matches("/manga/", &Method::GET));
        assert!(!path.matches("/manga", &Method::GET));
        assert!(!path.matches("/manga/abc/", &Method::GET));
    }

    #[test]
    fn regex_is_anchored_at_both_ends() {
        let path = Path::regex("begin", "/upload/begin(/[^/]+)?", Some(Method::POST)).unwrap();
        assert!(path.matches("/upload/begin", &Method::POST));
        assert!(path.matches("/upload/begin/abc", &Method::POST));
        assert!(!path.matches("/upload/begin/abc/def", &Method::POST));
        assert!(!path.matches("/x/upload/begin", &Method::POST));
        assert!(Path::regex("bad", "(", None).is_err());
    }

    #[test]
    fn template_regex_is_equivalent() {
        let path = Path::new("feed", "/manga/{id}/feed", None);
        let regex = Regex::new(path.path_regex()).unwrap();
        for candidate in [
            "/manga/1/feed",
            "/manga//feed",
            "/manga/1/feed/x",
            "/manga/a.b/feed",
        ] {
            assert_eq!(
                regex.is_match(candidate),
                path.matches(candidate, &Method::GET),
                "{candidate}"
            );
        }
    }
}
