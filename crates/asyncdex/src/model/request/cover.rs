//! `CoverEdit`: the body of editing a cover.

use serde::{Deserialize, Serialize};

use crate::model::language::Language;

/// Body of `PUT /cover/{id}` (`CoverEdit`; required: `version`, `volume`, so `volume` is
/// always sent, `null` when `None`). Uploads (`POST /cover/{id}`) are multipart, not JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CoverEdit {
    /// Volume (`null` for none).
    pub volume: Option<String>,
    /// Description (at most 512 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Language>,
    /// The current version.
    pub version: u32,
}
