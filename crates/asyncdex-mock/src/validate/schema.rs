//! [`Schema`]: the checked parts of a parameter's schema, and the checks of a parameter as
//! written against it; `Err` is the message of the `400`.

use std::collections::BTreeMap;

use regex::Regex;
use serde::Deserialize;
use serde_json::Value;

use super::{Param, Written};

/// The checked parts of a parameter schema.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Schema {
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

/// One parameter as written against its schema; `Err` is the message.
pub(super) fn check_param(param: &Param, w: &Written) -> Result<(), String> {
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
