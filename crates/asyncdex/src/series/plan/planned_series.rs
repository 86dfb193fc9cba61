//! One series of a plan: [`PlannedSeries`], with the chapters it fetches ([`PlannedChapter`])
//! and leaves out ([`SkippedChapter`]).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::{SeriesInfo, SeriesOptions};
use crate::model::Language;
use crate::series::select::SkipReason;

/// A group as a plan shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupName {
    /// The group.
    pub id: Uuid,
    /// Its name (empty when the feed did not expand it).
    pub name: String,
}

/// A chapter a plan will fetch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlannedChapter {
    /// The chapter.
    pub id: Uuid,
    /// Its volume.
    pub volume: Option<String>,
    /// Its number (`None`: a oneshot).
    pub chapter: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Its language.
    pub language: Language,
    /// Its scanlation groups.
    pub groups: Vec<GroupName>,
    /// Its uploader.
    pub uploader: Option<Uuid>,
    /// Pages, as the feed said.
    pub pages: u32,
    /// Publication time.
    pub publish_at: OffsetDateTime,
    /// Where it goes, relative to the library's root: its folder, or the archive it is in.
    pub target: PathBuf,
    /// In an archive of several chapters, the prefix of its page entries.
    pub entry_prefix: Option<String>,
}

/// A chapter a plan leaves out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SkippedChapter {
    /// The chapter.
    pub id: Uuid,
    /// Its volume.
    pub volume: Option<String>,
    /// Its number.
    pub chapter: Option<String>,
    /// Its language.
    pub language: Language,
    /// Its groups' names.
    pub groups: Vec<String>,
    /// Why it is left out.
    #[serde(flatten)]
    pub reason: SkipReason,
}

/// One series of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PlannedSeries {
    /// The series.
    pub info: SeriesInfo,
    /// How it is downloaded.
    pub options: SeriesOptions,
    /// Its folder, relative to the root.
    pub folder: PathBuf,
    /// The chapters to fetch, in reading order.
    pub chapters: Vec<PlannedChapter>,
    /// The chapters left out.
    pub skipped: Vec<SkippedChapter>,
    /// The newest publication time the feed showed (the next sync asks from there).
    pub newest_publish_at: Option<OffsetDateTime>,
}
