//! Every answer the mock gives to every operation of the spec, in success and error cases, is
//! valid against the official spec's JSON schemas, so the mock cannot drift from the API.
//!
//! The spec is `tests/data/mangadex-openapi.json`: the official 5.13.1 YAML (a copy is in
//! `crates/asyncdex/tests/data/`) converted to JSON once, unchanged. OpenAPI 3.0's `nullable:
//! true` is read as JSON Schema's `null` type (the dialect's own rule, not a patch). Where the
//! spec is wrong about what MangaDex sends, `tests/data/spec-patches.json` patches that one
//! schema, with a note per patch; nothing else is loosened. An answer whose status the
//! operation does not declare is checked against `ErrorResponse` when it is an error, and is a
//! failure when it is a success.

mod common;

use std::collections::HashMap;

use asyncdex_mock::MockServer;
use common::ops::{Call, call_every_operation, login};
use common::{Answer, TestClient};
use http::Method;
use serde_json::{Value, json};

const SPEC: &str = include_str!("data/mangadex-openapi.json");
const PATCHES: &str = include_str!("data/spec-patches.json");

/// Applies one patch: `add` (a key, or `-` to append to an array), `replace` or `remove` at a
/// JSON pointer of the spec.
fn apply(spec: &mut Value, patch: &Value) {
    let path = patch["path"].as_str().unwrap();
    assert!(
        patch["note"].as_str().is_some_and(|n| n.len() > 20),
        "{path}: a note"
    );
    let (parent, key) = path.rsplit_once('/').unwrap();
    let key = key.replace("~1", "/").replace("~0", "~");
    let target = spec
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("patch {path}: no such place in the spec"));
    let value = patch.get("value").cloned();
    match (patch["op"].as_str().unwrap(), target) {
        ("add", Value::Array(a)) if key == "-" => a.push(value.unwrap()),
        ("add" | "replace", Value::Object(m)) => {
            let old = m.insert(key, value.unwrap());
            assert_eq!(old.is_some(), patch["op"] == "replace", "patch {path}");
        }
        ("remove", Value::Object(m)) => {
            assert!(m.remove(&key).is_some(), "patch {path}: nothing to remove");
        }
        (op, _) => panic!("patch {path}: cannot {op} there"),
    }
}

/// OpenAPI 3.0's `nullable: true` as JSON Schema: `null` joins the type (or, without a type,
/// an `anyOf` with `null`).
fn nullable_to_null(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if m.get("nullable") == Some(&Value::Bool(true)) {
                m.remove("nullable");
                match m.get("type").cloned() {
                    Some(Value::String(t)) => {
                        m.insert("type".to_owned(), json!([t, "null"]));
                    }
                    _ => {
                        let inner = Value::Object(std::mem::take(m));
                        m.insert("anyOf".to_owned(), json!([inner, {"type": "null"}]));
                    }
                }
            } else if m.get("nullable") == Some(&Value::Bool(false)) {
                m.remove("nullable");
            }
            m.values_mut().for_each(nullable_to_null);
        }
        Value::Array(a) => a.iter_mut().for_each(nullable_to_null),
        _ => {}
    }
}

/// The patched spec, its schemas in JSON Schema's dialect.
fn spec() -> Value {
    let mut spec: Value = serde_json::from_str(SPEC).unwrap();
    let patches: Value = serde_json::from_str(PATCHES).unwrap();
    for p in patches["patches"].as_array().unwrap() {
        apply(&mut spec, p);
    }
    nullable_to_null(&mut spec);
    spec
}

/// Validators of response schemas, built once per distinct schema.
struct Checker {
    spec: Value,
    cache: HashMap<String, jsonschema::Validator>,
    failures: Vec<String>,
    checked: usize,
}

impl Checker {
    fn new() -> Self {
        Self {
            spec: spec(),
            cache: HashMap::new(),
            failures: Vec::new(),
            checked: 0,
        }
    }

    /// The declared answer of `method template` for `status` (`None`: not declared).
    fn declared(&self, method: &str, template: &str, status: u16) -> Option<Value> {
        let op = &self.spec["paths"][template][method.to_lowercase()];
        assert!(op.is_object(), "{method} {template} is not in the spec");
        op["responses"].get(status.to_string()).cloned()
    }

    fn validator(&mut self, key: &str, schema: &Value) -> &jsonschema::Validator {
        if !self.cache.contains_key(key) {
            let root = json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "components": self.spec["components"],
                "allOf": [schema],
            });
            let v = jsonschema::options()
                .should_validate_formats(true)
                .build(&root)
                .unwrap_or_else(|e| panic!("{key}: the schema does not build: {e}"));
            self.cache.insert(key.to_owned(), v);
        }
        &self.cache[key]
    }

    /// Checks one answer of `method template`.
    fn check(&mut self, method: &str, template: &str, what: &str, a: &Answer) {
        let status = a.status.as_u16();
        let label = format!("{method} {template} ({what}) -> {status}");
        let declared = self.declared(method, template, status);
        let content = match declared {
            Some(r) => r.get("content").cloned(),
            None if status >= 400 => Some(json!({"application/json": {"schema":
                {"$ref": "#/components/schemas/ErrorResponse"}}})),
            None => {
                self.failures
                    .push(format!("{label}: status not in the spec"));
                return;
            }
        };
        let Some(content) = content.and_then(|c| c.as_object().cloned()) else {
            if !a.body.is_empty() {
                self.failures
                    .push(format!("{label}: a body where the spec has none"));
            }
            return;
        };
        let ct = a.header("content-type").unwrap_or("");
        let Some((_, media)) = content.iter().find(|(t, _)| ct.starts_with(t.as_str())) else {
            self.failures.push(format!(
                "{label}: content type {ct:?}, spec: {:?}",
                content.keys()
            ));
            return;
        };
        if !ct.starts_with("application/json") {
            return;
        }
        let body: Value = match serde_json::from_slice(&a.body) {
            Ok(v) => v,
            Err(e) => return self.failures.push(format!("{label}: not JSON: {e}")),
        };
        let key = media["schema"].to_string();
        let errors: Vec<String> = self
            .validator(&key, &media["schema"])
            .iter_errors(&body)
            .map(|e| format!("at {}: {e}", e.instance_path()))
            .take(5)
            .collect();
        self.checked += 1;
        if !errors.is_empty() {
            self.failures
                .push(format!("{label}:\n    {}", errors.join("\n    ")));
        }
    }
}

/// `url` with a parameter no operation defines.
fn with_unknown_param(url: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}notAParameter=1")
}

/// The error answers of one operation: an undefined parameter, no token, an unknown id, a
/// malformed id.
async fn error_cases(c: &TestClient, call: &Call, token: &str) -> Vec<(&'static str, Answer)> {
    let m: Method = call.method.parse().unwrap();
    let auth = format!("Bearer {token}");
    let json = ("content-type", "application/json");
    let with_token = [("authorization", auth.as_str()), json];
    let mut out = vec![(
        "unknown parameter",
        c.send(m.clone(), &with_unknown_param(&call.url), &with_token, "{}")
            .await,
    )];
    out.push((
        "no token",
        c.send(m.clone(), &call.url, &[json], "{}").await,
    ));
    if call.template.contains("{id}") || call.template.contains("Id}") {
        let path = call.url.split('?').next().unwrap();
        let uuid = regex_free_uuid(path);
        if let Some(uuid) = uuid {
            let unknown = call.url.replace(&uuid, &uuid::Uuid::new_v4().to_string());
            out.push((
                "unknown id",
                c.send(m.clone(), &unknown, &with_token, "{}").await,
            ));
            let malformed = call.url.replace(&uuid, "not-a-uuid");
            out.push((
                "malformed id",
                c.send(m, &malformed, &with_token, "{}").await,
            ));
        }
    }
    out
}

/// The first UUID-shaped path segment.
fn regex_free_uuid(path: &str) -> Option<String> {
    path.split('/')
        .find(|s| s.len() == 36 && uuid::Uuid::parse_str(s).is_ok())
        .map(str::to_owned)
}

#[tokio::test]
async fn every_answer_to_every_operation_matches_the_spec() {
    let s = MockServer::builder()
        .no_global_limit()
        .route_limits(false)
        .start()
        .await;
    let c = TestClient::new();
    let mut checker = Checker::new();
    let calls = call_every_operation(&s, &c).await;
    assert_eq!(calls.len(), 113);
    let (token, _) = login(&c, &s).await;
    for call in &calls {
        checker.check(&call.method, &call.template, "valid", &call.answer);
        for (what, a) in error_cases(&c, call, &token).await {
            checker.check(&call.method, &call.template, what, &a);
        }
    }
    // Lists and searches with every expansion, and the answers of the rate limiter.
    let u = s.url();
    for (template, query) in [
        (
            "/manga",
            "includes[]=author&includes[]=artist&includes[]=cover_art&includes[]=manga&includes[]=creator&limit=100",
        ),
        (
            "/chapter",
            "includes[]=manga&includes[]=scanlation_group&includes[]=user&limit=100",
        ),
        ("/cover", "includes[]=manga&includes[]=user&limit=100"),
        ("/author", "includes[]=manga&limit=100"),
        ("/group", "includes[]=leader&includes[]=member&limit=100"),
    ] {
        let a = c.get(&format!("{u}{template}?{query}")).await;
        checker.check("GET", template, "expanded", &a);
    }
    let limited = MockServer::builder().global_limit(1).start().await;
    c.get(&format!("{}/manga", limited.url())).await;
    let a = c.get(&format!("{}/manga", limited.url())).await;
    assert_eq!(a.status, 429);
    checker.check("GET", "/manga", "rate limited", &a);
    assert!(checker.checked > 400, "{} answers checked", checker.checked);
    assert!(
        checker.failures.is_empty(),
        "{} of {} answers do not match the spec:\n{}",
        checker.failures.len(),
        checker.checked,
        checker.failures.join("\n")
    );
}
