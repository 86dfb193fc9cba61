//! API clients (personal OAuth clients, `/client`).

use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::entity::Entity;
use super::enums::ResultStatus;
use super::macros::string_enum;

/// An API client entity.
pub type ApiClient = Entity<ApiClientAttributes>;

string_enum! {
    /// Approval state of an API client.
    pub enum ApiClientState {
        /// `requested`.
        Requested => "requested",
        /// `approved`.
        Approved => "approved",
        /// `rejected`.
        Rejected => "rejected",
        /// `autoapproved`.
        AutoApproved => "autoapproved",
    }
}

string_enum! {
    /// Profile of an API client.
    pub enum ApiClientProfile {
        /// `personal`.
        Personal => "personal",
    }
}

/// The attributes of an API client. Required: `name`, `createdAt`, `updatedAt`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiClientAttributes {
    /// The name.
    pub name: String,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The profile (`personal`).
    #[serde(default)]
    pub profile: Option<ApiClientProfile>,
    /// The OAuth `client_id`, once approved.
    #[serde(default)]
    pub external_client_id: Option<String>,
    /// Whether the client is active.
    #[serde(default)]
    pub is_active: bool,
    /// The approval state.
    #[serde(default)]
    pub state: Option<ApiClientState>,
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

/// `GET`/`POST /client/{id}/secret`: `{"result":"ok","data":"<secret>"}`. `Debug` redacts.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiClientSecret {
    /// The result.
    pub result: ResultStatus,
    /// The client secret.
    pub data: String,
}

impl fmt::Debug for ApiClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiClientSecret")
            .field("result", &self.result)
            .field("data", &"<redacted>")
            .finish()
    }
}

/// Body of `POST /client` (`ApiClientCreate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiClientCreate {
    /// The name (5..=32 characters).
    pub name: String,
    /// The description (at most 256 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The profile.
    pub profile: ApiClientProfile,
    /// The version (1 for a new client).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

/// Body of `POST /client/{id}` (`ApiClientEdit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiClientEdit {
    /// The new description (`None` serializes as `null`, clearing it).
    pub description: Option<String>,
    /// The current version.
    pub version: u32,
}
