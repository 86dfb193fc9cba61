//! Why a filter leaves a candidate out, if one does.

use super::{Candidate, SkipReason};
use crate::series::filter::Filters;

/// Why a filter leaves a candidate out, if one does.
pub(super) fn filtered(c: &Candidate<'_>, filters: &Filters) -> Option<SkipReason> {
    let why = |text: String| Some(SkipReason::Filtered { why: text });
    if filters.language_rank(c.language).is_none() {
        return why(format!("language {} not wanted", c.language));
    }
    if let Some(group) = filters.blocks_group(&c.groups) {
        return why(format!("group {group} blocked"));
    }
    if let Some(uploader) = filters.blocks_uploader(c.uploader) {
        return why(format!("uploader {uploader} blocked"));
    }
    if c.chapter.is_none() && filters.no_oneshots {
        return why("oneshot".to_owned());
    }
    if let Some(range) = filters.chapters
        && !c.chapter.is_some_and(|n| range.contains(n))
    {
        return why(format!(
            "chapter {} outside {range}",
            c.chapter.unwrap_or("(none)")
        ));
    }
    if let Some(range) = filters.volumes
        && !c.volume.is_some_and(|n| range.contains(n))
    {
        return why(format!(
            "volume {} outside {range}",
            c.volume.unwrap_or("(none)")
        ));
    }
    if let Some(url) = c.external_url {
        return Some(SkipReason::External {
            url: url.to_owned(),
        });
    }
    if c.unavailable || c.pages == 0 {
        return Some(SkipReason::Unavailable);
    }
    None
}
