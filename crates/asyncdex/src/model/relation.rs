//! Manga relations (`/manga/{mangaId}/relation`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::entity::Entity;
use super::enums::{MangaRelationType, RelationshipType};

/// A manga relation entity (`type: manga_relation`).
pub type MangaRelation = Entity<MangaRelationAttributes>;

/// The attributes of a manga relation. Required: `relation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MangaRelationAttributes {
    /// How the target relates to the source manga.
    pub relation: MangaRelationType,
    /// The entity version.
    #[serde(default)]
    pub version: u32,
}

impl Entity<MangaRelationAttributes> {
    /// The id of the target manga (the `manga` relationship).
    pub fn target_id(&self) -> Option<Uuid> {
        self.first_related(RelationshipType::Manga).map(|r| r.id)
    }
}

/// Body of `POST /manga/{mangaId}/relation` (`MangaRelationCreate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MangaRelationCreate {
    /// The related manga.
    pub target_manga: Uuid,
    /// How it relates.
    pub relation: MangaRelationType,
}
