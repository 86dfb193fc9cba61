//! A plan: the chapters a series download will fetch, the files they become, and the ones it
//! leaves out with the reason. Plain data (serde), so a caller can show it, edit it, or save
//! it and run it later.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::filter::Filters;
use super::naming::Naming;
use super::select::SkipReason;
use super::source::Source;
use crate::model::{ContentRating, Language};

/// How chapters are laid out on disk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A folder of page images per chapter.
    #[default]
    Folder,
    /// A CBZ per chapter.
    Cbz,
    /// A CBZ per volume (chapters without a volume get a CBZ each).
    CbzVolume,
    /// One CBZ for the whole series.
    CbzSingle,
}

impl Format {
    /// The name used on the command line and in plans.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Folder => "folder",
            Self::Cbz => "cbz",
            Self::CbzVolume => "cbz-volume",
            Self::CbzSingle => "cbz-single",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format name that is not one of `folder`, `cbz`, `cbz-volume`, `cbz-single`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError(String);

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.0.chars().take(40).collect();
        write!(
            f,
            "unknown format {shown:?}: use folder, cbz, cbz-volume or cbz-single"
        )
    }
}

impl std::error::Error for FormatError {}

impl FromStr for Format {
    type Err = FormatError;

    fn from_str(text: &str) -> Result<Self, FormatError> {
        [Self::Folder, Self::Cbz, Self::CbzVolume, Self::CbzSingle]
            .into_iter()
            .find(|format| format.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| FormatError(text.to_owned()))
    }
}

/// How a series is downloaded. A library remembers it per series, so `sync` downloads new
/// chapters the same way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SeriesOptions {
    /// Which chapters.
    pub filters: Filters,
    /// Folders or archives.
    pub format: Format,
    /// Folder and file names.
    pub naming: Naming,
    /// Write a `ComicInfo.xml` into every archive (default: yes).
    pub comic_info: bool,
    /// Write the series cover as `cover.jpg` in the series folder, and each volume's cover
    /// as the first image of its volume archive (default: no).
    pub cover: bool,
    /// Compressed images (data-saver) instead of the originals (default: no).
    pub data_saver: bool,
    /// Keep every group's version of a chapter instead of one (default: no).
    pub all_groups: bool,
    /// The series came from the followed feed: a sync that reads that feed needs no other
    /// request for it (set by the plan; a `full` sync checks it anyway).
    pub followed: bool,
}

impl Default for SeriesOptions {
    fn default() -> Self {
        Self {
            filters: Filters::default(),
            format: Format::default(),
            naming: Naming::default(),
            comic_info: true,
            cover: false,
            data_saver: false,
            all_groups: false,
            followed: false,
        }
    }
}

/// A series as a plan needs it for names and metadata.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SeriesInfo {
    /// The manga.
    pub id: Uuid,
    /// Its title, in the first preferred language that has one.
    pub title: String,
    /// The description, in the same way.
    pub description: Option<String>,
    /// Author names.
    pub authors: Vec<String>,
    /// Artist names.
    pub artists: Vec<String>,
    /// Genre tags.
    pub genres: Vec<String>,
    /// Other tags (themes, formats, content).
    pub tags: Vec<String>,
    /// The content rating.
    pub content_rating: ContentRating,
    /// The original language.
    pub original_language: Language,
    /// Whether it reads as a long vertical strip (the `Long Strip` tag).
    pub long_strip: bool,
    /// The last chapter, when the series is completed.
    pub last_chapter: Option<String>,
    /// Year of release.
    pub year: Option<u16>,
    /// The main cover's file name on the uploads host.
    pub cover_file: Option<String>,
    /// Covers by volume (only fetched for volume archives with covers).
    pub volume_covers: BTreeMap<String, String>,
    /// The newest chapter in any language, as the API said when planning (sync compares it).
    pub latest_uploaded_chapter: Option<Uuid>,
    /// Whether chapter numbers start again in each volume (the manga's
    /// `chapterNumbersResetOnNewVolume`): then a chapter is known by volume and number.
    #[serde(default)]
    pub numbers_reset_per_volume: bool,
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_and_print() {
        for format in [
            Format::Folder,
            Format::Cbz,
            Format::CbzVolume,
            Format::CbzSingle,
        ] {
            assert_eq!(format.as_str().parse::<Format>(), Ok(format));
            let json = serde_json::to_string(&format).unwrap();
            assert_eq!(json, format!("\"{format}\""));
        }
        let error = "zip".parse::<Format>().unwrap_err().to_string();
        assert_eq!(
            error,
            "unknown format \"zip\": use folder, cbz, cbz-volume or cbz-single"
        );
    }

    #[test]
    fn options_round_trip_and_fill_defaults() {
        let options = SeriesOptions {
            format: Format::CbzVolume,
            cover: true,
            ..SeriesOptions::default()
        };
        let json = serde_json::to_value(&options).unwrap();
        assert_eq!(
            serde_json::from_value::<SeriesOptions>(json).unwrap(),
            options
        );
        let partial: SeriesOptions = serde_json::from_str(r#"{"format":"cbz"}"#).unwrap();
        assert_eq!(partial.format, Format::Cbz);
        assert!(partial.comic_info);
    }
}
