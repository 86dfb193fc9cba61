//! Authors and artists (`/author`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::entity::Entity;
use super::localized::LocalizedString;

/// An author (or artist) entity.
pub type Author = Entity<AuthorAttributes>;

/// The attributes of an author or artist. Required: `createdAt`, `updatedAt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorAttributes {
    /// The name.
    #[serde(default)]
    pub name: String,
    /// A picture.
    #[serde(default)]
    pub image_url: Option<String>,
    /// The biography.
    #[serde(default)]
    pub biography: LocalizedString,
    /// Twitter.
    #[serde(default)]
    pub twitter: Option<String>,
    /// Pixiv.
    #[serde(default)]
    pub pixiv: Option<String>,
    /// Melonbooks.
    #[serde(default)]
    pub melon_book: Option<String>,
    /// Fanbox.
    #[serde(default)]
    pub fan_box: Option<String>,
    /// Booth.
    #[serde(default)]
    pub booth: Option<String>,
    /// Niconico.
    #[serde(default)]
    pub nico_video: Option<String>,
    /// Skeb.
    #[serde(default)]
    pub skeb: Option<String>,
    /// Fantia.
    #[serde(default)]
    pub fantia: Option<String>,
    /// Tumblr.
    #[serde(default)]
    pub tumblr: Option<String>,
    /// YouTube.
    #[serde(default)]
    pub youtube: Option<String>,
    /// Weibo.
    #[serde(default)]
    pub weibo: Option<String>,
    /// Naver.
    #[serde(default)]
    pub naver: Option<String>,
    /// NamiComi.
    #[serde(default)]
    pub namicomi: Option<String>,
    /// Personal website.
    #[serde(default)]
    pub website: Option<String>,
    /// The entity version (for edits).
    #[serde(default)]
    pub version: u32,
    /// Creation time.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last update time.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}
