//! Cover art (`/cover`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::entity::Entity;
use super::enums::RelationshipType;
use super::language::Language;

/// A cover art entity.
pub type CoverArt = Entity<CoverAttributes>;

/// The base URL of cover images.
pub const COVER_BASE_URL: &str = "https://uploads.mangadex.org/covers";

/// The attributes of a cover art. Required: `fileName`, `createdAt`, `updatedAt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CoverAttributes {
    /// The volume it is the cover of.
    #[serde(default)]
    pub volume: Option<String>,
    /// The image file name on the uploads server.
    pub file_name: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// The language of the cover.
    #[serde(default)]
    pub locale: Option<Language>,
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

impl CoverAttributes {
    /// The full-size image URL of this cover for the given manga.
    pub fn url_for_manga(&self, manga_id: Uuid) -> String {
        format!("{COVER_BASE_URL}/{manga_id}/{}", self.file_name)
    }

    /// A thumbnail URL (`width` 256 or 512, as the uploads server offers).
    pub fn thumbnail_url_for_manga(&self, manga_id: Uuid, width: u16) -> String {
        format!("{COVER_BASE_URL}/{manga_id}/{}.{width}.jpg", self.file_name)
    }
}

impl Entity<CoverAttributes> {
    /// The id of the manga this cover belongs to.
    pub fn manga_id(&self) -> Option<Uuid> {
        self.first_related(RelationshipType::Manga).map(|r| r.id)
    }

    /// The full-size image URL, when the manga relationship is present.
    pub fn url(&self) -> Option<String> {
        self.manga_id().map(|id| self.attributes.url_for_manga(id))
    }
}
