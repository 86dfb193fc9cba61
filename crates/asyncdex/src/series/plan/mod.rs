//! A plan: the chapters a series download will fetch, the files they become, and the ones it
//! leaves out with the reason. Plain data (serde), so a caller can show it, edit it, or save
//! it and run it later.

mod format;
mod planned_series;
mod series_info;
mod series_options;
#[cfg(test)]
mod tests;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::source::Source;

pub use self::format::{Format, FormatError};
pub use self::planned_series::{GroupName, PlannedChapter, PlannedSeries, SkippedChapter};
pub use self::series_info::SeriesInfo;
pub use self::series_options::SeriesOptions;

/// What a series download or sync will do; see [`crate::series`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Plan {
    /// The library's root directory.
    pub root: PathBuf,
    /// Where the chapters came from.
    pub source: Source,
    /// The series, each with its chapters.
    pub series: Vec<PlannedSeries>,
    /// For a followed-feed sync: the newest publication time seen, the next sync's start.
    pub followed_mark: Option<OffsetDateTime>,
    /// The followed feed's chapters at that time: the next sync, asking from that time on,
    /// knows them.
    #[serde(default)]
    pub followed_seen: Vec<Uuid>,
}

impl Plan {
    /// Chapters to fetch, in all series.
    pub fn chapter_count(&self) -> usize {
        self.series.iter().map(|s| s.chapters.len()).sum()
    }

    /// Pages to fetch, as the feeds said.
    pub fn page_count(&self) -> u64 {
        self.series
            .iter()
            .flat_map(|s| &s.chapters)
            .map(|c| u64::from(c.pages))
            .sum()
    }

    /// Chapters left out, in all series.
    pub fn skipped_count(&self) -> usize {
        self.series.iter().map(|s| s.skipped.len()).sum()
    }
}
