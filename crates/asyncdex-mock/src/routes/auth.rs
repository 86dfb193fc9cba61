//! Authentication: the legacy session-token routes on the API host, and the auth host, a
//! Keycloak realm (`/realms/mangadex`): OpenID discovery, the token endpoint (password and
//! refresh-token grants), token revocation (RFC 7009) and back-channel logout. Clients
//! authenticate by HTTP Basic or in the form body (RFC 6749 section 2.3.1).

use http::StatusCode;
use serde_json::{Value, json};

use super::Req;
use crate::log::bump;
use crate::response::{ApiError, Handled, Reply};
use crate::state::{Account, REALM_PATH, State, TokenError};
use crate::util::{base64_decode, parse_pairs, percent_decode};

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

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Reply {
    Reply::json(
        status,
        &json!({"error": error, "error_description": description}),
    )
}

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

/// A form-encoded `POST` to the realm, with the client that sent it.
struct Form {
    pairs: Vec<(String, String)>,
    /// Client id and secret, from HTTP Basic or the form.
    client: Option<(String, String)>,
    basic: bool,
}

impl Form {
    fn read(headers: &http::HeaderMap, body: &[u8]) -> Result<Self, Box<Reply>> {
        let ct = headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !ct.starts_with("application/x-www-form-urlencoded") {
            return Err(Box::new(oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Content-Type must be application/x-www-form-urlencoded",
            )));
        }
        let text = std::str::from_utf8(body).map_err(|_| {
            oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Body is not UTF-8",
            )
        })?;
        let mut form = Self {
            pairs: parse_pairs(text),
            client: None,
            basic: false,
        };
        form.client = match basic_credentials(headers)? {
            Some(creds) => {
                form.basic = true;
                if form.get("client_id").is_some_and(|id| id != creds.0) {
                    let detail = "client_id does not match the Basic credentials";
                    return Err(Box::new(form.invalid_client(detail)));
                }
                Some(creds)
            }
            None => form
                .get("client_id")
                .zip(form.get("client_secret"))
                .map(|(id, secret)| (id.to_owned(), secret.to_owned())),
        };
        Ok(form)
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `401 invalid_client`, with `WWW-Authenticate: Basic` when the client used Basic
    /// (RFC 6749 section 5.2).
    fn invalid_client(&self, description: &str) -> Reply {
        let reply = oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", description);
        if self.basic {
            reply.header("www-authenticate", "Basic realm=\"mangadex\"")
        } else {
            reply
        }
    }

    /// The authenticated client's id, or the `invalid_client` answer.
    fn client(&self, state: &State) -> Result<String, Box<Reply>> {
        let Some((id, secret)) = &self.client else {
            return Err(Box::new(self.invalid_client("Client credentials missing")));
        };
        if state
            .config
            .clients
            .iter()
            .any(|(i, s)| i == id && s == secret)
        {
            Ok(id.clone())
        } else {
            Err(Box::new(self.invalid_client(
                "Invalid client or Invalid client credentials",
            )))
        }
    }
}

/// `Authorization: Basic base64(urlencode(id) ":" urlencode(secret))`, if sent.
fn basic_credentials(headers: &http::HeaderMap) -> Result<Option<(String, String)>, Box<Reply>> {
    let Some(value) = headers.get(http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let bad = || {
        Box::new(
            oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "Malformed Basic credentials",
            )
            .header("www-authenticate", "Basic realm=\"mangadex\""),
        )
    };
    let value = value.to_str().map_err(|_| bad())?;
    let Some(encoded) = value
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .map(|(_, rest)| rest.trim())
    else {
        return Err(bad());
    };
    let decoded = base64_decode(encoded).ok_or_else(bad)?;
    let text = String::from_utf8(decoded).map_err(|_| bad())?;
    let (id, secret) = text.split_once(':').ok_or_else(bad)?;
    Ok(Some((percent_decode(id), percent_decode(secret))))
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
