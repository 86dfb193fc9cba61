//! The caller's stored drafts: one, all of them, and committing one.

use http::StatusCode;
use serde_json::json;

use crate::response::{ApiError, Handled, Reply};
use crate::routes::Req;
use crate::routes::edits::{conflict, now, object, version};
use crate::state::{State, StoredDraft};

const DRAFT_STATES: &[&str] = &["draft", "submitted", "rejected"];

/// The caller's draft `id`: 404 when unknown, 403 when someone else's.
fn own_draft(state: &State, req: &Req) -> Result<StoredDraft, ApiError> {
    let user = req.user_id(state)?;
    let id = req.id(0);
    match state.store().drafts.get(&id) {
        None => Err(ApiError::not_found("Manga", &id)),
        Some(d) if d.owner != user => Err(ApiError::forbidden("You can only see your own drafts")),
        Some(d) => Ok(d.clone()),
    }
}

/// `GET /manga/draft/{id}`.
pub(crate) fn draft(state: &State, req: &Req) -> Handled {
    Ok(Reply::entity(own_draft(state, req)?.entity))
}

/// `POST /manga/draft/{id}/commit`: `{"version": n}` at the draft's version; the draft
/// becomes `submitted` (version + 1). 201, as the spec has it.
pub(crate) fn commit_draft(state: &State, req: &Req) -> Handled {
    let draft = own_draft(state, req)?;
    let body = req.json()?;
    object(&body)?;
    let asked = version(&body)?;
    let attrs = &draft.entity["attributes"];
    let current = attrs["version"].as_u64().unwrap_or(1);
    if attrs["state"] != "draft" {
        return Err(ApiError::bad_request(format!(
            "Manga draft is {}, not draft",
            attrs["state"].as_str().unwrap_or("?")
        )));
    }
    if asked != current {
        return Err(conflict(current));
    }
    let mut entity = draft.entity;
    entity["attributes"]["state"] = json!("submitted");
    entity["attributes"]["version"] = json!(current + 1);
    entity["attributes"]["updatedAt"] = json!(now(state));
    if let Some(d) = state.store().drafts.get_mut(&req.id(0)) {
        d.entity = entity.clone();
    }
    let mut reply = Reply::entity(entity);
    reply.status = StatusCode::CREATED;
    Ok(reply)
}

/// `GET /manga/draft`: the caller's drafts, oldest first, `state` filtering.
pub(crate) fn drafts(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let (limit, offset) = req.query.page(10, 100)?;
    let wanted = req.query.enums("state", DRAFT_STATES)?;
    let mut mine: Vec<StoredDraft> = state
        .store()
        .drafts
        .values()
        .filter(|d| d.owner == user)
        .filter(|d| {
            wanted.is_empty()
                || d.entity["attributes"]["state"]
                    .as_str()
                    .is_some_and(|s| wanted.contains(&s))
        })
        .cloned()
        .collect();
    mine.sort_by_key(|d| d.created);
    Reply::page(mine, limit, offset, |d| d.entity)
}
