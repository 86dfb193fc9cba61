//! The values and parsers of the manga filter parameters: content ratings (with the API
//! default), statuses, demographics, date filters and tag modes.

use crate::query::Query;
use crate::response::ApiError;
use crate::util::parse_date_filter;

pub(crate) const RATINGS: &[&str] = &["safe", "suggestive", "erotica", "pornographic"];
const DEFAULT_RATINGS: &[&str] = &["safe", "suggestive", "erotica"];
pub(super) const STATUSES: &[&str] = &["ongoing", "completed", "hiatus", "cancelled"];
pub(super) const DEMOGRAPHICS: &[&str] = &["shounen", "shoujo", "josei", "seinen", "none"];

/// `contentRating[]` with the API default.
pub(crate) fn content_ratings(q: &Query) -> Result<Vec<&str>, ApiError> {
    let r = q.enums("contentRating", RATINGS)?;
    Ok(if r.is_empty() {
        DEFAULT_RATINGS.to_vec()
    } else {
        r
    })
}

pub(super) fn date_filter(q: &Query, key: &str) -> Result<Option<i64>, ApiError> {
    q.one(key)
        .map(|v| {
            parse_date_filter(v).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "Error validating {key}: expected YYYY-MM-DDTHH:MM:SS"
                ))
            })
        })
        .transpose()
}

pub(super) fn mode(q: &Query, key: &str, default_and: bool) -> Result<bool, ApiError> {
    match q.one(key) {
        None => Ok(default_and),
        Some("AND") => Ok(true),
        Some("OR") => Ok(false),
        Some(v) => Err(ApiError::bad_request(format!(
            "Error validating {key}: \"{v}\" is not AND or OR"
        ))),
    }
}
