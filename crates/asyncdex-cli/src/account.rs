//! `whoami`, `login`, `logout`: checks of the configured credentials. Tokens are never
//! printed.

use asyncdex::model::{EntityResponse, User};
use serde::Serialize;
use uuid::Uuid;

use crate::error::{CliError, EXIT_UNAUTHORIZED};
use crate::output;
use crate::session::Session;

const NO_CREDENTIALS: &str = "no credentials: set ASYNCDEX_USERNAME and ASYNCDEX_PASSWORD (with \
ASYNCDEX_CLIENT_ID and ASYNCDEX_CLIENT_SECRET for an OAuth personal client) or \
ASYNCDEX_REFRESH_TOKEN, or try --mock";

/// `GET /user/me`.
async fn me(session: &Session) -> Result<User, CliError> {
    session
        .client
        .user()
        .me()
        .send()
        .await
        .map(EntityResponse::into_data)
        .map_err(|error| session.fail(&error))
}

/// Gets a session: logs in with the credentials, or refreshes with the refresh token.
async fn sign_in(session: &Session) -> Result<(), CliError> {
    let client = &session.client;
    let result = if client.username().is_some() {
        client.login(None).await
    } else if client.refresh_token().is_some() {
        client.get_session_token().await.map(drop)
    } else {
        return Err(CliError::new(EXIT_UNAUTHORIZED, NO_CREDENTIALS));
    };
    result.map_err(|error| session.fail(&error))
}

#[derive(Debug, Serialize)]
struct WhoAmI<'a> {
    id: Uuid,
    username: &'a str,
    roles: Vec<&'a str>,
}

pub(crate) async fn whoami(session: &Session) -> Result<(), CliError> {
    let user = me(session).await?;
    let who = WhoAmI {
        id: user.id,
        username: &user.attributes.username,
        roles: user.attributes.roles.iter().map(|r| r.as_str()).collect(),
    };
    if session.json {
        return output::json(&who);
    }
    output::record(&[
        ("username", who.username.to_owned()),
        ("id", who.id.to_string()),
        ("roles", who.roles.join(", ")),
    ])
}

#[derive(Debug, Serialize)]
struct LoggedIn<'a> {
    username: &'a str,
    id: Uuid,
    /// Whether a refresh token was obtained (the token itself is never printed).
    refresh_token: bool,
}

pub(crate) async fn login(session: &Session) -> Result<(), CliError> {
    sign_in(session).await?;
    let user = me(session).await?;
    let refresh_token = session.client.refresh_token().is_some();
    let done = LoggedIn {
        username: &user.attributes.username,
        id: user.id,
        refresh_token,
    };
    if session.json {
        return output::json(&done);
    }
    let refresh = if refresh_token {
        "a refresh token was obtained (not shown)"
    } else {
        "no refresh token was obtained"
    };
    output::line(&format!(
        "logged in as {} ({}); {refresh}",
        output::excerpt(done.username, output::ECHO_MAX),
        done.id
    ))
}

#[derive(Debug, Serialize)]
struct LoggedOut<'a> {
    username: &'a str,
    logged_out: bool,
}

pub(crate) async fn logout(session: &Session) -> Result<(), CliError> {
    sign_in(session).await?;
    let user = me(session).await?;
    session
        .client
        .logout()
        .await
        .map_err(|error| session.fail(&error))?;
    let done = LoggedOut {
        username: &user.attributes.username,
        logged_out: true,
    };
    if session.json {
        return output::json(&done);
    }
    output::line(&format!(
        "logged out {}",
        output::excerpt(done.username, output::ECHO_MAX)
    ))
}
