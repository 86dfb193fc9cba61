//! Query validation against the parameter lists of spec 5.13.1, as MangaDex validates: a
//! parameter an operation does not define, or a value outside its schema, is a `400
//! validation_exception` before the route runs.
//!
//! The table (`src/spec/query_params.json`) is derived from the official spec by the test
//! `tests/spec_tables.rs`, never written by hand. What is checked: names; enum values;
//! integers and their `minimum`/`maximum` (`limit`'s maximum, for one); booleans; string
//! patterns, lengths and the `uuid` format; array items; deep-object fields (`order[field]`);
//! `oneOf` alternatives.
//!
//! # Names and forms
//! Query strings are read as MangaDex's PHP stack reads them: `key`, `key[]` and `key[N]` all
//! name the parameter `key`, and `key[field]` a field of the deep object `key`. So:
//! - an **array** parameter is accepted as `key[]=a&key[]=b` (what clients send), as
//!   `key[0]=a`, and as a plain `key=a` (repeatable), whichever way the spec spells its name.
//!   The spec names most arrays with brackets (`ids[]`) but a few without (`GET /chapter`'s
//!   `includes`, `GET /rating`'s `manga`): MangaDex accepts both forms for every array, so
//!   the spelling of the name in the spec decides nothing;
//! - a **deep object** (`order`) is accepted only as `order[field]=value`, with `field` one of
//!   its properties;
//! - a **scalar** (`limit`, `title`, `forcePort443` ...) only as `key=value`: `limit[]=5` is
//!   refused ("Array value found ...");
//! - **booleans** are `true`, `false`, `1` or `0`;
//! - **patterns** apply to string values only, as in JSON Schema: the spec puts a
//!   double-escaped pattern (`^\\d{4}$`) on integer parameters (`year`, `limit` of
//!   `GET /manga`), which would match no number and is therefore never applied.

mod schema;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use self::schema::{Schema, check_param};
use crate::response::ApiError;
use crate::util::parse_pairs;

/// The table, derived from the spec.
#[derive(Debug, Deserialize)]
struct Table {
    operations: HashMap<String, Vec<Param>>,
}

/// One query parameter of an operation.
#[derive(Debug, Deserialize)]
struct Param {
    name: String,
    schema: Schema,
}

impl Param {
    /// The name without a trailing `[]`, as PHP files it.
    fn base(&self) -> &str {
        self.name.strip_suffix("[]").unwrap_or(&self.name)
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        serde_json::from_str(include_str!("../spec/query_params.json"))
            .unwrap_or_else(|e| panic!("asyncdex-mock: the query table does not load: {e}"))
    })
}

/// How one parameter was written in the query string.
#[derive(Debug, Default)]
struct Written {
    /// `key=v` values.
    plain: Vec<String>,
    /// `key[]=v` and `key[N]=v` values.
    list: Vec<String>,
    /// `key[field]=v` pairs.
    fields: Vec<(String, String)>,
}

/// Splits `key`, `key[]`, `key[N]`, `key[field]` into the base name and the bracket content;
/// `None` for anything else (`key[a][b]`, `key[`).
fn split_key(key: &str) -> Option<(&str, Option<&str>)> {
    let Some(open) = key.find('[') else {
        return Some((key, None));
    };
    let inner = key[open + 1..].strip_suffix(']')?;
    if inner.contains(['[', ']']) {
        return None;
    }
    Some((&key[..open], Some(inner)))
}

/// Checks a raw query string against the parameters of `method template`.
pub(crate) fn query(method: &str, template: &str, raw: Option<&str>) -> Result<(), ApiError> {
    let Some(params) = table().operations.get(&format!("{method} {template}")) else {
        return Ok(());
    };
    let mut written: Vec<(String, Written)> = Vec::new();
    for (key, value) in raw.map(parse_pairs).unwrap_or_default() {
        let Some((base, inner)) = split_key(&key) else {
            return Err(undefined(&key));
        };
        let i = match written.iter().position(|(b, _)| b == base) {
            Some(i) => i,
            None => {
                written.push((base.to_owned(), Written::default()));
                written.len() - 1
            }
        };
        let w = &mut written[i].1;
        match inner {
            None => w.plain.push(value),
            Some(i) if i.is_empty() || i.bytes().all(|b| b.is_ascii_digit()) => w.list.push(value),
            Some(field) => w.fields.push((field.to_owned(), value)),
        }
    }
    for (base, w) in &written {
        let param = params
            .iter()
            .find(|p| p.base() == base)
            .ok_or_else(|| undefined(base))?;
        check_param(param, w).map_err(|message| invalid(base, &message))?;
    }
    Ok(())
}

fn undefined(name: &str) -> ApiError {
    invalid(
        name,
        &format!(
            "The property {name} is not defined and the definition does not allow additional properties"
        ),
    )
}

fn invalid(name: &str, message: &str) -> ApiError {
    ApiError::bad_request(format!("Error validating {name}: {message}"))
}
