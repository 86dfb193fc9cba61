//! Fault injection: per route, per path prefix, for the first N matching requests, or at random
//! with a seed, on any listener.
//!
//! ```
//! use std::time::Duration;
//! use asyncdex_mock::{FaultKind, FaultPlan, FaultRule, Listener};
//! use http::Method;
//!
//! let plan = FaultPlan::new()
//!     // The first two GET /manga/{id} fail with 503, then the route is normal again.
//!     .rule(FaultRule::new(FaultKind::ServiceUnavailable).method(Method::GET).route("/manga/{id}").times(2))
//!     // Every page request on the image host is slow.
//!     .rule(FaultRule::new(FaultKind::Delay(Duration::from_millis(50))).on(Listener::Image).prefix("/data/"))
//!     // 5 % of all other API requests get a random transport-level failure.
//!     .rule(FaultRule::any_of(vec![FaultKind::ConnectionReset, FaultKind::TruncatedBody]).probability(0.05))
//!     .seed(42);
//! # let _ = plan;
//! ```

mod active;
mod hold;
mod request_match;
mod spec;
#[cfg(test)]
mod tests;

use std::time::Duration;

use http::Method;

use crate::log::Listener;

pub(crate) use self::active::ActiveFaults;
pub use self::hold::Hold;
pub(crate) use self::hold::Holds;
pub use self::request_match::RequestMatch;
pub use self::spec::FaultSpecError;

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultKind {
    /// Close the connection without answering.
    ConnectionReset,
    /// `500` with the API error body.
    InternalServerError,
    /// `502` with an HTML body, as a load balancer would.
    BadGateway,
    /// `503` with the API error body.
    ServiceUnavailable,
    /// Wait this long, then answer normally.
    Delay(Duration),
    /// `200` with `Content-Type: application/json` and a body that is not valid JSON.
    MalformedJson,
    /// The normal answer, but with a `Content-Length` larger than what is sent; the connection
    /// is then closed.
    TruncatedBody,
    /// `429` without any header and without a body.
    TooManyRequests,
    /// `429` with the API error body and a `Retry-After` of this long (whole seconds, rounded
    /// up): a server asking every client behind the address to pause.
    RetryAfter(Duration),
    /// The HTML `400 Your browser sent an invalid request` page.
    HtmlBadRequest,
    /// An HTML `403 Forbidden` page.
    HtmlForbidden,
    /// `403` with error title `captcha_required_exception` and an `X-Captcha-Sitekey` header.
    Captcha,
}

impl FaultKind {
    /// A stable name, used in [`Counters::faults_by_kind`](crate::Counters::faults_by_kind).
    pub fn name(self) -> &'static str {
        match self {
            Self::ConnectionReset => "connection_reset",
            Self::InternalServerError => "status_500",
            Self::BadGateway => "status_502",
            Self::ServiceUnavailable => "status_503",
            Self::Delay(_) => "delay",
            Self::MalformedJson => "malformed_json",
            Self::TruncatedBody => "truncated_body",
            Self::TooManyRequests => "429_no_headers",
            Self::RetryAfter(_) => "429_retry_after",
            Self::HtmlBadRequest => "html_400",
            Self::HtmlForbidden => "html_403",
            Self::Captcha => "captcha",
        }
    }

    /// The kind of a [`name`](Self::name), as a command line spells it; `delay` is a delay of
    /// one second, `429_retry_after` a `Retry-After` of one second.
    pub fn from_name(name: &str) -> Option<Self> {
        const KINDS: [FaultKind; 12] = [
            FaultKind::ConnectionReset,
            FaultKind::InternalServerError,
            FaultKind::BadGateway,
            FaultKind::ServiceUnavailable,
            FaultKind::Delay(Duration::from_secs(1)),
            FaultKind::MalformedJson,
            FaultKind::TruncatedBody,
            FaultKind::TooManyRequests,
            FaultKind::RetryAfter(Duration::from_secs(1)),
            FaultKind::HtmlBadRequest,
            FaultKind::HtmlForbidden,
            FaultKind::Captcha,
        ];
        KINDS.into_iter().find(|k| k.name() == name)
    }

    /// Every [`name`](Self::name), for help texts.
    pub fn names() -> &'static [&'static str] {
        &[
            "connection_reset",
            "status_500",
            "status_502",
            "status_503",
            "delay",
            "malformed_json",
            "truncated_body",
            "429_no_headers",
            "429_retry_after",
            "html_400",
            "html_403",
            "captcha",
        ]
    }
}

/// One fault rule. By default it matches every request on the API listener, every time.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultRule {
    which: RequestMatch,
    kinds: Vec<FaultKind>,
    times: Option<u64>,
    skip: u64,
    probability: Option<f64>,
}

impl FaultRule {
    /// A rule injecting `kind`.
    pub fn new(kind: FaultKind) -> Self {
        Self::any_of(vec![kind])
    }

    /// A rule injecting one of `kinds`, picked with the plan's seeded RNG each time it fires.
    pub fn any_of(kinds: Vec<FaultKind>) -> Self {
        Self {
            which: RequestMatch::new(),
            kinds,
            times: None,
            skip: 0,
            probability: None,
        }
    }

    /// Only the requests `which` names (default: every request on the API listener).
    pub fn matching(mut self, which: RequestMatch) -> Self {
        self.which = which;
        self
    }

    /// Only this method (default: any).
    pub fn method(mut self, method: Method) -> Self {
        self.which = self.which.method(method);
        self
    }

    /// Only paths matching this template (`{...}` matches one segment), e.g. `/manga/{id}`.
    pub fn route(mut self, template: &str) -> Self {
        self.which = self.which.route(template);
        self
    }

    /// Only paths starting with this prefix, e.g. `/data/`.
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.which = self.which.prefix(prefix);
        self
    }

    /// Only on this listener (default: [`Listener::Api`]).
    pub fn on(mut self, listener: Listener) -> Self {
        self.which = self.which.on(listener);
        self
    }

    /// Fire for the first `n` matching requests only, then let the route behave normally.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Let the first `n` matching requests through before firing.
    pub fn after(mut self, n: u64) -> Self {
        self.skip = n;
        self
    }

    /// Fire with this probability (0..=1) per matching request, using the plan's seed.
    pub fn probability(mut self, p: f64) -> Self {
        self.probability = Some(p.clamp(0.0, 1.0));
        self
    }
}

/// A set of fault rules, tried in order; the first that fires wins.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultPlan {
    rules: Vec<FaultRule>,
    seed: u64,
}

impl FaultPlan {
    /// An empty plan (no faults).
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a rule.
    pub fn rule(mut self, rule: FaultRule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Shorthand: `kind` on every `method` request to `template` on the API listener.
    pub fn always(self, method: Method, template: &str, kind: FaultKind) -> Self {
        self.rule(FaultRule::new(kind).method(method).route(template))
    }

    /// Shorthand: the first `n` `method` requests to `template` fail with `kind`, then normal.
    pub fn first_n(self, method: Method, template: &str, n: u64, kind: FaultKind) -> Self {
        self.rule(FaultRule::new(kind).method(method).route(template).times(n))
    }

    /// Shorthand: every API request fails with probability `p`, with one of `kinds`.
    pub fn random(self, p: f64, kinds: Vec<FaultKind>) -> Self {
        self.rule(FaultRule::any_of(kinds).probability(p))
    }

    /// The seed of the RNG behind probabilities and `any_of` picks (default 0).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// True when the plan has no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}
