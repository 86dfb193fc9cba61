//! [`ApiError`]: one entry of the API's error body, and how a list of them reads in a message.

use serde::{Deserialize, Serialize};

/// One entry of the API's error body
/// `{"result":"error","errors":[{"id":..,"status":..,"title":..,"detail":..,"context":..}]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ApiError {
    /// The error's id (a UUID the API support can look up).
    #[serde(default)]
    pub id: String,
    /// The HTTP status the API gave this error.
    #[serde(default)]
    pub status: u16,
    /// A short title, e.g. `not_found_http_exception` or `Manga not found`.
    #[serde(default)]
    pub title: String,
    /// A longer explanation, when there is one.
    #[serde(default)]
    pub detail: Option<String>,
    /// Extra machine-readable context, when there is some.
    #[serde(default)]
    pub context: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    errors: Vec<ApiError>,
}

/// The errors of an API error body; empty when the body is not one (an HTML page, nothing).
pub(super) fn parse_api_errors(body: &[u8]) -> Vec<ApiError> {
    serde_json::from_slice::<ErrorBody>(body)
        .map(|body| body.errors)
        .unwrap_or_default()
}

/// `": title (detail)"` for the first error, as a message ends; empty without one.
pub(super) fn describe(errors: &[ApiError]) -> String {
    match errors.first() {
        None => String::new(),
        Some(first) => match &first.detail {
            Some(detail) => format!(": {} ({detail})", first.title),
            None => format!(": {}", first.title),
        },
    }
}
