use std::time::Duration;

use bytes::Bytes;
use http::{Method, StatusCode, Uri, header};
use serde::Deserialize;

use super::{Grant, Secret, TokenCallFailed, TokenRequest, TokenSource, Tokens};

/// The current MangaDex login: an OAuth2 "personal client", with form-encoded
/// `grant_type=password` and `grant_type=refresh_token` calls at the token endpoint.
///
/// Logging out revokes the refresh token at the realm's revocation endpoint (RFC 7009; by
/// default the token URL with `/revoke` for its last `/token`), so the month-long refresh
/// token dies with the session. Only an `invalid_grant`
/// answer counts as a rejection; every other OAuth error (`invalid_client`,
/// `temporarily_unavailable`, ...) is transient and keeps what is stored.
#[derive(Clone, Debug)]
pub struct OAuthSource {
    token_url: Uri,
    /// Set explicitly; otherwise derived from `token_url`.
    revocation_url: Option<Uri>,
    client_id: String,
    client_secret: Secret,
}

impl OAuthSource {
    /// MangaDex's token endpoint.
    pub const DEFAULT_TOKEN_URL: &'static str =
        "https://auth.mangadex.org/realms/mangadex/protocol/openid-connect/token";

    /// A personal client, at [`OAuthSource::DEFAULT_TOKEN_URL`].
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<Secret>) -> Self {
        Self {
            token_url: Uri::from_static(Self::DEFAULT_TOKEN_URL),
            revocation_url: None,
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }

    /// Uses another token endpoint (a test server, a mirror).
    pub fn token_url(mut self, token_url: Uri) -> Self {
        self.token_url = token_url;
        self
    }

    /// Uses another revocation endpoint than the one next to the token endpoint.
    pub fn revocation_url(mut self, revocation_url: Uri) -> Self {
        self.revocation_url = Some(revocation_url);
        self
    }

    /// The token endpoint.
    pub fn url(&self) -> &Uri {
        &self.token_url
    }

    /// The revocation endpoint: the one set, or the token URL's `.../token` as `.../revoke`
    /// (Keycloak's layout, which MangaDex's realm uses); `None` when neither applies.
    pub fn revocation(&self) -> Option<Uri> {
        if let Some(url) = &self.revocation_url {
            return Some(url.clone());
        }
        let token = self.token_url.to_string();
        let base = token.strip_suffix("/token")?;
        format!("{base}/revoke").parse().ok()
    }

    /// A form POST to `url`, as every call of this flow is.
    fn post(&self, url: Uri, mut form: Form) -> Result<http::Request<Bytes>, http::Error> {
        form.pair("client_id", &self.client_id);
        form.pair("client_secret", self.client_secret.expose());
        http::Request::builder()
            .method(Method::POST)
            .uri(url)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(Bytes::from(form.0))
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
}

impl TokenSource for OAuthSource {
    fn request(&self, grant: Grant<'_>) -> TokenRequest {
        let mut form = Form::default();
        match grant {
            Grant::Password(credentials) => {
                form.pair("grant_type", "password");
                form.pair("username", credentials.login());
                form.pair("password", credentials.password().expose());
            }
            Grant::RefreshToken(refresh) => {
                form.pair("grant_type", "refresh_token");
                form.pair("refresh_token", refresh.expose());
            }
            Grant::Standalone => {
                return TokenRequest::Ready(Err(TokenCallFailed::rejected(
                    "the OAuth flow needs credentials or a refresh token",
                )));
            }
        }
        match self.post(self.token_url.clone(), form) {
            Ok(request) => TokenRequest::Http(request),
            Err(_) => TokenRequest::Ready(Err(TokenCallFailed::transient("invalid token URL"))),
        }
    }

    fn revoke(&self, refresh_token: &Secret) -> Option<http::Request<Bytes>> {
        let mut form = Form::default();
        form.pair("token", refresh_token.expose());
        form.pair("token_type_hint", "refresh_token");
        self.post(self.revocation()?, form).ok()
    }

    fn read(
        &self,
        _grant: Grant<'_>,
        status: StatusCode,
        body: &[u8],
    ) -> Result<Tokens, TokenCallFailed> {
        #[derive(Deserialize)]
        struct Answer {
            access_token: String,
            refresh_token: Option<String>,
            expires_in: Option<u64>,
        }
        #[derive(Deserialize)]
        struct OAuthError {
            error: String,
            error_description: Option<String>,
        }

        if status.is_success() {
            let answer: Answer = serde_json::from_slice(body)
                .map_err(|_| TokenCallFailed::transient("malformed token answer"))?;
            let mut tokens = Tokens::new(answer.access_token);
            if let Some(refresh) = answer.refresh_token {
                tokens = tokens.with_refresh_token(refresh);
            }
            if let Some(secs) = answer.expires_in {
                tokens = tokens.with_expires_in(Duration::from_secs(secs));
            }
            return Ok(tokens);
        }
        match serde_json::from_slice::<OAuthError>(body) {
            Ok(e) if e.error == "invalid_grant" => Err(TokenCallFailed::rejected("invalid_grant")
                .with_server_message(&e.error, e.error_description.as_deref())),
            // The error code is a short token defined by RFC 6749; cap it anyway, it ends up in
            // error messages.
            Ok(e) if e.error.len() <= 64 && e.error.bytes().all(|b| b.is_ascii_graphic()) => {
                Err(TokenCallFailed::transient(e.error))
            }
            _ => Err(TokenCallFailed::transient("unexpected status")),
        }
    }
}

/// An `application/x-www-form-urlencoded` body.
#[derive(Default)]
struct Form(String);

impl Form {
    fn pair(&mut self, key: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        encode_into(&mut self.0, key);
        self.0.push('=');
        encode_into(&mut self.0, value);
    }
}

fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(byte >> 4)] as char);
                out.push(HEX[usize::from(byte & 15)] as char);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Credentials;

    #[test]
    fn form_encoding() {
        let mut form = Form::default();
        form.pair("a b", "x&y=z+é/~");
        assert_eq!(form.0, "a+b=x%26y%3Dz%2B%C3%A9%2F%7E");
    }

    #[test]
    fn revocation_sits_next_to_the_token_endpoint_unless_set() {
        let source = OAuthSource::new("id", "s3cret");
        let request = source.revoke(&Secret::new("r/t")).unwrap();
        assert_eq!(
            request.uri(),
            "https://auth.mangadex.org/realms/mangadex/protocol/openid-connect/revoke"
        );
        let body = std::str::from_utf8(request.body()).unwrap();
        assert_eq!(
            body,
            "token=r%2Ft&token_type_hint=refresh_token&client_id=id&client_secret=s3cret"
        );
        let elsewhere = Uri::from_static("https://auth.test/oauth2/token-endpoint");
        assert!(
            OAuthSource::new("id", "s")
                .token_url(elsewhere.clone())
                .revocation()
                .is_none()
        );
        let set = Uri::from_static("https://auth.test/oauth2/revoke");
        let source = OAuthSource::new("id", "s")
            .token_url(elsewhere)
            .revocation_url(set.clone());
        assert_eq!(source.revocation(), Some(set));
    }

    #[test]
    fn password_grant_body() {
        let source = OAuthSource::new("id", "s3cret");
        let credentials = Credentials::username("me", "p w");
        let TokenRequest::Http(request) = source.request(Grant::Password(&credentials)) else {
            panic!("expected an HTTP call");
        };
        assert_eq!(request.uri(), OAuthSource::DEFAULT_TOKEN_URL);
        assert_eq!(
            request.body().as_ref(),
            b"grant_type=password&username=me&password=p+w&client_id=id&client_secret=s3cret"
        );
    }

    #[test]
    fn only_invalid_grant_is_a_rejection() {
        let source = OAuthSource::new("id", "secret");
        let grant = Grant::Standalone;
        let e = source
            .read(
                grant,
                StatusCode::BAD_REQUEST,
                br#"{"error":"invalid_grant","error_description":"Invalid user credentials"}"#,
            )
            .unwrap_err();
        assert!(e.is_rejected());
        assert_eq!(e.server_title(), Some("invalid_grant"));
        assert_eq!(e.server_detail(), Some("Invalid user credentials"));
        let e = source
            .read(
                grant,
                StatusCode::UNAUTHORIZED,
                br#"{"error":"invalid_client"}"#,
            )
            .unwrap_err();
        assert!(e.is_transient());
        assert_eq!(e.reason(), "invalid_client");
        let e = source
            .read(grant, StatusCode::BAD_GATEWAY, b"<html>")
            .unwrap_err();
        assert!(e.is_transient());
    }
}
