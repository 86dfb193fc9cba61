//! Reading status, read markers and ratings, per account.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::Req;
use crate::query::parse_uuid;
use crate::response::{ApiError, Handled, Reply};
use crate::state::State;
use crate::util::rfc3339;

const STATUSES: &[&str] = &[
    "reading",
    "on_hold",
    "plan_to_read",
    "dropped",
    "re_reading",
    "completed",
];

fn manga_exists(state: &State, id: &uuid::Uuid) -> Result<(), ApiError> {
    state
        .catalogue()
        .manga_by_id(id)
        .map(|_| ())
        .ok_or_else(|| ApiError::not_found("Manga", id))
}

pub(crate) fn statuses(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let filter = req.query.enums("status", STATUSES)?;
    let map: Map<String, Value> = state
        .store()
        .user(user)
        .statuses
        .iter()
        .filter(|(_, s)| filter.is_empty() || filter.contains(&s.as_str()))
        .map(|(id, s)| (id.to_string(), json!(s)))
        .collect();
    Ok(Reply::ok(&json!({"result": "ok", "statuses": map})))
}

pub(crate) fn status(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let id = req.id(0);
    manga_exists(state, &id)?;
    let s = state.store().user(user).statuses.get(&id).cloned();
    Ok(Reply::ok(&json!({"result": "ok", "status": s})))
}

pub(crate) fn set_status(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let id = req.id(0);
    manga_exists(state, &id)?;
    let body = req.json()?;
    let status = match body.get("status") {
        Some(Value::Null) => None,
        Some(Value::String(s)) if STATUSES.contains(&s.as_str()) => Some(s.clone()),
        _ => {
            return Err(ApiError::bad_request(format!(
                "Error validating status: one of {STATUSES:?} or null"
            )));
        }
    };
    let mut store = state.store();
    let data = store.user(user);
    match status {
        Some(s) => {
            data.statuses.insert(id, s);
        }
        None => {
            data.statuses.remove(&id);
        }
    }
    Ok(Reply::result_ok())
}

pub(crate) fn read_markers(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let id = req.id(0);
    manga_exists(state, &id)?;
    let read: Vec<uuid::Uuid> = state
        .store()
        .user(user)
        .read
        .get(&id)
        .map(|s| s.iter().copied().collect())
        .unwrap_or_default();
    Ok(Reply::ok(&json!({"result": "ok", "data": read})))
}

fn id_list(body: &Value, key: &str) -> Result<Vec<uuid::Uuid>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| {
                        ApiError::bad_request(format!(
                            "Error validating {key}: ids must be strings"
                        ))
                    })
                    .and_then(|s| parse_uuid(key, s))
            })
            .collect(),
        Some(_) => Err(ApiError::bad_request(format!(
            "Error validating {key}: must be an array"
        ))),
    }
}

pub(crate) fn set_read_markers(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let id = req.id(0);
    manga_exists(state, &id)?;
    if req.body.len() > 10 * 1024 {
        return Err(ApiError::bad_request("Body larger than 10KB"));
    }
    let body = req.json()?;
    if !body.is_object()
        || (body.get("chapterIdsRead").is_none() && body.get("chapterIdsUnread").is_none())
    {
        return Err(ApiError::bad_request(
            "Error validating body: chapterIdsRead or chapterIdsUnread required",
        ));
    }
    let read = id_list(&body, "chapterIdsRead")?;
    let unread = id_list(&body, "chapterIdsUnread")?;
    let cat = state.view();
    for c in read.iter().chain(&unread) {
        if cat.released_chapter(c).is_none_or(|ch| ch.manga != id) {
            return Err(ApiError::bad_request(format!(
                "Chapter {c} does not belong to manga {id}"
            )));
        }
    }
    let mut store = state.store();
    let set = store.user(user).read.entry(id).or_default();
    set.extend(read);
    for c in unread {
        set.remove(&c);
    }
    Ok(Reply::result_ok())
}

pub(crate) fn read_markers_many(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let ids = req.query.uuids("ids")?;
    if ids.is_empty() {
        return Err(ApiError::bad_request("Error validating ids: required"));
    }
    let grouped = req.query.boolean("grouped")?.unwrap_or(false);
    let mut store = state.store();
    let data = store.user(user);
    if grouped {
        let map: BTreeMap<String, Vec<uuid::Uuid>> = ids
            .iter()
            .filter_map(|m| {
                data.read
                    .get(m)
                    .map(|s| (m.to_string(), s.iter().copied().collect()))
            })
            .collect();
        Ok(Reply::ok(&json!({"result": "ok", "data": map})))
    } else {
        let all: Vec<uuid::Uuid> = ids
            .iter()
            .filter_map(|m| data.read.get(m))
            .flat_map(|s| s.iter().copied())
            .collect();
        Ok(Reply::ok(&json!({"result": "ok", "data": all})))
    }
}

pub(crate) fn ratings(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let ids = req.query.uuids("manga")?;
    let mut store = state.store();
    let map: Map<String, Value> = store
        .user(user)
        .ratings
        .iter()
        .filter(|(m, _)| ids.is_empty() || ids.contains(m))
        .map(|(m, (r, at))| {
            (
                m.to_string(),
                json!({"rating": r, "createdAt": rfc3339(*at)}),
            )
        })
        .collect();
    Ok(Reply::ok(&json!({"result": "ok", "ratings": map})))
}

pub(crate) fn rate(state: &State, req: &Req, set: bool) -> Handled {
    let user = req.user_id(state)?;
    let id = req.id(0);
    manga_exists(state, &id)?;
    let rating = if set {
        let body = req.json()?;
        match body.get("rating").and_then(Value::as_u64) {
            Some(r @ 1..=10) => Some(r as u8),
            _ => {
                return Err(ApiError::bad_request(
                    "Error validating rating: integer 1..10",
                ));
            }
        }
    } else {
        None
    };
    let now = state.clock.unix_now();
    let mut store = state.store();
    let data = store.user(user);
    match rating {
        Some(r) => {
            data.ratings.insert(id, (r, now));
        }
        None => {
            data.ratings.remove(&id);
        }
    }
    Ok(Reply::result_ok())
}
