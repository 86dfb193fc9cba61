//! [`ApiResponse`]: a successful answer, read whole.

use std::fmt;

use bytes::Bytes;
use http::response::Parts;
use http::uri::PathAndQuery;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// A successful answer: its status, headers and whole body.
///
/// Its `Debug` shows the start of the body, except for auth routes, whose answers carry
/// tokens.
#[derive(Clone)]
pub struct ApiResponse {
    /// The request's path and query (shared with the request's URI, not copied).
    path_and_query: PathAndQuery,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl ApiResponse {
    pub(crate) fn new(path_and_query: PathAndQuery, parts: Parts, body: Bytes) -> Self {
        Self {
            path_and_query,
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    /// The status (a success).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body.
    pub fn bytes(&self) -> &Bytes {
        &self.body
    }

    /// The body, owned.
    pub fn into_bytes(self) -> Bytes {
        self.body
    }

    /// The body as text.
    ///
    /// # Errors
    ///
    /// [`Error::is_decode`] when it is not UTF-8.
    pub fn text(&self) -> Result<&str> {
        std::str::from_utf8(&self.body).map_err(|_| {
            let error = serde::de::Error::custom("the body is not UTF-8");
            Error::decode(self.path_and_query.path(), error, &self.body, &self.headers)
        })
    }

    /// The body decoded from JSON.
    ///
    /// # Errors
    ///
    /// [`Error::is_decode`], with the start of the body, when it is not a `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|error| {
            Error::decode(self.path_and_query.path(), error, &self.body, &self.headers)
        })
    }
}

impl fmt::Debug for ApiResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Auth answers (login, refresh, OAuth token) carry session and refresh tokens.
        let path = self.path_and_query.path();
        let body = if path.contains("/auth/") || path.contains("openid-connect") {
            String::from("<withheld: auth route>")
        } else {
            String::from_utf8_lossy(&self.body[..self.body.len().min(200)]).into_owned()
        };
        f.debug_struct("ApiResponse")
            .field("path", &path)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .field("body", &body)
            .finish()
    }
}
