//! Authentication (spec tag `Authentication`, 4 operations): `client.authentication()`.
//!
//! Only `GET /auth/check` is current. The legacy session-token calls (`POST /auth/login`,
//! `/auth/refresh`, `/auth/logout`) are deprecated in spec 5.13.1 in favour of OAuth; they are
//! here for completeness, but a client normally lets its auth layer handle tokens
//! ([`MangadexClient::login`](crate::MangadexClient::login)). Their answers carry tokens the
//! client's auth layer does not see.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! let check = client.authentication().check().send().await?;
//! println!("{} {:?}", check.is_authenticated, check.roles);
//! # Ok(())
//! # }
//! ```

use super::call::{Call, endpoint};
use super::{AuthenticationApi, Operation};
use crate::model::{
    AuthCheck, LegacyLoginRequest, LegacyLoginResponse, LegacyRefreshRequest,
    LegacyRefreshResponse, ResultOk,
};

endpoint!(
    /// `POST /auth/login` (deprecated): log in with a username or e-mail and a password.
    LegacyLogin: Post AUTH_LOGIN -> LegacyLoginResponse, body LegacyLoginRequest
);
endpoint!(
    /// `GET /auth/check`: whether the request is authenticated, with roles and permissions.
    CheckAuth: Get AUTH_CHECK -> AuthCheck
);
endpoint!(
    /// `POST /auth/logout` (deprecated): end the session.
    LegacyLogout: Post AUTH_LOGOUT -> ResultOk
);
endpoint!(
    /// `POST /auth/refresh` (deprecated): a new session token from a refresh token.
    LegacyRefresh: Post AUTH_REFRESH -> LegacyRefreshResponse, body LegacyRefreshRequest
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    LegacyLogin::OPERATION,
    CheckAuth::OPERATION,
    LegacyLogout::OPERATION,
    LegacyRefresh::OPERATION,
];

impl AuthenticationApi<'_> {
    /// `POST /auth/login`: log in as `username` (1..=64 characters) with `password`
    /// (8..=1024 characters).
    #[deprecated(
        note = "deprecated in spec 5.13.1: MangaDex moved to OAuth; use MangadexClient::login or the auth layer"
    )]
    pub fn login(&self, username: &str, password: &str) -> LegacyLogin {
        let body = LegacyLoginRequest {
            username: Some(username.to_owned()),
            email: None,
            password: password.to_owned(),
        };
        LegacyLogin(Call::new(self.client, LegacyLogin::OPERATION, &[]), body)
    }

    /// `GET /auth/check`: whether the request is authenticated.
    pub fn check(&self) -> CheckAuth {
        CheckAuth(Call::new(self.client, CheckAuth::OPERATION, &[]))
    }

    /// `POST /auth/logout`: end the session of the token sent.
    #[deprecated(
        note = "deprecated in spec 5.13.1: MangaDex moved to OAuth; use MangadexClient::logout"
    )]
    pub fn logout(&self) -> LegacyLogout {
        LegacyLogout(Call::new(self.client, LegacyLogout::OPERATION, &[]))
    }

    /// `POST /auth/refresh`: a new session token (and a rotated refresh token).
    #[deprecated(
        note = "deprecated in spec 5.13.1: MangaDex moved to OAuth; use MangadexClient::get_session_token"
    )]
    pub fn refresh(&self, refresh_token: &str) -> LegacyRefresh {
        let body = LegacyRefreshRequest {
            token: refresh_token.to_owned(),
        };
        LegacyRefresh(Call::new(self.client, LegacyRefresh::OPERATION, &[]), body)
    }
}

impl LegacyLogin {
    /// Logs in with this e-mail instead of the username.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.1.username = None;
        self.1.email = Some(email.into());
        self
    }
}
