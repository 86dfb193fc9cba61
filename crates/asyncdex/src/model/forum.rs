//! Forums threads backing comments (`POST /forums/thread`).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::macros::string_enum;

string_enum! {
    /// The kind of resource a forums thread is about.
    pub enum ForumThreadType {
        /// `manga`.
        Manga => "manga",
        /// `group`.
        Group => "group",
        /// `chapter`.
        Chapter => "chapter",
    }
}

/// Body of `POST /forums/thread`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForumThreadRequest {
    /// The resource type.
    #[serde(rename = "type")]
    pub kind: ForumThreadType,
    /// The resource id.
    pub id: Uuid,
}

/// `POST /forums/thread`: `{"result":"ok","response":"entity","data":{..}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForumThreadResponse {
    /// The thread.
    pub data: ForumThread,
}

/// A forums thread (its id is an integer, not a UUID).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForumThread {
    /// `thread`.
    #[serde(rename = "type", default = "thread")]
    pub kind: String,
    /// The thread id, at `https://forums.mangadex.org/threads/{id}`.
    pub id: u64,
    /// The attributes.
    #[serde(default)]
    pub attributes: ForumThreadAttributes,
}

fn thread() -> String {
    "thread".to_owned()
}

impl ForumThread {
    /// The thread URL on the forums.
    pub fn url(&self) -> String {
        format!("https://forums.mangadex.org/threads/{}", self.id)
    }
}

/// The attributes of a forums thread.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ForumThreadAttributes {
    /// Replies so far.
    #[serde(default)]
    pub replies_count: u64,
}
