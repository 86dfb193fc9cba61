//! Write operations answered with complete entities built from the request: `POST /manga` and
//! the manga drafts, `PUT /chapter/{id}`, cover uploads and edits, upload sessions and their
//! commit, `POST /forums/thread`.
//!
//! What is kept and what is not:
//! - manga made with `POST /manga` are drafts (state `draft`, version 1) stored per server
//!   with their owner; `GET /manga/draft[/{id}]` show them, `POST /manga/draft/{id}/commit`
//!   submits one (state `submitted`, version + 1, `201`). They never join the catalogue, so
//!   `GET /manga/{id}` and searches do not see them.
//! - upload sessions opened with `POST /upload/begin[/{chapterId}]` are stored, so that the
//!   commit knows the manga and groups; the chapter it answers is not added to the catalogue.
//! - `PUT /chapter/{id}` and `PUT /cover/{mangaOrCoverId}` answer the edited entity (version +
//!   1) without changing the catalogue: a later `GET` shows the original.
//! - `POST /cover/{mangaOrCoverId}` answers a new cover entity, not added to the catalogue.
//! - `POST /forums/thread` answers the entity's thread: the `threadId` its statistics already
//!   show, or a new, deterministic one (0 replies).

use http::StatusCode;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::Req;
use crate::query::parse_uuid;
use crate::render;
use crate::response::{ApiError, Handled, Reply};
use crate::state::State;
use crate::util::{hash_str, rfc3339};

mod cover;
mod drafts;
mod upload;

pub(crate) use cover::{update_cover, upload_cover};
pub(crate) use drafts::{commit_draft, create_manga, draft, drafts};
pub(crate) use upload::{begin_edit, begin_upload, commit_upload};

fn bad(key: &str, problem: &str) -> ApiError {
    ApiError::bad_request(format!("Error validating {key}: {problem}"))
}

fn conflict(current: u64) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "conflict_http_exception",
        Some(format!("Version mismatch: current version is {current}")),
    )
}

fn object(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    body.as_object()
        .ok_or_else(|| ApiError::bad_request("Invalid JSON body: expected an object"))
}

/// A string field of a body: absent, `null`, or a string.
enum Text {
    Absent,
    Null,
    Set(String),
}

impl Text {
    fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    fn value(self) -> Option<String> {
        match self {
            Self::Set(s) => Some(s),
            Self::Absent | Self::Null => None,
        }
    }

    fn json(&self) -> Value {
        match self {
            Self::Set(s) => json!(s),
            Self::Absent | Self::Null => Value::Null,
        }
    }

    fn len(&self) -> usize {
        match self {
            Self::Set(s) => s.chars().count(),
            Self::Absent | Self::Null => 0,
        }
    }
}

fn opt_str(body: &Value, key: &str) -> Result<Text, ApiError> {
    match body.get(key) {
        None => Ok(Text::Absent),
        Some(Value::Null) => Ok(Text::Null),
        Some(Value::String(s)) => Ok(Text::Set(s.clone())),
        Some(_) => Err(bad(key, "must be a string or null")),
    }
}

/// A language code (`^[a-z]{2}(-[a-z]{2})?$`), as the spec's pattern has it.
fn is_language(s: &str) -> bool {
    let b = s.as_bytes();
    let two = |x: &[u8]| x.len() == 2 && x.iter().all(u8::is_ascii_lowercase);
    two(b) || (b.len() == 5 && two(&b[..2]) && b[2] == b'-' && two(&b[3..]))
}

fn language(body: &Value, key: &str) -> Result<Option<String>, ApiError> {
    match body.get(key) {
        None => Ok(None),
        Some(Value::String(s)) if is_language(s) => Ok(Some(s.clone())),
        Some(_) => Err(bad(key, "must be a language code")),
    }
}

fn one_of(body: &Value, key: &str, allowed: &[&str]) -> Result<Text, ApiError> {
    match opt_str(body, key)? {
        Text::Set(v) if !allowed.contains(&v.as_str()) => {
            Err(bad(key, &format!("must be one of {}", allowed.join(", "))))
        }
        other => Ok(other),
    }
}

/// A localized string (`{"en": "..."}`), `null` and absent being `None`.
fn localized(body: &Value, key: &str) -> Result<Option<Value>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v @ Value::Object(m)) if m.iter().all(|(l, t)| is_language(l) && t.is_string()) => {
            Ok(Some(v.clone()))
        }
        Some(_) => Err(bad(key, "must be an object of language codes to strings")),
    }
}

/// A list of ids that must be known (`exists`), or `None` when absent.
fn ids(
    body: &Value,
    key: &str,
    what: &str,
    exists: impl Fn(&Uuid) -> bool,
) -> Result<Option<Vec<Uuid>>, ApiError> {
    let Some(v) = body.get(key) else {
        return Ok(None);
    };
    let arr = v.as_array().ok_or_else(|| bad(key, "must be an array"))?;
    let mut out = Vec::new();
    for item in arr {
        let s = item
            .as_str()
            .ok_or_else(|| bad(key, "ids must be strings"))?;
        let id = parse_uuid(key, s)?;
        if !exists(&id) {
            return Err(ApiError::not_found(what, &id));
        }
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(Some(out))
}

/// `version`: a required integer of at least 1.
fn version(body: &Value) -> Result<u64, ApiError> {
    body.get("version")
        .and_then(Value::as_u64)
        .filter(|v| *v >= 1)
        .ok_or_else(|| bad("version", "required integer (at least 1)"))
}

fn rel(id: Uuid, kind: &str) -> Value {
    json!({"id": id, "type": kind})
}

fn now(state: &State) -> String {
    rfc3339(state.clock.unix_now())
}

// ---- Chapter edit -----------------------------------------------------------------------

/// `PUT /chapter/{id}` (`ChapterEdit`, `version` required and current): the chapter with the
/// edits applied, version + 1. The catalogue keeps the original.
pub(crate) fn update_chapter(state: &State, req: &Req) -> Handled {
    let id = req.id(0);
    let cat = &state.view();
    let c = cat
        .released_chapter(&id)
        .ok_or_else(|| ApiError::not_found("Chapter", &id))?;
    let body = req.json()?;
    object(&body)?;
    let asked = version(&body)?;
    if asked != u64::from(c.version) {
        return Err(conflict(u64::from(c.version)));
    }
    let mut entity = render::chapter(cat, c, &Default::default());
    for key in ["title", "volume", "chapter"] {
        let v = opt_str(&body, key)?;
        if v.len() > 255 {
            return Err(bad(key, "at most 255 characters"));
        }
        if !v.is_absent() {
            entity["attributes"][key] = v.json();
        }
    }
    if let Some(l) = language(&body, "translatedLanguage")? {
        entity["attributes"]["translatedLanguage"] = json!(l);
    }
    if let Some(groups) = ids(&body, "groups", "ScanlationGroup", |g| {
        cat.group_by_id(g).is_some()
    })? {
        if groups.len() > 10 {
            return Err(bad("groups", "at most 10"));
        }
        let mut rels: Vec<Value> = groups.iter().map(|g| rel(*g, "scanlation_group")).collect();
        if let Some(old) = entity["relationships"].as_array() {
            rels.extend(
                old.iter()
                    .filter(|r| r["type"] != "scanlation_group")
                    .cloned(),
            );
        }
        entity["relationships"] = json!(rels);
    }
    entity["attributes"]["version"] = json!(c.version + 1);
    entity["attributes"]["updatedAt"] = json!(now(state));
    Ok(Reply::entity(entity))
}

// ---- Forums -----------------------------------------------------------------------------

/// `POST /forums/thread` (`{"type": "manga"|"group"|"chapter", "id": uuid}`): the entity's
/// thread, whose id is an integer (`ForumsThreadResponse`).
pub(crate) fn create_thread(state: &State, req: &Req) -> Handled {
    req.user_id(state)?;
    let body = req.json()?;
    object(&body)?;
    let kind = one_of(&body, "type", &["manga", "group", "chapter"])?
        .value()
        .ok_or_else(|| bad("type", "required"))?;
    let id = body
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("id", "required"))?;
    let id = parse_uuid("id", id)?;
    let cat = state.view();
    let (exists, what) = match kind.as_str() {
        "manga" => (cat.manga_by_id(&id).is_some(), "Manga"),
        "group" => (cat.group_by_id(&id).is_some(), "ScanlationGroup"),
        _ => (cat.released_chapter(&id).is_some(), "Chapter"),
    };
    if !exists {
        return Err(ApiError::not_found(what, &id));
    }
    // The thread the entity's statistics show, or the one made now.
    let (thread, replies) = match render::comments(id) {
        Value::Null => (json!(1 + hash_str(&id.to_string()) % 9_000_000), json!(0)),
        c => (c["threadId"].clone(), c["repliesCount"].clone()),
    };
    Ok(Reply::ok(&json!({
        "result": "ok",
        "response": "entity",
        "data": {"type": "thread", "id": thread, "attributes": {"repliesCount": replies}},
    })))
}

#[cfg(test)]
mod tests {
    use super::is_language;

    #[test]
    fn language_codes_follow_the_spec_pattern() {
        for ok in ["en", "ja", "pt-br", "es-la", "ja-ro"] {
            assert!(is_language(ok), "{ok}");
        }
        for no in ["", "e", "EN", "eng", "pt_br", "pt-", "pt-bra", "zh-hk-x"] {
            assert!(!is_language(no), "{no}");
        }
    }
}
