//! Authentication: the legacy session-token routes on the API host and the OAuth2 token
//! endpoint on the auth host.

use http::StatusCode;
use serde_json::{Value, json};

use super::Req;
use crate::log::bump;
use crate::response::{ApiError, Handled, Reply};
use crate::state::{Account, State, TokenError};
use crate::util::parse_pairs;

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
    let (session, _, refresh, _) = state.issue_pair(account, false);
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
    let account = state.consume_refresh(token, false).map_err(|e| match e {
        TokenError::Expired => ApiError::unauthorized("Refresh token expired"),
        _ => ApiError::unauthorized("Refresh token is invalid or was already used"),
    })?;
    bump(&state.counters.refreshes);
    let (session, _, refresh, _) = state.issue_pair(account, false);
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

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Reply {
    Reply::json(
        status,
        &json!({"error": error, "error_description": description}),
    )
}

/// The OAuth2 token endpoint (form-encoded `POST`), on the auth listener.
pub(crate) fn token_endpoint(
    state: &State,
    method: &http::Method,
    path: &str,
    headers: &http::HeaderMap,
    body: &[u8],
) -> Reply {
    if path != crate::state::TOKEN_PATH {
        return oauth_error(StatusCode::NOT_FOUND, "not_found", "Unknown path");
    }
    if method != http::Method::POST {
        return oauth_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "invalid_request",
            "HTTP method not allowed",
        );
    }
    bump(&state.counters.token_calls);
    let ct = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ct.starts_with("application/x-www-form-urlencoded") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Content-Type must be application/x-www-form-urlencoded",
        );
    }
    let Ok(text) = std::str::from_utf8(body) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Body is not UTF-8",
        );
    };
    let form = parse_pairs(text);
    let get = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let (Some(client_id), Some(secret)) = (get("client_id"), get("client_secret")) else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client credentials missing",
        );
    };
    if !state
        .config
        .clients
        .iter()
        .any(|(id, s)| id == client_id && s == secret)
    {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Invalid client or Invalid client credentials",
        );
    }
    let account = match get("grant_type") {
        Some("password") => {
            let (Some(user), Some(pass)) = (get("username"), get("password")) else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "Missing parameter: username or password",
                );
            };
            match state.account_by_login(user, pass) {
                Some(a) => {
                    bump(&state.counters.logins);
                    a
                }
                None => {
                    return oauth_error(
                        StatusCode::UNAUTHORIZED,
                        "invalid_grant",
                        "Invalid user credentials",
                    );
                }
            }
        }
        Some("refresh_token") => {
            let Some(token) = get("refresh_token") else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_request",
                    "Missing parameter: refresh_token",
                );
            };
            match state.consume_refresh(token, true) {
                Ok(a) => {
                    bump(&state.counters.refreshes);
                    a
                }
                Err(TokenError::Expired) => {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "Token is not active",
                    );
                }
                Err(_) => {
                    return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "Stale token");
                }
            }
        }
        Some(_) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "Unsupported grant_type",
            );
        }
        None => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Missing form parameter: grant_type",
            );
        }
    };
    let (access, _, refresh, _) = state.issue_pair(account, true);
    Reply::ok(&json!({
        "access_token": access,
        "expires_in": state.config.access_ttl.as_secs(),
        "refresh_expires_in": state.config.refresh_ttl.as_secs(),
        "refresh_token": refresh,
        "token_type": "Bearer",
        "not-before-policy": 0,
        "session_state": uuid::Uuid::new_v4(),
        "scope": "openid email groups profile roles",
    }))
}
