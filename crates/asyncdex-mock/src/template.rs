//! Route templates (`/manga/{id}/feed`) matched against request paths: the router, the rate
//! limits and the fault rules all use this one matcher.

/// A path's non-empty segments (`/manga//x/` has two).
pub(crate) fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// A template, parsed once: each segment a literal, or `None` for a `{...}` parameter, which
/// matches any one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template(Vec<Option<String>>);

impl Template {
    pub(crate) fn parse(template: &str) -> Self {
        Self(
            segments(template)
                .into_iter()
                .map(|s| (!s.starts_with('{')).then(|| s.to_owned()))
                .collect(),
        )
    }

    /// Whether a path split by [`segments`] is an instance of this template.
    pub(crate) fn matches(&self, path: &[&str]) -> bool {
        self.0.len() == path.len()
            && self
                .0
                .iter()
                .zip(path)
                .all(|(own, s)| own.as_deref().is_none_or(|literal| literal == *s))
    }

    /// How specific it is, to compare templates that match one path: literal segments beat
    /// parameters, segment by segment from the left.
    pub(crate) fn specificity(&self) -> Vec<bool> {
        self.0.iter().map(Option::is_some).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_match_one_segment_and_literals_beat_them() {
        let param = Template::parse("/manga/{id}");
        let literal = Template::parse("/manga/random");
        let path = segments("/manga/random");
        assert!(param.matches(&path) && literal.matches(&path));
        assert!(literal.specificity() > param.specificity());
        assert!(!param.matches(&segments("/manga")));
        assert!(!param.matches(&segments("/manga/a/b")));
        assert!(!literal.matches(&segments("/manga/other")));
    }
}
