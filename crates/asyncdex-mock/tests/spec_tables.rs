//! The query-parameter table the server validates against (`src/spec/query_params.json`) is
//! derived from the official spec (`tests/data/mangadex-openapi.json`), never written by hand:
//! this test derives it again and compares. After a spec update, run it with
//! `ASYNCDEX_MOCK_WRITE_TABLES=1` to write the new table.

use serde_json::{Map, Value, json};

const SPEC: &str = include_str!("data/mangadex-openapi.json");
const TABLE_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/spec/query_params.json");

/// Follows `$ref`s (`#/components/...`) to the referenced value.
fn resolve<'a>(spec: &'a Value, mut v: &'a Value) -> &'a Value {
    while let Some(r) = v.get("$ref").and_then(Value::as_str) {
        let pointer = r.strip_prefix('#').expect("local $ref");
        v = spec
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling {r}"));
    }
    v
}

/// The parts of a parameter schema the server checks: types, enums, limits, patterns, formats,
/// array items, deep-object properties and alternatives.
fn simplify(spec: &Value, schema: &Value) -> Value {
    let schema = resolve(spec, schema);
    let mut out = Map::new();
    for key in [
        "type",
        "enum",
        "minimum",
        "maximum",
        "pattern",
        "format",
        "minLength",
        "maxLength",
    ] {
        if let Some(v) = schema.get(key) {
            out.insert(key.to_owned(), v.clone());
        }
    }
    if let Some(items) = schema.get("items") {
        out.insert("items".to_owned(), simplify(spec, items));
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        let props = props
            .iter()
            .map(|(k, v)| (k.clone(), simplify(spec, v)))
            .collect();
        out.insert("properties".to_owned(), Value::Object(props));
    }
    if let Some(alts) = schema.get("oneOf").and_then(Value::as_array) {
        let alts = alts.iter().map(|a| simplify(spec, a)).collect();
        out.insert("oneOf".to_owned(), Value::Array(alts));
    }
    Value::Object(out)
}

/// The query parameters of one operation, in spec order; a name listed twice (the spec
/// repeats `externalUrl` on `GET /manga/{id}/feed`) is kept once.
fn query_params(spec: &Value, item: &Value, op: &Value) -> Vec<Value> {
    let listed = |v: &Value| v.get("parameters").and_then(Value::as_array).cloned();
    let all = listed(item).into_iter().chain(listed(op)).flatten();
    let mut out: Vec<Value> = Vec::new();
    for p in all {
        let p = resolve(spec, &p);
        if p["in"] != "query" || out.iter().any(|o| o["name"] == p["name"]) {
            continue;
        }
        let mut row = json!({"name": p["name"], "schema": simplify(spec, &p["schema"])});
        if p.get("style").and_then(Value::as_str) == Some("deepObject") {
            row["deep"] = json!(true);
        }
        out.push(row);
    }
    out
}

fn derive_table() -> Value {
    let spec: Value = serde_json::from_str(SPEC).unwrap();
    let mut operations = Map::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "delete", "patch"] {
            if let Some(op) = item.get(method) {
                let key = format!("{} {path}", method.to_uppercase());
                operations.insert(key, Value::Array(query_params(&spec, item, op)));
            }
        }
    }
    json!({
        "note": "Generated from the MangaDex OpenAPI spec by tests/spec_tables.rs; do not edit.",
        "version": spec["info"]["version"],
        "operations": operations,
    })
}

#[test]
fn the_query_table_is_the_one_derived_from_the_spec() {
    let derived = serde_json::to_string_pretty(&derive_table()).unwrap() + "\n";
    if std::env::var_os("ASYNCDEX_MOCK_WRITE_TABLES").is_some() {
        std::fs::write(TABLE_PATH, &derived).unwrap();
    }
    let shipped = std::fs::read_to_string(TABLE_PATH).unwrap_or_default();
    assert!(
        shipped == derived,
        "src/spec/query_params.json is not the table derived from the spec; \
         run this test with ASYNCDEX_MOCK_WRITE_TABLES=1"
    );
    let table: Value = serde_json::from_str(&derived).unwrap();
    assert_eq!(table["version"], "5.13.1");
    assert_eq!(table["operations"].as_object().unwrap().len(), 113);
}
