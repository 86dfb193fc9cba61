//! Finding the rule for a request: compiled once, no allocation and no regex per request for
//! template rules.

use http::Method;
use regex::RegexSet;

use super::constants::routes;
use super::path::{Pattern, Segment, segments_match, split_segments, strip_query};
use super::rule::PathRatelimit;

/// Which rule a request falls under, most specific first: rules are grouped by their first
/// segment; at the first segment where two templates differ, a literal beats a parameter
/// (`/manga/random` beats `/manga/{id}`); at equal templates, a rule for the request's method
/// beats a rule for every method; then the rule added first wins. Regex rules are consulted
/// only when no template rule matches, in the order they were added.
#[derive(Debug, Default)]
pub(crate) struct RouteMatcher {
    /// A short list (MangaDex has about fifteen first segments): a length check rejects most
    /// entries before any byte comparison, which beats a binary search of `memcmp` calls.
    by_first_literal: Vec<(Box<str>, Vec<Candidate>)>,
    param_first: Vec<Candidate>,
    regexes: Option<(RegexSet, Vec<Candidate>)>,
    /// For each template of [`routes::ALL`], sorted by template: the template rules its
    /// requests fall under, in the order [`find_in_path`](Self::find_in_path) tries them. A
    /// request tagged with its [`Route`](super::Route) is settled here without reading its path.
    by_route: Vec<(&'static str, Box<[(Option<Method>, usize)]>)>,
}

#[derive(Debug)]
struct Candidate {
    segments: Box<[Segment]>,
    method: Option<Method>,
    rule: usize,
}

impl Candidate {
    fn specificity(&self) -> (Vec<bool>, bool) {
        let params = self
            .segments
            .iter()
            .map(|segment| matches!(segment, Segment::Param))
            .collect();
        (params, self.method.is_none())
    }

    fn applies_to(&self, method: &Method) -> bool {
        self.method.as_ref().is_none_or(|own| own == method)
    }
}

impl RouteMatcher {
    pub(crate) fn new(rules: &[PathRatelimit]) -> Self {
        let mut matcher = Self::default();
        let mut regex_sources = Vec::new();
        let mut regex_candidates = Vec::new();
        for (rule, ratelimit) in rules.iter().enumerate() {
            for path in ratelimit.paths() {
                let method = path.method().cloned();
                match path.pattern() {
                    Pattern::Template(segments) => {
                        let candidate = Candidate {
                            segments: segments.clone(),
                            method,
                            rule,
                        };
                        matcher.insert(candidate);
                    }
                    Pattern::Regex(_) | Pattern::Any => {
                        regex_sources.push(path.path_regex().to_owned());
                        regex_candidates.push(Candidate {
                            segments: Box::new([]),
                            method,
                            rule,
                        });
                    }
                }
            }
        }
        for (_, candidates) in &mut matcher.by_first_literal {
            candidates.sort_by_cached_key(Candidate::specificity);
        }
        matcher
            .param_first
            .sort_by_cached_key(Candidate::specificity);
        if !regex_sources.is_empty() {
            // Every source already compiled on its own when its `Path` was made.
            if let Ok(set) = RegexSet::new(&regex_sources) {
                matcher.regexes = Some((set, regex_candidates));
            }
        }
        matcher.by_route = routes::ALL
            .iter()
            .map(|&template| {
                // A template read as a path: its `{param}` segments are non-empty, as the
                // real path's are, so it falls under exactly the template rules its requests do.
                let rules = matcher
                    .template_candidates(template)
                    .map(|candidate| (candidate.method.clone(), candidate.rule))
                    .collect();
                (template, rules)
            })
            .collect();
        matcher
            .by_route
            .sort_unstable_by_key(|(template, _)| *template);
        matcher
    }

    fn insert(&mut self, candidate: Candidate) {
        match candidate.segments.first() {
            Some(Segment::Literal(first)) => {
                let first = first.clone();
                match self
                    .by_first_literal
                    .binary_search_by(|(literal, _)| literal.cmp(&first))
                {
                    Ok(index) => self.by_first_literal[index].1.push(candidate),
                    Err(index) => self
                        .by_first_literal
                        .insert(index, (first, vec![candidate])),
                }
            }
            _ => self.param_first.push(candidate),
        }
    }

    /// The index of the rule for `path` (query string ignored) and `method`, if any.
    pub(crate) fn find(&self, path: &str, method: &Method) -> Option<usize> {
        self.find_in_path(strip_query(path), method)
    }

    /// As [`find`](Self::find), for a path known to have no query string (`Uri::path`).
    pub(crate) fn find_in_path(&self, path: &str, method: &Method) -> Option<usize> {
        if let Some(candidate) = self
            .template_candidates(path)
            .find(|candidate| candidate.applies_to(method))
        {
            return Some(candidate.rule);
        }
        self.find_by_regex(path, method)
    }

    /// As [`find_in_path`](Self::find_in_path) for a request built from the template `route`:
    /// a lookup of the template, and path matching only for a template outside
    /// [`routes::ALL`] or when regex rules may apply.
    pub(crate) fn find_route(&self, route: &str, path: &str, method: &Method) -> Option<usize> {
        let Ok(index) = self
            .by_route
            .binary_search_by(|(template, _)| (*template).cmp(route))
        else {
            return self.find_in_path(path, method);
        };
        let applies =
            |(own, _): &&(Option<Method>, usize)| own.as_ref().is_none_or(|own| own == method);
        match self.by_route[index].1.iter().find(applies) {
            Some((_, rule)) => Some(*rule),
            None => self.find_by_regex(path, method),
        }
    }

    /// The template rules whose segments match `path`, most specific first, any method.
    fn template_candidates<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Candidate> {
        let first = split_segments(path).next().unwrap_or_default();
        let segment_count = memchr::memchr_iter(b'/', path.as_bytes()).count().max(1);
        let literal_group = self
            .by_first_literal
            .iter()
            .find(|(literal, _)| literal.len() == first.len() && literal.as_bytes() == first)
            .map(|(_, candidates)| candidates.as_slice())
            .unwrap_or_default();
        literal_group
            .iter()
            .chain(&self.param_first)
            .filter(move |candidate| {
                candidate.segments.len() == segment_count
                    && segments_match(&candidate.segments, path)
            })
    }

    fn find_by_regex(&self, path: &str, method: &Method) -> Option<usize> {
        let (set, candidates) = self.regexes.as_ref()?;
        set.matches(path)
            .into_iter()
            .map(|index| &candidates[index])
            .find(|candidate| candidate.applies_to(method))
            .map(|candidate| candidate.rule)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ratelimit::Path;
    use std::time::Duration;

    fn rule(template: &str, method: Option<Method>) -> PathRatelimit {
        PathRatelimit::new(
            Path::new(template, template, method),
            1,
            Duration::from_secs(1),
        )
    }

    #[test]
    fn literal_beats_parameter_whatever_the_order() {
        let rules = [
            rule("/account/activate/{code}", Some(Method::POST)),
            rule("/account/activate/resend", Some(Method::POST)),
            rule("/manga/{id}", None),
            rule("/manga/random", Some(Method::GET)),
        ];
        let matcher = RouteMatcher::new(&rules);
        assert_eq!(
            matcher.find("/account/activate/resend", &Method::POST),
            Some(1)
        );
        assert_eq!(
            matcher.find("/account/activate/abc", &Method::POST),
            Some(0)
        );
        assert_eq!(matcher.find("/manga/random", &Method::GET), Some(3));
        assert_eq!(matcher.find("/manga/random", &Method::POST), Some(2));
        assert_eq!(matcher.find("/manga/random?x=/a/b", &Method::GET), Some(3));
    }

    #[test]
    fn method_rules_only_count_their_method() {
        let rules = [
            rule("/manga", Some(Method::POST)),
            rule("/manga/{id}", Some(Method::PUT)),
        ];
        let matcher = RouteMatcher::new(&rules);
        assert_eq!(matcher.find("/manga", &Method::GET), None);
        assert_eq!(matcher.find("/manga", &Method::POST), Some(0));
        assert_eq!(matcher.find("/manga/x", &Method::GET), None);
        assert_eq!(matcher.find("/manga/x", &Method::PUT), Some(1));
    }

    #[test]
    fn method_specific_beats_any_method_on_the_same_template() {
        let rules = [rule("/report", None), rule("/report", Some(Method::POST))];
        let matcher = RouteMatcher::new(&rules);
        assert_eq!(matcher.find("/report", &Method::POST), Some(1));
        assert_eq!(matcher.find("/report", &Method::GET), Some(0));
    }

    #[test]
    fn parameter_first_templates_and_regexes() {
        let rules = [
            PathRatelimit::new(
                Path::regex("begin", "/upload/begin(/[^/]+)?", Some(Method::POST)).unwrap(),
                1,
                Duration::from_secs(1),
            ),
            rule("/{lang}/feed", None),
        ];
        let matcher = RouteMatcher::new(&rules);
        assert_eq!(matcher.find("/en/feed", &Method::GET), Some(1));
        assert_eq!(matcher.find("/upload/begin/x", &Method::POST), Some(0));
        assert_eq!(matcher.find("/upload/begin/x", &Method::GET), None);
        assert_eq!(matcher.find("/nothing", &Method::GET), None);
        assert_eq!(matcher.find("", &Method::GET), None);
    }

    #[test]
    fn a_route_falls_under_the_rule_its_paths_do() {
        let rules = crate::ratelimit::constants::ratelimit_data();
        let matcher = RouteMatcher::new(&rules);
        let methods = [Method::GET, Method::POST, Method::PUT, Method::DELETE];
        for template in routes::ALL {
            let path = template
                .split('/')
                .map(|part| {
                    if part.starts_with('{') {
                        "0b3c4c0a"
                    } else {
                        part
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            for method in &methods {
                assert_eq!(
                    matcher.find_route(template, "/not/the/path", method),
                    matcher.find_in_path(&path, method),
                    "{method} {template}"
                );
            }
        }
        // Outside the table of routes, the path decides.
        let at_home = matcher.find_in_path("/at-home/server/x", &Method::GET);
        assert!(at_home.is_some());
        let found = matcher.find_route("/own/{x}", "/at-home/server/x", &Method::GET);
        assert_eq!(found, at_home);
    }
}
