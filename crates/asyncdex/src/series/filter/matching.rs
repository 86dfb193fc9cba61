//! Matching chapters against [`Filters`]: languages by rank, groups and uploaders by id or
//! name.

use super::Filters;
use crate::model::Language;

/// A group or user as a filter sees it: its id and name.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Named<'a> {
    pub(crate) id: uuid::Uuid,
    pub(crate) name: Option<&'a str>,
}

impl Named<'_> {
    /// Whether a filter entry (an id, or a name ignoring case) names this one.
    pub(crate) fn is(&self, entry: &str) -> bool {
        let entry = entry.trim();
        entry.parse::<uuid::Uuid>().ok() == Some(self.id)
            || self
                .name
                .is_some_and(|name| name.to_lowercase() == entry.to_lowercase())
    }
}

impl Filters {
    /// The rank of a language in the preferences (0 = best); `None` when not wanted. With
    /// no preferences every language is wanted, all equal.
    pub(crate) fn language_rank(&self, language: &Language) -> Option<usize> {
        if self.languages.is_empty() {
            return Some(0);
        }
        self.languages.iter().position(|wanted| wanted == language)
    }

    /// The best rank among a chapter's groups in `prefer_groups` (0 = best).
    pub(crate) fn preference(&self, groups: &[Named<'_>]) -> Option<usize> {
        self.prefer_groups
            .iter()
            .position(|entry| groups.iter().any(|group| group.is(entry)))
    }

    /// Whether any of these groups is blocked.
    pub(crate) fn blocks_group(&self, groups: &[Named<'_>]) -> Option<String> {
        self.block_groups
            .iter()
            .find(|entry| groups.iter().any(|group| group.is(entry)))
            .cloned()
    }

    /// Whether this uploader is blocked.
    pub(crate) fn blocks_uploader(&self, uploader: Option<Named<'_>>) -> Option<String> {
        let uploader = uploader?;
        self.block_uploaders
            .iter()
            .find(|entry| uploader.is(entry))
            .cloned()
    }
}
