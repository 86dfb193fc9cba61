//! `MangaRequest`: the body of creating and editing a manga.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::enums::{ContentRating, Demographic, PublicationStatus};
use crate::model::language::Language;
use crate::model::localized::LocalizedString;

/// Body of `POST /manga` (required: `title`, `status`, `originalLanguage`, `contentRating`)
/// and `PUT /manga/{id}` (required: `version`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MangaRequest {
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<LocalizedString>,
    /// Alternative titles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt_titles: Option<Vec<LocalizedString>>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<LocalizedString>,
    /// Author ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authors: Option<Vec<Uuid>>,
    /// Artist ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub artists: Option<Vec<Uuid>>,
    /// Links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<BTreeMap<String, String>>,
    /// Official links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_links: Option<BTreeMap<String, String>>,
    /// Original language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_language: Option<Language>,
    /// Last volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_volume: Option<String>,
    /// Last chapter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_chapter: Option<String>,
    /// Publication demographic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication_demographic: Option<Demographic>,
    /// Publication status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PublicationStatus>,
    /// Year of release (1..=9999).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// Content rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_rating: Option<ContentRating>,
    /// Whether chapter numbers reset on each volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter_numbers_reset_on_new_volume: Option<bool>,
    /// Tag ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Uuid>>,
    /// The primary cover id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_cover: Option<Uuid>,
    /// The current version (edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}
