//! JSON request bodies of the create/edit operations (`MangaRequest`, `ChapterRequest`,
//! `AuthorCreate`/`AuthorEdit`, `CreateScanlationGroup`/`ScanlationGroupEdit`, `CoverEdit`,
//! `CustomListCreate`/`CustomListEdit`).
//!
//! Every field is optional and left out of the JSON when `None`, so one type serves both the
//! create and the edit operation; the spec's required fields are noted on each type (edits
//! need `version`). A field cannot be set to `null` through these types.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::enums::{ContentRating, Demographic, PublicationStatus};
use super::language::Language;
use super::list::CustomListVisibility;
use super::localized::LocalizedString;

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

/// Body of `PUT /chapter/{id}` (`ChapterEdit`; required: `version`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChapterRequest {
    /// Title (at most 255 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    /// Chapter number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
    /// Language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translated_language: Option<Language>,
    /// Scanlation groups (at most 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Uuid>>,
    /// The current version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

/// Body of `POST /author` (required: `name`) and `PUT /author/{id}` (required: `version`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorRequest {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Biography.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub biography: Option<LocalizedString>,
    /// Twitter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub twitter: Option<String>,
    /// Pixiv.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pixiv: Option<String>,
    /// Melonbooks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub melon_book: Option<String>,
    /// Fanbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fan_box: Option<String>,
    /// Booth.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booth: Option<String>,
    /// Niconico.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nico_video: Option<String>,
    /// Skeb.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skeb: Option<String>,
    /// Fantia.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fantia: Option<String>,
    /// Tumblr.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tumblr: Option<String>,
    /// YouTube.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub youtube: Option<String>,
    /// Weibo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weibo: Option<String>,
    /// Naver.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub naver: Option<String>,
    /// Website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// The current version (edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

/// Body of `POST /group` (required: `name`) and `PUT /group/{id}` (required: `version`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanlationGroupRequest {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Leader (edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leader: Option<Uuid>,
    /// Members (edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Vec<Uuid>>,
    /// Website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// IRC server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub irc_server: Option<String>,
    /// IRC channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub irc_channel: Option<String>,
    /// Discord.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discord: Option<String>,
    /// Contact e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Twitter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub twitter: Option<String>,
    /// MangaUpdates page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manga_updates: Option<String>,
    /// Focused languages (edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focused_languages: Option<Vec<Language>>,
    /// Inactive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive: Option<bool>,
    /// Locked (edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
    /// Publish delay, ISO 8601 duration (`P4D`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_delay: Option<String>,
    /// The current version (edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

/// Body of `PUT /cover/{id}` (`CoverEdit`; required: `version`, `volume`, so `volume` is
/// always sent, `null` when `None`). Uploads (`POST /cover/{id}`) are multipart, not JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CoverEdit {
    /// Volume (`null` for none).
    pub volume: Option<String>,
    /// Description (at most 512 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Language>,
    /// The current version.
    pub version: u32,
}

/// Body of `POST /list` (required: `name`) and `PUT /list/{id}` (required: `version`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomListRequest {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Visibility.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<CustomListVisibility>,
    /// Manga ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manga: Option<Vec<Uuid>>,
    /// The current version (edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}
