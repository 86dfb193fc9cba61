//! Checks of optional `MangaCreate` fields: alternative titles, string maps, year, flags.

use serde_json::{Value, json};

use crate::response::ApiError;
use crate::routes::edits::{bad, localized};

/// `altTitles`: an array of localized strings, absent and `null` being empty.
pub(super) fn alt_titles(body: &Value) -> Result<Vec<Value>, ApiError> {
    match body.get("altTitles") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                localized(&json!({"altTitles": item}), "altTitles")?
                    .ok_or_else(|| bad("altTitles", "items must be localized strings"))
            })
            .collect(),
        Some(_) => Err(bad("altTitles", "must be an array")),
    }
}

/// An object of strings (links), absent and `null` being empty.
pub(super) fn string_map(body: &Value, key: &str) -> Result<Value, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(json!({})),
        Some(v @ Value::Object(m)) if m.values().all(Value::is_string) => Ok(v.clone()),
        Some(_) => Err(bad(key, "must be an object of strings")),
    }
}

/// `year`: from 1 to 9999, or `null`.
pub(super) fn year(body: &Value) -> Result<Value, ApiError> {
    match body.get("year") {
        None | Some(Value::Null) => Ok(Value::Null),
        Some(v) => match v.as_u64() {
            Some(y @ 1..=9999) => Ok(json!(y)),
            _ => Err(bad("year", "must be an integer from 1 to 9999")),
        },
    }
}

/// A boolean, absent and `null` being `false`.
pub(super) fn flag(body: &Value, key: &str) -> Result<bool, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(bad(key, "must be a boolean")),
    }
}
