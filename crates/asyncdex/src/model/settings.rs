//! User settings and their templates (`/settings`, `/settings/template`).
//!
//! Settings are free-form JSON validated by the server against a JSON Schema template, so
//! they stay `serde_json::Value`.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// A settings template: a JSON Schema (`GET`/`POST /settings/template`,
/// `GET /settings/template/{version}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SettingsTemplate(pub serde_json::Value);

/// `GET`/`POST /settings`: the user's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSettings {
    /// When they were last updated.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// The settings (validated by the template).
    #[serde(default)]
    pub settings: serde_json::Value,
    /// The template they were validated against.
    #[serde(default)]
    pub template: Option<Uuid>,
}

/// Body of `POST /settings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserSettingsUpdate {
    /// The settings.
    pub settings: serde_json::Value,
    /// The time of the update, `YYYY-MM-DDTHH:MM:SS` (UTC, no offset) as the API wants.
    pub updated_at: String,
}

impl UserSettingsUpdate {
    /// Settings stamped with `updated_at` in the API's format (UTC, no offset).
    pub fn new(settings: serde_json::Value, updated_at: OffsetDateTime) -> Self {
        let utc = updated_at.to_offset(time::UtcOffset::UTC);
        let format =
            time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
        let updated_at = utc
            .format(&format)
            .unwrap_or_else(|_| String::from("1970-01-01T00:00:00"));
        Self {
            settings,
            updated_at,
        }
    }
}
