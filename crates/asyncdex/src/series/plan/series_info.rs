//! [`SeriesInfo`]: a series as a plan needs it for names and metadata.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::{ContentRating, Language};

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
