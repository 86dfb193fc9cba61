//! Tags (`/manga/tag`).

use serde::{Deserialize, Serialize};

use super::entity::Entity;
use super::enums::TagGroup;
use super::localized::LocalizedString;

/// A tag entity.
pub type Tag = Entity<TagAttributes>;

/// The attributes of a tag. Required: `group`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TagAttributes {
    /// The name.
    #[serde(default)]
    pub name: LocalizedString,
    /// The description (often `[]`, i.e. empty).
    #[serde(default)]
    pub description: LocalizedString,
    /// The group.
    pub group: TagGroup,
    /// The entity version.
    #[serde(default)]
    pub version: u32,
}
