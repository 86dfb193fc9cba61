//! The auth host, a Keycloak realm under [`REALM_PATH`]: OpenID discovery, the token
//! endpoint, revocation and back-channel logout.

use http::StatusCode;
use serde_json::json;

use super::form::{Form, oauth_error};
use crate::log::bump;
use crate::response::Reply;
use crate::state::{REALM_PATH, State, TokenError};

/// The realm's endpoints, under [`REALM_PATH`].
const DISCOVERY: &str = "/.well-known/openid-configuration";
const TOKEN: &str = "/protocol/openid-connect/token";
const AUTHORIZE: &str = "/protocol/openid-connect/auth";
const REVOKE: &str = "/protocol/openid-connect/revoke";
const LOGOUT: &str = "/protocol/openid-connect/logout";
const CERTS: &str = "/protocol/openid-connect/certs";

/// Every request on the auth host.
pub(crate) fn auth_host(
    state: &State,
    method: &http::Method,
    path: &str,
    headers: &http::HeaderMap,
    body: &[u8],
) -> Reply {
    let not_found = || oauth_error(StatusCode::NOT_FOUND, "not_found", "Unknown path");
    let Some(endpoint) = path.strip_prefix(REALM_PATH) else {
        return not_found();
    };
    let get = method == http::Method::GET;
    match endpoint {
        AUTHORIZE => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The browser flow is not modelled by the fake server",
        ),
        DISCOVERY if get => discovery(state),
        CERTS if get => Reply::ok(&json!({"keys": []})),
        DISCOVERY | CERTS => not_allowed(),
        TOKEN | REVOKE | LOGOUT if method != http::Method::POST => not_allowed(),
        TOKEN | REVOKE | LOGOUT => match Form::read(headers, body) {
            Err(refused) => *refused,
            Ok(form) if endpoint == TOKEN => token(state, &form),
            Ok(form) if endpoint == REVOKE => revoke(state, &form),
            Ok(form) => logout_session(state, &form),
        },
        _ => not_found(),
    }
}

fn not_allowed() -> Reply {
    oauth_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "invalid_request",
        "HTTP method not allowed",
    )
}

/// The OpenID Connect discovery document of the realm.
fn discovery(state: &State) -> Reply {
    let issuer = format!("{}{REALM_PATH}", state.urls.auth_base);
    let oidc = |endpoint: &str| format!("{issuer}{endpoint}");
    Reply::ok(&json!({
        "issuer": issuer,
        "authorization_endpoint": oidc(AUTHORIZE),
        "token_endpoint": oidc(TOKEN),
        "revocation_endpoint": oidc(REVOKE),
        "end_session_endpoint": oidc(LOGOUT),
        "jwks_uri": oidc(CERTS),
        "grant_types_supported": ["password", "refresh_token"],
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["HS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": ["openid", "email", "groups", "profile", "roles"],
    }))
}

/// The token endpoint: `grant_type=password` or `refresh_token`.
fn token(state: &State, form: &Form) -> Reply {
    bump(&state.counters.token_calls);
    let client = match form.client(state) {
        Ok(c) => c,
        Err(refused) => return *refused,
    };
    let account = match form.get("grant_type") {
        Some("password") => password_grant(state, form),
        Some("refresh_token") => refresh_grant(state, form, &client),
        Some(_) => Err(Box::new(oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Unsupported grant_type",
        ))),
        None => Err(Box::new(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing form parameter: grant_type",
        ))),
    };
    let account = match account {
        Ok(a) => a,
        Err(refused) => return *refused,
    };
    let (access, _, refresh, _) = state.issue_pair(account, Some(&client));
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

fn password_grant(state: &State, form: &Form) -> Result<usize, Box<Reply>> {
    let (Some(user), Some(pass)) = (form.get("username"), form.get("password")) else {
        return Err(Box::new(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing parameter: username or password",
        )));
    };
    let account = state.account_by_login(user, pass).ok_or_else(|| {
        Box::new(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_grant",
            "Invalid user credentials",
        ))
    })?;
    bump(&state.counters.logins);
    Ok(account)
}

fn refresh_grant(state: &State, form: &Form, client: &str) -> Result<usize, Box<Reply>> {
    let Some(token) = form.get("refresh_token") else {
        return Err(Box::new(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing parameter: refresh_token",
        )));
    };
    let grant = |detail| {
        Box::new(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            detail,
        ))
    };
    let account = state
        .consume_refresh(token, Some(client))
        .map_err(|e| match e {
            TokenError::Expired => grant("Token is not active"),
            TokenError::OtherClient => grant("Token client and authorized client don't match"),
            _ => grant("Stale token"),
        })?;
    bump(&state.counters.refreshes);
    Ok(account)
}

/// RFC 7009 token revocation: `token` (and an optional `token_type_hint`) from an
/// authenticated client. A refresh token is revoked with its access token; an access token
/// alone. Unknown or already revoked tokens are answered 200 as well (section 2.2); a token
/// of another client is refused.
fn revoke(state: &State, form: &Form) -> Reply {
    let client = match form.client(state) {
        Ok(c) => c,
        Err(refused) => return *refused,
    };
    let Some(token) = form.get("token") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing parameter: token",
        );
    };
    if let Some(hint) = form.get("token_type_hint")
        && !["access_token", "refresh_token"].contains(&hint)
    {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_token_type",
            "Unsupported token_type_hint",
        );
    }
    match state.revoke_oauth(token, &client) {
        Err(TokenError::OtherClient) => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Token was not issued to this client",
        ),
        _ => {
            bump(&state.counters.revocations);
            Reply::new(StatusCode::OK, "application/json", "")
        }
    }
}

/// Back-channel logout (`end_session_endpoint`, `POST` with `refresh_token`): ends the
/// session, revoking the refresh token and its access token; `204`.
fn logout_session(state: &State, form: &Form) -> Reply {
    let client = match form.client(state) {
        Ok(c) => c,
        Err(refused) => return *refused,
    };
    let Some(token) = form.get("refresh_token") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Missing parameter: refresh_token",
        );
    };
    match state.revoke_oauth(token, &client) {
        Ok(true) => {
            bump(&state.counters.logouts);
            Reply::new(StatusCode::NO_CONTENT, "application/json", "")
        }
        Ok(false) | Err(_) => oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "Invalid refresh token",
        ),
    }
}
