//! A placed chapter's record in the library, and whether it has a target of its own.

use time::OffsetDateTime;

use crate::download::DownloadSummary;
use crate::series::plan::{Format, PlannedChapter, PlannedSeries};
use crate::series::store::ChapterRecord;

/// A chapter's record in the library.
pub(in crate::series) fn record(
    series: &PlannedSeries,
    chapter: &PlannedChapter,
    summary: &DownloadSummary,
) -> ChapterRecord {
    ChapterRecord {
        id: chapter.id,
        manga: series.info.id,
        volume: chapter.volume.clone(),
        chapter: chapter.chapter.clone(),
        title: chapter.title.clone(),
        language: chapter.language.as_str().to_owned(),
        groups: chapter.groups.iter().map(|g| g.id).collect(),
        group_names: chapter.groups.iter().map(|g| g.name.clone()).collect(),
        uploader: chapter.uploader,
        pages: u32::try_from(summary.pages).unwrap_or(u32::MAX),
        bytes: summary.bytes,
        path: chapter.target.clone(),
        entry_prefix: chapter.entry_prefix.clone(),
        publish_at: chapter.publish_at,
        downloaded_at: OffsetDateTime::now_utc(),
    }
}

/// Whether the format gives this chapter a file or folder of its own.
pub(in crate::series) fn own_target(format: Format, chapter: &PlannedChapter) -> bool {
    chapter.entry_prefix.is_none() || format == Format::Folder
}
