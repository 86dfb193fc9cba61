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

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;
use serde_json::Value;

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

/// The checked parts of a parameter schema.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Schema {
    #[serde(rename = "type")]
    ty: Option<String>,
    #[serde(rename = "enum")]
    allowed: Option<Vec<Value>>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    #[serde(default, deserialize_with = "regex")]
    pattern: Option<Regex>,
    format: Option<String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    items: Option<Box<Schema>>,
    properties: Option<BTreeMap<String, Schema>>,
    one_of: Option<Vec<Schema>>,
}

fn regex<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Regex>, D::Error> {
    let pattern = String::deserialize(d)?;
    Regex::new(&pattern)
        .map(Some)
        .map_err(serde::de::Error::custom)
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        serde_json::from_str(include_str!("spec/query_params.json"))
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

/// One parameter as written against its schema; `Err` is the message.
fn check_param(param: &Param, w: &Written) -> Result<(), String> {
    let schema = &param.schema;
    if schema.properties.is_some() || schema.ty.as_deref() == Some("object") {
        if !w.plain.is_empty() || !w.list.is_empty() {
            return Err(found("String", "an object"));
        }
        let props = schema.properties.as_ref();
        for (field, value) in &w.fields {
            let Some(field_schema) = props.and_then(|p| p.get(field)) else {
                return Err(format!(
                    "The property {field} is not defined and the definition does not allow additional properties"
                ));
            };
            scalar(field_schema, value).map_err(|m| format!("[{field}] {m}"))?;
        }
        return Ok(());
    }
    if !w.fields.is_empty() {
        return Err(found("Object", &article(schema)));
    }
    values(schema, w)
}

/// Plain and list values against a non-object schema.
fn values(schema: &Schema, w: &Written) -> Result<(), String> {
    if let Some(alts) = &schema.one_of {
        let ok = alts.iter().any(|alt| values(alt, w).is_ok());
        return if ok {
            Ok(())
        } else {
            Err("Failed to match exactly one schema".to_owned())
        };
    }
    if schema.ty.as_deref() == Some("array") {
        let items = schema.items.as_deref();
        for v in w.plain.iter().chain(&w.list) {
            items.map_or(Ok(()), |i| scalar(i, v))?;
        }
        return Ok(());
    }
    if !w.list.is_empty() {
        return Err(found("Array", &article(schema)));
    }
    w.plain.iter().try_for_each(|v| scalar(schema, v))
}

/// "a string", "an integer" ...: the type a schema asks for.
fn article(schema: &Schema) -> String {
    match schema.ty.as_deref() {
        Some(t @ ("integer" | "object" | "array")) => format!("an {t}"),
        Some(t) => format!("a {t}"),
        None => "a string".to_owned(),
    }
}

fn found(what: &str, wanted: &str) -> String {
    format!("{what} value found, but {wanted} is required")
}

/// One value against a scalar schema.
fn scalar(schema: &Schema, v: &str) -> Result<(), String> {
    let as_json = match schema.ty.as_deref() {
        Some("integer") => {
            let n: i64 = v.parse().map_err(|_| found("String", "an integer"))?;
            limits(schema, n as f64)?;
            Value::from(n)
        }
        Some("number") => {
            let n: f64 = v.parse().map_err(|_| found("String", "a number"))?;
            limits(schema, n)?;
            Value::from(n)
        }
        Some("boolean") => match v {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => return Err(found("String", "a boolean")),
        },
        _ => {
            string(schema, v)?;
            Value::from(v)
        }
    };
    match &schema.allowed {
        Some(allowed) if !allowed.contains(&as_json) => Err(format!(
            "Does not have a value in the enumeration {}",
            Value::from(allowed.clone())
        )),
        _ => Ok(()),
    }
}

fn limits(schema: &Schema, n: f64) -> Result<(), String> {
    if let Some(max) = schema.maximum.filter(|m| n > *m) {
        return Err(format!("Must have a maximum value of {max}"));
    }
    if let Some(min) = schema.minimum.filter(|m| n < *m) {
        return Err(format!("Must have a minimum value of {min}"));
    }
    Ok(())
}

fn string(schema: &Schema, v: &str) -> Result<(), String> {
    let chars = v.chars().count();
    if let Some(min) = schema.min_length.filter(|m| chars < *m) {
        return Err(format!("Must be at least {min} characters long"));
    }
    if let Some(max) = schema.max_length.filter(|m| chars > *m) {
        return Err(format!("Must be at most {max} characters long"));
    }
    if let Some(re) = schema.pattern.as_ref().filter(|re| !re.is_match(v)) {
        return Err(format!("Does not match the regex pattern {}", re.as_str()));
    }
    if schema.format.as_deref() == Some("uuid")
        && (v.len() != 36 || uuid::Uuid::parse_str(v).is_err())
    {
        return Err(format!("\"{v}\" is not a valid UUID"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(op: &str, q: &str) -> Result<(), String> {
        let (m, t) = op.split_once(' ').unwrap();
        query(m, t, Some(q)).map_err(|e| e.detail.unwrap_or_default())
    }

    #[test]
    fn every_operation_of_the_spec_is_in_the_table() {
        assert_eq!(table().operations.len(), 113);
        for (m, t, _, _) in crate::routes::OPERATIONS {
            assert!(
                table().operations.contains_key(&format!("{m} {t}")),
                "{m} {t}"
            );
        }
    }

    #[test]
    fn names_forms_and_values() {
        assert!(check("GET /manga", "limit=10&includes[]=author&order[title]=asc").is_ok());
        assert!(
            check("GET /manga", "ids[0]=x")
                .unwrap_err()
                .contains("UUID")
        );
        let e = check("GET /manga", "limt=10").unwrap_err();
        assert!(e.contains("The property limt is not defined"), "{e}");
        assert!(
            check("GET /manga", "limit=101")
                .unwrap_err()
                .contains("maximum value of 100")
        );
        assert!(
            check("GET /manga", "limit[]=1")
                .unwrap_err()
                .contains("Array value found")
        );
        assert!(
            check("GET /manga", "order=asc")
                .unwrap_err()
                .contains("an object")
        );
        assert!(
            check("GET /manga", "order[nope]=asc")
                .unwrap_err()
                .contains("nope")
        );
        assert!(
            check("GET /manga", "order[title]=up")
                .unwrap_err()
                .contains("enumeration")
        );
        assert!(check("GET /manga", "year=2020").is_ok());
        assert!(check("GET /manga", "year=none").is_ok());
        assert!(check("GET /manga", "year=soon").is_err());
        assert!(check("GET /manga", "status[]=ongoing&status=hiatus").is_ok());
        assert!(check("GET /manga", "originalLanguage[]=english").is_err());
        assert!(check("GET /manga", "a[b][c]=1").is_err());
        // Arrays in both spellings, whatever the spec's name.
        assert!(check("GET /chapter", "includes[]=manga&includes=user").is_ok());
        assert!(check("GET /chapter", "includes[]=author").is_err());
        assert!(
            check(
                "GET /chapter",
                "uploader=0b7f2b9e-3a8f-4a8c-9a4e-2f5d7c1e9b20"
            )
            .is_ok()
        );
        assert!(
            check(
                "GET /rating",
                "manga[]=0b7f2b9e-3a8f-4a8c-9a4e-2f5d7c1e9b20"
            )
            .is_ok()
        );
        assert!(check("GET /manga/{id}/feed", "limit=500&includeEmptyPages=1").is_ok());
        assert!(check("GET /manga/{id}/feed", "includeEmptyPages=true").is_err());
        assert!(check("GET /at-home/server/{chapterId}", "forcePort443=true").is_ok());
        assert!(check("GET /at-home/server/{chapterId}", "forcePort443=yes").is_err());
        assert!(check("GET /ping", "x=1").is_err());
        assert!(check("GET /ping", "").is_ok());
    }
}
