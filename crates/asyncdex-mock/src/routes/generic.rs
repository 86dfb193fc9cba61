//! The generic answer, in the operation's shape, of the operations without real behaviour.

use http::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use super::Req;
use super::operations::Shape;
use crate::response::{Handled, Reply};
use crate::state::State;
use crate::util::rfc3339;

/// A generic answer in the operation's shape, for operations without real behaviour.
pub(super) fn generic(state: &State, req: &Req, shape: Shape) -> Handled {
    if matches!(req.method, Method::POST | Method::PUT) && !req.body.is_empty() {
        // Bodies must at least be JSON (multipart uploads excepted).
        let ct = req
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if !ct.starts_with("multipart/") {
            req.json()?;
        }
    }
    match shape {
        Shape::Ok => Ok(generic_ok(state, req)),
        Shape::Entity(kind) => {
            let id = req
                .params
                .first()
                .and_then(|p| Uuid::parse_str(p).ok())
                .unwrap_or_else(Uuid::new_v4);
            Ok(Reply::entity(generic_entity(state, id, kind)))
        }
        Shape::Collection(kind) => {
            let (limit, offset) = req.query.page(10, 100)?;
            let _ = kind;
            Ok(Reply::collection(Vec::new(), limit, offset, 0))
        }
    }
}

fn generic_entity(state: &State, id: Uuid, kind: &str) -> Value {
    let now = rfc3339(state.clock.unix_now());
    let attributes = match kind {
        "api_client" => json!({"name": "mock client", "description": null, "profile": "personal",
            "externalClientId": null, "isActive": true, "state": "approved",
            "createdAt": now, "updatedAt": now, "version": 1}),
        "upload_session" => json!({"isCommitted": false, "isProcessed": false, "isDeleted": false,
            "version": 1, "createdAt": now, "updatedAt": now}),
        "manga_relation" => json!({"relation": "sequel", "version": 1}),
        _ => json!({"version": 1, "createdAt": now, "updatedAt": now}),
    };
    json!({"id": id, "type": kind, "attributes": attributes, "relationships": []})
}

fn generic_ok(state: &State, req: &Req) -> Reply {
    let ok = |v: Value| Reply::ok(&v);
    match (req.method.as_str(), req.template) {
        ("GET" | "POST", "/client/{id}/secret") => {
            ok(json!({"result": "ok", "data": format!("secret-{}", req.param(0))}))
        }
        ("GET" | "POST", "/settings/template") | ("GET", "/settings/template/{version}") => {
            ok(json!({"result": "ok", "template": {}, "version": 1}))
        }
        ("GET" | "POST", "/settings") => ok(
            json!({"result": "ok", "updatedAt": rfc3339(state.clock.unix_now()), "settings": {}, "template": Uuid::nil()}),
        ),
        ("GET", "/user/history") => ok(json!({"result": "ok", "ratings": []})),
        ("POST", "/upload/check-approval-required") => {
            ok(json!({"result": "ok", "requiresApproval": false}))
        }
        ("POST", "/captcha/solve") => ok(json!({"result": "ok"})),
        // A report is created: 201, as the spec has it.
        ("POST", "/report") => Reply::json(StatusCode::CREATED, &json!({"result": "ok"})),
        _ => Reply::result_ok(),
    }
}
