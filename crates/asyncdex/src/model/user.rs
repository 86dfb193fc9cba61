//! Users (`/user`, `/user/me`).

use serde::{Deserialize, Serialize};

use super::entity::Entity;
use super::enums::UserRole;

/// A user entity.
pub type User = Entity<UserAttributes>;

/// The attributes of a user. Required: `username`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserAttributes {
    /// The user name.
    pub username: String,
    /// The roles.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub roles: Vec<UserRole>,
    /// The entity version.
    #[serde(default)]
    pub version: u32,
}
