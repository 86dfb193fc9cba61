//! Custom lists (`/list`, `/user/list`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::entity::Entity;
use super::enums::RelationshipType;
use super::macros::string_enum;

/// A custom list entity.
pub type CustomList = Entity<CustomListAttributes>;

string_enum! {
    /// Visibility of a custom list.
    pub enum CustomListVisibility {
        /// `public`.
        Public => "public",
        /// `private`.
        Private => "private",
    }
}

/// The attributes of a custom list. Required: `name`, `visibility`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomListAttributes {
    /// The name.
    pub name: String,
    /// The visibility.
    pub visibility: CustomListVisibility,
    /// The entity version (for edits).
    #[serde(default)]
    pub version: u32,
}

impl Entity<CustomListAttributes> {
    /// The ids of the manga in the list.
    pub fn manga_ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.related_ids(RelationshipType::Manga)
    }

    /// The id of the owner.
    pub fn owner_id(&self) -> Option<Uuid> {
        self.first_related(RelationshipType::User).map(|r| r.id)
    }
}
