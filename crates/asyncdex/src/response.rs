//! [`ApiResponse`]: a successful answer, read whole.

use bytes::Bytes;
use http::response::Parts;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// A successful answer: its status, headers and whole body.
#[derive(Clone, Debug)]
pub struct ApiResponse {
    path: String,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl ApiResponse {
    pub(crate) fn new(path: String, parts: Parts, body: Bytes) -> Self {
        Self {
            path,
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
    /// [`Error::Decode`] when it is not UTF-8.
    pub fn text(&self) -> Result<&str> {
        std::str::from_utf8(&self.body).map_err(|_| {
            let error = serde::de::Error::custom("the body is not UTF-8");
            Error::decode(&self.path, error, &self.body)
        })
    }

    /// The body decoded from JSON.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`], with the start of the body, when it is not a `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body)
            .map_err(|error| Error::decode(&self.path, error, &self.body))
    }
}
