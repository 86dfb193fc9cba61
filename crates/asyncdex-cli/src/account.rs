//! `whoami`, `login`, `logout`: checks of the configured credentials, and the end of the
//! refresh token kept between runs. Tokens are never printed.

use asyncdex::model::{EntityResponse, User};
use serde::Serialize;
use uuid::Uuid;

use crate::error::{CliError, EXIT_API, EXIT_UNAUTHORIZED};
use crate::output;
use crate::session::Session;
use crate::token_store::KeptToken;

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

/// Gets a session: refreshes with the kept refresh token (a rejected one falls back to one
/// login), else logs in with the credentials, else refreshes with ASYNCDEX_REFRESH_TOKEN.
async fn sign_in(session: &Session) -> Result<(), CliError> {
    let client = &session.client;
    let kept = session.kept_token.is_some() && client.refresh_token().is_some();
    let result = if kept {
        client.get_session_token().await.map(drop)
    } else if client.username().is_some() {
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
    /// Where it is kept for the next runs (the OS keyring, a file), when it is.
    kept_in: Option<String>,
}

pub(crate) async fn login(session: &Session) -> Result<(), CliError> {
    sign_in(session).await?;
    let user = me(session).await?;
    let refresh_token = session.client.refresh_token().is_some();
    let done = LoggedIn {
        username: &user.attributes.username,
        id: user.id,
        refresh_token,
        kept_in: session.kept_token.as_ref().map(KeptToken::place),
    };
    if session.json {
        return output::json(&done);
    }
    let refresh = match (refresh_token, &done.kept_in) {
        (true, Some(place)) => format!("a refresh token was obtained (not shown), kept in {place}"),
        (true, None) => "a refresh token was obtained (not shown)".to_owned(),
        (false, _) => "no refresh token was obtained".to_owned(),
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

/// Ends the session. With a kept refresh token: revokes it at the server and deletes it;
/// without one, logs in to log out (there is no token to keep then).
pub(crate) async fn logout(session: &Session) -> Result<(), CliError> {
    if let Some(kept) = &session.kept_token {
        return logout_kept(session, kept).await;
    }
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

#[derive(Debug, Serialize)]
struct KeptLoggedOut<'a> {
    username: &'a str,
    /// Whether a kept token was revoked and deleted (false: there was none).
    logged_out: bool,
    /// Where it was kept.
    kept_in: &'a str,
}

/// `logout` with a token store: revokes the kept refresh token (OAuth: RFC 7009; legacy:
/// `/auth/logout` with a session made from it) and deletes it. Nothing kept: says so; no call.
async fn logout_kept(session: &Session, kept: &KeptToken) -> Result<(), CliError> {
    let client = &session.client;
    let username = client.username().unwrap_or_default();
    let place = kept.place();
    let held = client.refresh_token().is_some();
    if held {
        // On failure the token stays kept, so that a second try can still revoke it.
        client
            .logout()
            .await
            .map_err(|error| session.fail(&error))?;
    }
    // Also clears an unreadable entry (already warned about) when nothing was held.
    let deleted = kept.forget().map_err(|error| {
        let revoked = if held { "was revoked but " } else { "" };
        CliError::new(
            EXIT_API,
            format!("the kept refresh token {revoked}could not be deleted: {error}"),
        )
    })?;
    let done = KeptLoggedOut {
        username: &username,
        logged_out: held,
        kept_in: &place,
    };
    if session.json {
        return output::json(&done);
    }
    let name = output::excerpt(done.username, output::ECHO_MAX);
    output::line(&if held {
        format!("logged out {name}: the refresh token kept in {place} was revoked and deleted")
    } else if deleted {
        format!("nothing to revoke for {name}: the unreadable entry in {place} was deleted")
    } else {
        format!("nothing to log out: no refresh token is kept for {name} in {place}")
    })
}
