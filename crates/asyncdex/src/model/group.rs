//! Scanlation groups (`/group`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::entity::Entity;
use super::enums::RelationshipType;
use super::language::Language;
use super::localized::LocalizedString;
use super::user::UserAttributes;

/// A scanlation group entity.
pub type ScanlationGroup = Entity<ScanlationGroupAttributes>;

/// The attributes of a scanlation group. Required: `createdAt`, `updatedAt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanlationGroupAttributes {
    /// The name.
    #[serde(default)]
    pub name: String,
    /// Alternative names.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub alt_names: Vec<LocalizedString>,
    /// Website.
    #[serde(default)]
    pub website: Option<String>,
    /// IRC server.
    #[serde(default)]
    pub irc_server: Option<String>,
    /// IRC channel.
    #[serde(default)]
    pub irc_channel: Option<String>,
    /// Discord invite.
    #[serde(default)]
    pub discord: Option<String>,
    /// Contact e-mail.
    #[serde(default)]
    pub contact_email: Option<String>,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// Twitter.
    #[serde(default)]
    pub twitter: Option<String>,
    /// MangaUpdates page.
    #[serde(default)]
    pub manga_updates: Option<String>,
    /// Languages the group focuses on (`null` and missing both give an empty list).
    #[serde(
        default,
        alias = "focusedLanguages",
        deserialize_with = "super::de::null_as_default"
    )]
    pub focused_language: Vec<Language>,
    /// Whether the group is locked.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub locked: bool,
    /// Whether the group is official.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub official: bool,
    /// Whether the group is verified.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub verified: bool,
    /// Whether the group is inactive.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub inactive: bool,
    /// Whether the group is ex-licensed.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub ex_licensed: bool,
    /// The publish delay, an ISO 8601 duration (`P4D`).
    #[serde(default)]
    pub publish_delay: Option<String>,
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

impl Entity<ScanlationGroupAttributes> {
    /// The id of the leader.
    pub fn leader_id(&self) -> Option<Uuid> {
        self.first_related(RelationshipType::Leader).map(|r| r.id)
    }

    /// The expanded leader (`includes[]=leader`).
    pub fn leader(&self) -> Option<&UserAttributes> {
        self.first_related(RelationshipType::Leader)
            .and_then(|r| r.user())
    }

    /// The ids of the members.
    pub fn member_ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.related_ids(RelationshipType::Member)
    }

    /// The expanded members (`includes[]=member`), with their ids.
    pub fn members(&self) -> impl Iterator<Item = (Uuid, &UserAttributes)> + '_ {
        self.related(RelationshipType::Member)
            .filter_map(|r| r.user().map(|u| (r.id, u)))
    }
}
