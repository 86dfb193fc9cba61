//! `CustomListRequest`: the body of creating and editing a custom list.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::list::CustomListVisibility;

/// Body of `POST /list` (required: `name`) and `PUT /list/{id}` (required: `version`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomListRequest {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Visibility.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<CustomListVisibility>,
    /// Manga ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manga: Option<Vec<Uuid>>,
    /// The current version (edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}
