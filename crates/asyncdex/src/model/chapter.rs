//! Chapters (`/chapter`, feeds).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::entity::Entity;
use super::enums::RelationshipType;
use super::group::ScanlationGroupAttributes;
use super::language::Language;
use super::manga::MangaAttributes;
use super::user::UserAttributes;

/// A chapter entity.
pub type Chapter = Entity<ChapterAttributes>;

/// The attributes of a chapter.
///
/// Required: `translatedLanguage`, `createdAt`, `updatedAt`, `publishAt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChapterAttributes {
    /// The chapter title.
    #[serde(default)]
    pub title: Option<String>,
    /// The volume (a string: `"1"`, `"2.5"`), `None` when not in a volume.
    #[serde(default)]
    pub volume: Option<String>,
    /// The chapter number (a string: `"15.1"`), `None` for a oneshot.
    #[serde(default)]
    pub chapter: Option<String>,
    /// Count of readable images.
    #[serde(default)]
    pub pages: u32,
    /// The translated language.
    pub translated_language: Language,
    /// The uploader (older API versions; now a `user` relationship).
    #[serde(default)]
    pub uploader: Option<Uuid>,
    /// A link to an external source, for chapters hosted elsewhere.
    #[serde(default)]
    pub external_url: Option<String>,
    /// Whether the chapter is unavailable.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub is_unavailable: bool,
    /// The entity version (for edits).
    #[serde(default)]
    pub version: u32,
    /// Creation time.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last update time.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// Publication time (may be in the future for delayed chapters).
    #[serde(with = "time::serde::rfc3339")]
    pub publish_at: OffsetDateTime,
    /// When the chapter became readable.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub readable_at: Option<OffsetDateTime>,
}

impl Entity<ChapterAttributes> {
    /// The id of the chapter's manga.
    pub fn manga_id(&self) -> Option<Uuid> {
        self.first_related(RelationshipType::Manga).map(|r| r.id)
    }

    /// The expanded manga (`includes[]=manga`).
    pub fn manga(&self) -> Option<&MangaAttributes> {
        self.first_related(RelationshipType::Manga)
            .and_then(|r| r.manga())
    }

    /// The ids of the scanlation groups.
    pub fn group_ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.related_ids(RelationshipType::ScanlationGroup)
    }

    /// The expanded scanlation groups (`includes[]=scanlation_group`), with their ids.
    pub fn groups(&self) -> impl Iterator<Item = (Uuid, &ScanlationGroupAttributes)> + '_ {
        self.related(RelationshipType::ScanlationGroup)
            .filter_map(|r| r.scanlation_group().map(|g| (r.id, g)))
    }

    /// The id of the uploader.
    pub fn uploader_id(&self) -> Option<Uuid> {
        self.first_related(RelationshipType::User)
            .map(|r| r.id)
            .or(self.attributes.uploader)
    }

    /// The expanded uploader (`includes[]=user`).
    pub fn uploader(&self) -> Option<&UserAttributes> {
        self.first_related(RelationshipType::User)
            .and_then(|r| r.user())
    }

    /// Whether this chapter links to an external site instead of hosting pages.
    pub fn is_external(&self) -> bool {
        self.attributes.external_url.is_some()
    }
}
