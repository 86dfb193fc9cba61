//! Authentication bodies: the auth check, the legacy session-token login/refresh, and the
//! OAuth token endpoint answer.
//!
//! Token strings never appear in `Debug` output: it prints `<redacted>` in their place.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::enums::{ResultStatus, UserRole};

const REDACTED: &str = "<redacted>";

/// `GET /auth/check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthCheck {
    /// Whether the request carried a valid token.
    #[serde(default)]
    pub is_authenticated: bool,
    /// The roles of the user.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub roles: Vec<UserRole>,
    /// The permissions of the user (`manga.view`, `chapter.list`, ...).
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub permissions: Vec<String>,
}

impl AuthCheck {
    /// Whether the user has a permission.
    pub fn has_permission(&self, permission: &str) -> bool {
        self.permissions.iter().any(|p| p == permission)
    }
}

/// The token pair of the legacy session-token flow. `Debug` redacts both tokens.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyTokens {
    /// The session token (bearer, about 15 minutes).
    pub session: String,
    /// The refresh token (about a month; rotates on refresh).
    pub refresh: String,
}

impl fmt::Debug for LegacyTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LegacyTokens")
            .field("session", &REDACTED)
            .field("refresh", &REDACTED)
            .finish()
    }
}

/// `POST /auth/login` (legacy, deprecated): `{"result":"ok","token":{"session","refresh"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyLoginResponse {
    /// The result.
    pub result: ResultStatus,
    /// The tokens.
    pub token: LegacyTokens,
}

/// `POST /auth/refresh` (legacy, deprecated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyRefreshResponse {
    /// The result.
    pub result: ResultStatus,
    /// The new tokens (the refresh token rotates).
    #[serde(default)]
    pub token: Option<LegacyTokens>,
    /// A message from the server.
    #[serde(default)]
    pub message: Option<String>,
}

/// Body of `POST /auth/login` (legacy). `Debug` redacts the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyLoginRequest {
    /// The user name (1..=64 characters); either it or `email`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The e-mail address; either it or `username`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The password (8..=1024 characters).
    pub password: String,
}

impl fmt::Debug for LegacyLoginRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LegacyLoginRequest")
            .field("username", &self.username)
            .field("email", &self.email)
            .field("password", &REDACTED)
            .finish()
    }
}

/// Body of `POST /auth/refresh` (legacy). `Debug` redacts the token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyRefreshRequest {
    /// The refresh token.
    pub token: String,
}

impl fmt::Debug for LegacyRefreshRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LegacyRefreshRequest")
            .field("token", &REDACTED)
            .finish()
    }
}

/// The OAuth token endpoint's answer (password or refresh grant). `Debug` redacts tokens.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthTokenResponse {
    /// The access token (bearer, about 15 minutes).
    pub access_token: String,
    /// The refresh token.
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// Lifetime of the access token in seconds.
    #[serde(default)]
    pub expires_in: u64,
    /// Lifetime of the refresh token in seconds, when announced.
    #[serde(default)]
    pub refresh_expires_in: Option<u64>,
    /// The token type (`Bearer`).
    #[serde(default)]
    pub token_type: Option<String>,
    /// The granted scopes.
    #[serde(default)]
    pub scope: Option<String>,
    /// The OpenID Connect id token, when asked for.
    #[serde(default)]
    pub id_token: Option<String>,
    /// The Keycloak session state.
    #[serde(default)]
    pub session_state: Option<String>,
}

impl fmt::Debug for OAuthTokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redact = |token: &Option<String>| token.as_ref().map(|_| REDACTED);
        f.debug_struct("OAuthTokenResponse")
            .field("access_token", &REDACTED)
            .field("refresh_token", &redact(&self.refresh_token))
            .field("expires_in", &self.expires_in)
            .field("refresh_expires_in", &self.refresh_expires_in)
            .field("token_type", &self.token_type)
            .field("scope", &self.scope)
            .field("id_token", &redact(&self.id_token))
            .field("session_state", &redact(&self.session_state))
            .finish()
    }
}

/// An OAuth error answer (`{"error":"invalid_grant","error_description":"..."}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthErrorResponse {
    /// The error code.
    pub error: String,
    /// A description.
    #[serde(default)]
    pub error_description: Option<String>,
}

impl OAuthErrorResponse {
    /// Whether the credentials or the refresh token are bad (`invalid_grant`); any other
    /// error is transient.
    pub fn is_invalid_grant(&self) -> bool {
        self.error == "invalid_grant"
    }
}
