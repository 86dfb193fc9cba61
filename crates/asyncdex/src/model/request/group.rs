//! `ScanlationGroupRequest`: the body of creating and editing a scanlation group.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::language::Language;

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
