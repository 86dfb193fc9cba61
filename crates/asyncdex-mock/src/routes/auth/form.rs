//! [`Form`]: a form-encoded `POST` to the realm and the client that sent it (HTTP Basic or
//! the form body), and the realm's error answer.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD_NO_PAD_INDIFFERENT;
use http::StatusCode;
use serde_json::json;

use crate::response::Reply;
use crate::state::State;
use crate::util::{parse_pairs, percent_decode};

pub(super) fn oauth_error(status: StatusCode, error: &str, description: &str) -> Reply {
    Reply::json(
        status,
        &json!({"error": error, "error_description": description}),
    )
}

/// A form-encoded `POST` to the realm, with the client that sent it.
pub(super) struct Form {
    pairs: Vec<(String, String)>,
    /// Client id and secret, from HTTP Basic or the form.
    client: Option<(String, String)>,
    basic: bool,
}

impl Form {
    pub(super) fn read(headers: &http::HeaderMap, body: &[u8]) -> Result<Self, Box<Reply>> {
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

    pub(super) fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `401 invalid_client`, with `WWW-Authenticate: Basic` when the client used Basic
    /// (RFC 6749 section 5.2).
    pub(super) fn invalid_client(&self, description: &str) -> Reply {
        let reply = oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", description);
        if self.basic {
            reply.header("www-authenticate", "Basic realm=\"mangadex\"")
        } else {
            reply
        }
    }

    /// The authenticated client's id, or the `invalid_client` answer.
    pub(super) fn client(&self, state: &State) -> Result<String, Box<Reply>> {
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
    // Padding optional: some clients leave it out.
    let decoded = STANDARD_NO_PAD_INDIFFERENT
        .decode(encoded)
        .map_err(|_| bad())?;
    let text = String::from_utf8(decoded).map_err(|_| bad())?;
    let (id, secret) = text.split_once(':').ok_or_else(bad)?;
    Ok(Some((percent_decode(id), percent_decode(secret))))
}
