//! [`RequestMatch`]: which requests a fault rule or a hold applies to.

use http::Method;

use crate::log::Listener;
use crate::template::{Template, segments};

#[derive(Debug, Clone, PartialEq, Eq)]
enum PathMatch {
    Any,
    Template(Template),
    Prefix(String),
}

/// Which requests a [`FaultRule`](crate::FaultRule) or a [hold](crate::MockServer::hold)
/// applies to: by default every request on the API listener.
///
/// ```
/// use asyncdex_mock::{Listener, RequestMatch};
/// use http::Method;
///
/// // The page requests of the image node.
/// let pages = RequestMatch::new().on(Listener::Image).prefix("/data/");
/// // One route of the API.
/// let manga = RequestMatch::new().method(Method::GET).route("/manga/{id}");
/// # let _ = (pages, manga);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestMatch {
    listener: Listener,
    method: Option<Method>,
    path: PathMatch,
}

impl Default for RequestMatch {
    fn default() -> Self {
        Self::new()
    }
}

impl RequestMatch {
    /// Every request on the API listener.
    pub fn new() -> Self {
        Self {
            listener: Listener::Api,
            method: None,
            path: PathMatch::Any,
        }
    }

    /// Only this method (default: any).
    pub fn method(mut self, method: Method) -> Self {
        self.method = Some(method);
        self
    }

    /// Only paths matching this template (`{...}` matches one segment), e.g. `/manga/{id}`.
    pub fn route(mut self, template: &str) -> Self {
        self.path = PathMatch::Template(Template::parse(template));
        self
    }

    /// Only paths starting with this prefix, e.g. `/data/`.
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.path = PathMatch::Prefix(prefix.to_owned());
        self
    }

    /// Only on this listener (default: [`Listener::Api`]).
    pub fn on(mut self, listener: Listener) -> Self {
        self.listener = listener;
        self
    }

    /// Whether a request on `listener` is one of these.
    pub(crate) fn matches(&self, listener: Listener, method: &Method, path: &str) -> bool {
        if self.listener != listener || self.method.as_ref().is_some_and(|m| m != method) {
            return false;
        }
        match &self.path {
            PathMatch::Any => true,
            PathMatch::Prefix(p) => path.starts_with(p.as_str()),
            PathMatch::Template(t) => t.matches(&segments(path)),
        }
    }
}
