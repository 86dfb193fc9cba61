//! User settings (spec tag `Settings`, 5 operations): `client.settings()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! let current = client.settings().get().send().await?;
//! let settings = serde_json::json!({"dataSaver": true});
//! client.settings().update(settings, time::OffsetDateTime::now_utc()).send().await?;
//! println!("was {}", current.settings);
//! # Ok(())
//! # }
//! ```

use time::OffsetDateTime;

use super::call::{Call, endpoint};
use super::{Operation, SettingsApi};
use crate::model::{SettingsTemplate, UserSettings, UserSettingsUpdate};

endpoint!(
    /// `GET /settings/template`: the latest settings template (a JSON Schema).
    GetSettingsTemplate: Get SETTINGS_TEMPLATE -> SettingsTemplate
);
endpoint!(
    /// `POST /settings/template`: create a settings template (staff only).
    CreateSettingsTemplate: Post SETTINGS_TEMPLATE -> SettingsTemplate, body serde_json::Value
);
endpoint!(
    /// `GET /settings/template/{version}`: one version of the settings template.
    GetSettingsTemplateVersion: Get SETTINGS_TEMPLATE_VERSION -> SettingsTemplate
);
endpoint!(
    /// `GET /settings`: the user's settings.
    GetSettings: Get SETTINGS -> UserSettings
);
endpoint!(
    /// `POST /settings`: replace the user's settings.
    UpdateSettings: Post SETTINGS -> UserSettings, body UserSettingsUpdate
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    GetSettingsTemplate::OPERATION,
    CreateSettingsTemplate::OPERATION,
    GetSettingsTemplateVersion::OPERATION,
    GetSettings::OPERATION,
    UpdateSettings::OPERATION,
];

impl SettingsApi<'_> {
    /// `GET /settings/template`: the latest settings template.
    pub fn template(&self) -> GetSettingsTemplate {
        GetSettingsTemplate(Call::new(self.client, GetSettingsTemplate::OPERATION, &[]))
    }

    /// `POST /settings/template`: create a settings template from this JSON Schema.
    pub fn create_template(&self, template: serde_json::Value) -> CreateSettingsTemplate {
        let call = Call::new(self.client, CreateSettingsTemplate::OPERATION, &[]);
        CreateSettingsTemplate(call, template)
    }

    /// `GET /settings/template/{version}`: one version of the settings template.
    pub fn template_version(&self, version: &str) -> GetSettingsTemplateVersion {
        let operation = GetSettingsTemplateVersion::OPERATION;
        GetSettingsTemplateVersion(Call::new(self.client, operation, &[&version]))
    }

    /// `GET /settings`: the user's settings.
    pub fn get(&self) -> GetSettings {
        GetSettings(Call::new(self.client, GetSettings::OPERATION, &[]))
    }

    /// `POST /settings`: replace the user's settings, stamped `updated_at` (sent as
    /// `YYYY-MM-DDTHH:MM:SS` UTC).
    pub fn update(
        &self,
        settings: serde_json::Value,
        updated_at: OffsetDateTime,
    ) -> UpdateSettings {
        let body = UserSettingsUpdate::new(settings, updated_at);
        UpdateSettings(Call::new(self.client, UpdateSettings::OPERATION, &[]), body)
    }
}
