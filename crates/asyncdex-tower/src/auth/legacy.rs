use bytes::Bytes;
use http::{Method, StatusCode, header};
use serde::Deserialize;

use crate::api::Api;

use super::{Grant, Secret, TokenCallFailed, TokenRequest, TokenSource, Tokens};

/// The legacy MangaDex session login: `POST /auth/login`, `/auth/refresh` and `/auth/logout`
/// on the API host, with JSON bodies (what AsyncDex, the Python library, used; deprecated in
/// API 5.13.1).
///
/// Session tokens live 15 minutes (or what their JWT `exp` says); refresh tokens about a month
/// and rotate on every refresh.
#[derive(Clone, Debug)]
pub struct LegacySource {
    api: Api,
}

impl LegacySource {
    /// A source for the API at `api` (e.g. `https://api.mangadex.org`).
    pub fn new(api: impl Into<Api>) -> Self {
        Self { api: api.into() }
    }

    fn post(&self, route: &str) -> http::request::Builder {
        http::Request::builder()
            .method(Method::POST)
            .uri(format!("{}{route}", self.api.url()))
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json")
    }
}

impl TokenSource for LegacySource {
    fn request(&self, grant: Grant<'_>) -> TokenRequest {
        let (route, body) = match grant {
            Grant::Password(credentials) => {
                let field = if credentials.is_email() {
                    "email"
                } else {
                    "username"
                };
                let mut body = serde_json::Map::new();
                body.insert(field.to_owned(), credentials.login().into());
                body.insert(
                    "password".to_owned(),
                    credentials.password().expose().into(),
                );
                ("/auth/login", serde_json::Value::Object(body))
            }
            Grant::RefreshToken(refresh) => (
                "/auth/refresh",
                serde_json::json!({ "token": refresh.expose() }),
            ),
            Grant::Standalone => {
                return TokenRequest::Ready(Err(TokenCallFailed::rejected(
                    "the legacy login needs credentials or a refresh token",
                )));
            }
        };
        match self.post(route).body(Bytes::from(body.to_string())) {
            Ok(request) => TokenRequest::Http(request),
            Err(_) => TokenRequest::Ready(Err(TokenCallFailed::transient("invalid API base URL"))),
        }
    }

    fn read(
        &self,
        _grant: Grant<'_>,
        status: StatusCode,
        body: &[u8],
    ) -> Result<Tokens, TokenCallFailed> {
        #[derive(Deserialize)]
        struct Answer {
            token: Pair,
        }
        #[derive(Deserialize)]
        struct Pair {
            session: String,
            refresh: Option<String>,
        }

        match status.as_u16() {
            200..=299 => {
                let answer: Answer = serde_json::from_slice(body)
                    .map_err(|_| TokenCallFailed::transient("malformed token answer"))?;
                let tokens = Tokens::new(answer.token.session);
                Ok(match answer.token.refresh {
                    Some(refresh) => tokens.with_refresh_token(refresh),
                    None => tokens,
                })
            }
            // The legacy routes answer a bad login or a dead refresh token with 400 or 401.
            400 | 401 => Err(with_api_error(
                TokenCallFailed::rejected("credentials or refresh token refused"),
                body,
            )),
            _ => Err(TokenCallFailed::transient("unexpected status")),
        }
    }

    fn logout(&self, session: &Secret) -> Option<http::Request<Bytes>> {
        let mut bearer =
            http::HeaderValue::try_from(format!("Bearer {}", session.expose())).ok()?;
        bearer.set_sensitive(true);
        self.post("/auth/logout")
            .header(header::AUTHORIZATION, bearer)
            .body(Bytes::new())
            .ok()
    }
}

/// `failed` with the title and detail of the first error of an API error body
/// (`{"result":"error","errors":[{"title":..,"detail":..}]}`), when the body is one.
fn with_api_error(failed: TokenCallFailed, body: &[u8]) -> TokenCallFailed {
    #[derive(Deserialize)]
    struct Body {
        errors: Vec<Entry>,
    }
    #[derive(Deserialize)]
    struct Entry {
        title: String,
        detail: Option<String>,
    }

    match serde_json::from_slice::<Body>(body) {
        Ok(Body { errors }) => match errors.first() {
            Some(first) => failed.with_server_message(&first.title, first.detail.as_deref()),
            None => failed,
        },
        Err(_) => failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_carries_the_api_errors_title_and_detail() {
        let source = LegacySource::new(http::Uri::from_static("https://api.test"));
        let body = br#"{"result":"error","errors":[{"id":"x","status":401,"title":"unauthorized_http_exception","detail":"User / Password does not match"}]}"#;
        let failed = source
            .read(Grant::Standalone, StatusCode::UNAUTHORIZED, body)
            .unwrap_err();
        assert!(failed.is_rejected());
        assert_eq!(failed.server_title(), Some("unauthorized_http_exception"));
        assert_eq!(
            failed.server_detail(),
            Some("User / Password does not match")
        );
        let bare = source
            .read(Grant::Standalone, StatusCode::BAD_REQUEST, b"<html>")
            .unwrap_err();
        assert!(bare.is_rejected() && bare.server_title().is_none());
    }
}
