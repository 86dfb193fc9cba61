//! `ChapterRequest`: the body of editing a chapter.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::language::Language;

/// Body of `PUT /chapter/{id}` (`ChapterEdit`; required: `version`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChapterRequest {
    /// Title (at most 255 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Volume.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<String>,
    /// Chapter number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chapter: Option<String>,
    /// Language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translated_language: Option<Language>,
    /// Scanlation groups (at most 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<Uuid>>,
    /// The current version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}
