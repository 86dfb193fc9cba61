//! The descriptive fields of a `MangaCreate` body, checked in the order their errors are
//! reported.

use serde_json::{Value, json};

use super::values::{alt_titles, flag, string_map, year};
use crate::response::ApiError;
use crate::routes::edits::{bad, language, localized, one_of};
use crate::routes::manga::RATINGS;

const STATUSES: &[&str] = &["ongoing", "completed", "hiatus", "cancelled"];
const DEMOGRAPHICS: &[&str] = &["shounen", "shoujo", "josei", "seinen"];

/// The descriptive fields of a `MangaCreate` body.
pub(super) struct MangaFields {
    pub(super) title: Value,
    pub(super) status: String,
    pub(super) original_language: String,
    pub(super) content_rating: String,
    pub(super) demographic: Option<String>,
    pub(super) alt_titles: Vec<Value>,
    pub(super) description: Value,
    pub(super) links: Value,
    pub(super) official_links: Value,
    pub(super) year: Value,
    pub(super) reset: bool,
}

impl MangaFields {
    /// Reads and checks the fields, in the order their errors are reported.
    pub(super) fn parse(body: &Value) -> Result<Self, ApiError> {
        let required = |key: &str| bad(key, "required");
        let title = localized(body, "title")?
            .filter(|t| t.as_object().is_some_and(|m| !m.is_empty()))
            .ok_or_else(|| required("title"))?;
        let status = one_of(body, "status", STATUSES)?
            .value()
            .ok_or_else(|| required("status"))?;
        let original_language =
            language(body, "originalLanguage")?.ok_or_else(|| required("originalLanguage"))?;
        let content_rating = one_of(body, "contentRating", RATINGS)?
            .value()
            .ok_or_else(|| required("contentRating"))?;
        let demographic = one_of(body, "publicationDemographic", DEMOGRAPHICS)?.value();
        Ok(Self {
            title,
            status,
            original_language,
            content_rating,
            demographic,
            alt_titles: alt_titles(body)?,
            description: localized(body, "description")?.unwrap_or_else(|| json!({})),
            links: string_map(body, "links")?,
            official_links: string_map(body, "officialLinks")?,
            year: year(body)?,
            reset: flag(body, "chapterNumbersResetOnNewVolume")?,
        })
    }
}
