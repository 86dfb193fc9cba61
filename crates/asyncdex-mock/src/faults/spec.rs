//! A [`FaultRule`] from its text form, as a command line gives it: `429:0.1`,
//! `GET /manga/{id}=500:0.5`, `image /data/*=connection_reset|truncated_body,times=3`.

use std::fmt;
use std::str::FromStr;

use http::Method;

use super::{FaultKind, FaultRule, RequestMatch};
use crate::log::Listener;

/// The statuses a fault can be named by, and the fault each stands for.
const STATUSES: [(&str, FaultKind); 6] = [
    ("400", FaultKind::HtmlBadRequest),
    ("403", FaultKind::HtmlForbidden),
    ("429", FaultKind::TooManyRequests),
    ("500", FaultKind::InternalServerError),
    ("502", FaultKind::BadGateway),
    ("503", FaultKind::ServiceUnavailable),
];

/// A fault rule's text that could not be read; says which part is wrong and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultSpecError {
    spec: String,
    why: String,
}

impl fmt::Display for FaultSpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.spec.chars().take(100).collect();
        write!(f, "bad fault {shown:?}: {}", self.why)
    }
}

impl std::error::Error for FaultSpecError {}

/// `[SCOPE=]KIND[|KIND...][:P][,times=N][,after=N]`:
/// - `SCOPE`: which requests, any of (space-separated) a listener (`api`, the default,
///   `auth`, `image`, `report`, `uploads`), a method (`GET`, `POST`, ...) and a path: a
///   route template (`/manga/{id}`) or a prefix ending in `*` (`/data/*`); default: every
///   request on the API listener;
/// - `KIND`: a status (`400` and `403`: MangaDex's edge's HTML pages, `429` without headers,
///   `500`, `502`, `503`) or a [`FaultKind::name`]; several, split by `|`, are picked at
///   random;
/// - `P`: the probability per matching request, 0 to 1 (default 1);
/// - `times=N`: only the first N matching requests; `after=N`: let the first N through.
///
/// ```
/// use asyncdex_mock::FaultRule;
///
/// let some_429s: FaultRule = "429:0.1".parse().unwrap();
/// let one_route: FaultRule = "GET /manga/{id}=500:0.5".parse().unwrap();
/// let pages: FaultRule = "image /data/*=connection_reset|truncated_body,times=3".parse().unwrap();
/// let error = "418".parse::<FaultRule>().unwrap_err();
/// assert!(error.to_string().contains("unknown fault \"418\""), "{error}");
/// # let _ = (some_429s, one_route, pages);
/// ```
impl FromStr for FaultRule {
    type Err = FaultSpecError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        parse(spec).map_err(|why| FaultSpecError {
            spec: spec.to_owned(),
            why,
        })
    }
}

fn parse(spec: &str) -> Result<FaultRule, String> {
    let mut parts = spec.trim().split(',');
    let head = parts.next().unwrap_or_default();
    let (scope, what) = match head.split_once('=') {
        Some((scope, what)) => (Some(scope), what),
        None => (None, head),
    };
    let (kinds, probability) = match what.split_once(':') {
        Some((kinds, p)) => (kinds, Some(p)),
        None => (what, None),
    };
    let kinds = kinds
        .split('|')
        .map(parse_kind)
        .collect::<Result<Vec<_>, _>>()?;
    let mut rule = FaultRule::any_of(kinds);
    if let Some(scope) = scope {
        rule = rule.matching(parse_scope(scope)?);
    }
    if let Some(p) = probability {
        rule = rule.probability(parse_probability(p)?);
    }
    for option in parts {
        rule = match option.trim().split_once('=') {
            Some(("times", n)) => rule.times(parse_count(n)?),
            Some(("after", n)) => rule.after(parse_count(n)?),
            _ => return Err(format!("unknown option {option:?} (times=N or after=N)")),
        };
    }
    Ok(rule)
}

fn parse_kind(text: &str) -> Result<FaultKind, String> {
    let text = text.trim();
    STATUSES
        .iter()
        .find(|(status, _)| *status == text)
        .map(|(_, kind)| *kind)
        .or_else(|| FaultKind::from_name(text))
        .ok_or_else(|| {
            let statuses: Vec<&str> = STATUSES.iter().map(|(status, _)| *status).collect();
            format!(
                "unknown fault {text:?} (a status: {}; or one of {})",
                statuses.join(", "),
                FaultKind::names().join(", ")
            )
        })
}

fn parse_scope(scope: &str) -> Result<RequestMatch, String> {
    let words: Vec<&str> = scope.split_whitespace().collect();
    if words.is_empty() {
        return Err("nothing before `=` (a listener, a method or a path)".to_owned());
    }
    words.into_iter().try_fold(RequestMatch::new(), |which, word| {
        if word.starts_with('/') {
            return Ok(match word.strip_suffix('*') {
                Some(prefix) => which.prefix(prefix),
                None => which.route(word),
            });
        }
        if let Some(listener) = Listener::from_name(word) {
            return Ok(which.on(listener));
        }
        match Method::from_bytes(word.as_bytes()) {
            Ok(method) if word.bytes().all(|b| b.is_ascii_uppercase()) => Ok(which.method(method)),
            _ => Err(format!(
                "{word:?} is not a listener (api, auth, image, report, uploads), a method (GET, POST ...) or a path (/...)"
            )),
        }
    })
}

fn parse_probability(text: &str) -> Result<f64, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|p| (0.0..=1.0).contains(p))
        .ok_or_else(|| format!("probability {text:?} is not a number from 0 to 1"))
}

fn parse_count(text: &str) -> Result<u64, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a count (0, 1, 2 ...)"))
}
