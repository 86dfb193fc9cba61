//! Shared helpers of the integration tests: a plain hyper-util client and JSON checks.
#![allow(dead_code, unreachable_pub)]

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

pub mod ops;

/// An answer: status, headers, body.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The `User-Agent` the test client sends unless told otherwise (MangaDex, and so the mock,
/// refuse API requests without one).
pub const USER_AGENT: &str = "asyncdex-mock-tests/1.0";

#[derive(Debug, Clone)]
pub struct TestClient {
    client: Client<HttpConnector, Full<Bytes>>,
    agent: Option<&'static str>,
}

impl Default for TestClient {
    fn default() -> Self {
        Self::new()
    }
}

impl TestClient {
    pub fn new() -> Self {
        Self {
            client: Client::builder(TokioExecutor::new()).build_http(),
            agent: Some(USER_AGENT),
        }
    }

    /// A client that sends no `User-Agent` of its own (a request may still carry one).
    pub fn without_user_agent() -> Self {
        Self {
            agent: None,
            ..Self::new()
        }
    }

    /// Sends a request; `Err` on transport errors (reset, truncated body ...).
    pub async fn try_send(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Result<Answer, String> {
        let mut req = http::Request::builder().method(method).uri(url);
        let own_agent = headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("user-agent"));
        if let Some(agent) = self.agent.filter(|_| !own_agent) {
            req = req.header("user-agent", agent);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req
            .body(Full::new(body.into()))
            .map_err(|e| e.to_string())?;
        let res = self
            .client
            .request(req)
            .await
            .map_err(|e| format!("{e:?}"))?;
        let (parts, body) = res.into_parts();
        let body = body
            .collect()
            .await
            .map_err(|e| format!("body: {e:?}"))?
            .to_bytes();
        Ok(Answer {
            status: parts.status,
            headers: parts.headers,
            body,
        })
    }

    pub async fn send(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Answer {
        match self.try_send(method.clone(), url, headers, body).await {
            Ok(a) => a,
            Err(e) => panic!("{method} {url}: {e}"),
        }
    }

    pub async fn get(&self, url: &str) -> Answer {
        self.send(Method::GET, url, &[], Bytes::new()).await
    }

    pub async fn get_auth(&self, url: &str, token: &str) -> Answer {
        let h = format!("Bearer {token}");
        self.send(Method::GET, url, &[("authorization", &h)], Bytes::new())
            .await
    }

    pub async fn json(
        &self,
        method: Method,
        url: &str,
        token: Option<&str>,
        body: &Value,
    ) -> Answer {
        let h = token.map(|t| format!("Bearer {t}"));
        let mut headers = vec![("content-type", "application/json")];
        if let Some(h) = &h {
            headers.push(("authorization", h.as_str()));
        }
        self.send(method, url, &headers, serde_json::to_vec(body).unwrap())
            .await
    }

    pub async fn form(&self, url: &str, form: &str) -> Answer {
        self.send(
            Method::POST,
            url,
            &[("content-type", "application/x-www-form-urlencoded")],
            form.to_owned(),
        )
        .await
    }
}

/// The property lists of the spec's schemas (tests/data/schemas.json, extracted from the spec).
pub fn schema(name: &str) -> Vec<String> {
    let all: Value = serde_json::from_str(include_str!("../data/schemas.json")).unwrap();
    all[name]
        .as_array()
        .unwrap_or_else(|| panic!("no schema {name}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

/// Asserts that `value` has every property of schema `name`.
pub fn assert_schema(value: &Value, name: &str) {
    let obj = value
        .as_object()
        .unwrap_or_else(|| panic!("{name}: not an object: {value}"));
    for key in schema(name) {
        assert!(obj.contains_key(&key), "{name}: missing `{key}` in {value}");
    }
}

/// Asserts an entity and its attributes against `Kind` and `KindAttributes`.
pub fn assert_entity(value: &Value, kind: &str, type_name: &str) {
    assert_schema(value, kind);
    assert_eq!(value["type"], type_name, "{value}");
    assert_schema(&value["attributes"], &format!("{kind}Attributes"));
    for r in value["relationships"]
        .as_array()
        .expect("relationships array")
    {
        assert!(r["id"].is_string() && r["type"].is_string(), "{r}");
    }
}

/// Asserts the API error body and returns the first error's title.
pub fn assert_error(a: &Answer, status: u16) -> String {
    assert_eq!(
        a.status.as_u16(),
        status,
        "{:?}",
        String::from_utf8_lossy(&a.body)
    );
    let v = a.json();
    assert_schema(&v, "ErrorResponse");
    assert_eq!(v["result"], "error");
    let e = &v["errors"][0];
    assert_schema(e, "Error");
    assert_eq!(e["status"], status);
    assert!(uuid::Uuid::parse_str(e["id"].as_str().unwrap()).is_ok());
    e["title"].as_str().unwrap().to_owned()
}

/// Decodes the JWT payload of a token.
pub fn jwt_payload(token: &str) -> Value {
    use base64::Engine as _;
    let part = token.split('.').nth(1).expect("three parts");
    let out = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .expect("base64url");
    serde_json::from_slice(&out).expect("payload JSON")
}
