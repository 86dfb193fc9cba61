//! Authentication: the legacy session-token routes on the API host, and the auth host, a
//! Keycloak realm (`/realms/mangadex`): OpenID discovery, the token endpoint (password and
//! refresh-token grants), token revocation (RFC 7009) and back-channel logout. Clients
//! authenticate by HTTP Basic or in the form body (RFC 6749 section 2.3.1).

mod form;
mod realm;

use serde_json::{Value, json};

use super::Req;
use crate::log::bump;
use crate::response::{ApiError, Handled, Reply};
use crate::state::{Account, State, TokenError};

pub(crate) use self::realm::auth_host;

/// `POST /auth/login` with `{"username"|"email", "password"}`.
pub(crate) fn login(state: &State, req: &Req) -> Handled {
    bump(&state.counters.token_calls);
    let body = req.json()?;
    let password = body.get("password").and_then(Value::as_str).unwrap_or("");
    let login = body
        .get("username")
        .and_then(Value::as_str)
        .or_else(|| body.get("email").and_then(Value::as_str))
        .ok_or_else(|| ApiError::bad_request("Error validating username: required (or email)"))?;
    if login.is_empty() || login.len() > 64 {
        return Err(ApiError::bad_request(
            "Error validating username: length must be 1..64",
        ));
    }
    if password.len() < 8 || password.len() > 1024 {
        return Err(ApiError::bad_request(
            "Error validating password: length must be 8..1024",
        ));
    }
    let account = state
        .account_by_login(login, password)
        .ok_or_else(|| ApiError::unauthorized("User / Password does not match"))?;
    bump(&state.counters.logins);
    let (session, _, refresh, _) = state.issue_pair(account, None);
    Ok(Reply::ok(
        &json!({"result": "ok", "token": {"session": session, "refresh": refresh}}),
    ))
}

/// `POST /auth/refresh` with `{"token": refresh}`: rotates both tokens.
pub(crate) fn refresh(state: &State, req: &Req) -> Handled {
    bump(&state.counters.token_calls);
    let body = req.json()?;
    let token = body
        .get("token")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::bad_request("Error validating token: required"))?;
    let account = state.consume_refresh(token, None).map_err(|e| match e {
        TokenError::Expired => ApiError::unauthorized("Refresh token expired"),
        _ => ApiError::unauthorized("Refresh token is invalid or was already used"),
    })?;
    bump(&state.counters.refreshes);
    let (session, _, refresh, _) = state.issue_pair(account, None);
    Ok(Reply::ok(&json!({
        "result": "ok", "token": {"session": session, "refresh": refresh}, "message": "Token refreshed",
    })))
}

/// `POST /auth/logout`: revokes the session token and its refresh token.
pub(crate) fn logout(state: &State, req: &Req) -> Handled {
    if let Some(t) = &req.bearer {
        state.revoke(t);
    }
    bump(&state.counters.logouts);
    Ok(Reply::result_ok())
}

/// `GET /auth/check`.
pub(crate) fn check(state: &State, req: &Req) -> Handled {
    let authed = req.account.is_some();
    let roles: &[&str] = if authed {
        Account::ROLES
    } else {
        &["ROLE_GUEST"]
    };
    let permissions: &[&str] = if authed {
        &[
            "user.list",
            "manga.view",
            "chapter.view",
            "follows.edit",
            "list.edit",
            "rating.edit",
        ]
    } else {
        &["manga.view", "chapter.view"]
    };
    let _ = state;
    Ok(Reply::ok(
        &json!({"result": "ok", "isAuthenticated": authed, "roles": roles, "permissions": permissions}),
    ))
}
