//! Legacy id mapping (`POST /legacy/mapping`): old numeric ids to UUIDs.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::entity::Entity;
use super::macros::string_enum;

/// A legacy id mapping entity (`type: mapping_id`).
pub type LegacyMapping = Entity<LegacyMappingAttributes>;

string_enum! {
    /// The kind of object a legacy id belongs to.
    pub enum LegacyMappingType {
        /// `manga`.
        Manga => "manga",
        /// `chapter`.
        Chapter => "chapter",
        /// `group`.
        Group => "group",
        /// `tag`.
        Tag => "tag",
    }
}

/// The attributes of a legacy id mapping. Required: `type`, `legacyId`, `newId`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegacyMappingAttributes {
    /// The kind of object.
    #[serde(rename = "type")]
    pub kind: LegacyMappingType,
    /// The old numeric id.
    pub legacy_id: u64,
    /// The new id.
    pub new_id: Uuid,
}

/// Body of `POST /legacy/mapping` (`MappingIdBody`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyMappingRequest {
    /// The kind of the ids.
    #[serde(rename = "type")]
    pub kind: LegacyMappingType,
    /// The old numeric ids.
    pub ids: Vec<u64>,
}
