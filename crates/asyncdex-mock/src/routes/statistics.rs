//! Statistics: `GET /statistics/manga[/{uuid}]`, `/statistics/chapter[/{uuid}]`,
//! `/statistics/group[/{uuid}]`.

use serde_json::{Map, Value, json};

use super::Req;
use crate::render;
use crate::response::{ApiError, Handled, Reply};
use crate::state::State;

fn answer(map: Map<String, Value>) -> Handled {
    Ok(Reply::ok(&json!({"result": "ok", "statistics": map})))
}

pub(crate) fn manga_one(state: &State, req: &Req) -> Handled {
    let id = req.id(0);
    let cat = &state.view();
    let m = cat
        .manga_by_id(&id)
        .ok_or_else(|| ApiError::not_found("Manga", &id))?;
    let mut map = Map::new();
    map.insert(id.to_string(), render::manga_statistics(cat, m));
    answer(map)
}

pub(crate) fn manga_many(state: &State, req: &Req) -> Handled {
    let ids = req.query.uuids("manga")?;
    if ids.is_empty() {
        return Err(ApiError::bad_request(
            "Error validating manga: at least one id required",
        ));
    }
    let cat = &state.view();
    let map = ids
        .iter()
        .filter_map(|id| cat.manga_by_id(id))
        .map(|m| (m.id.to_string(), render::manga_statistics(cat, m)))
        .collect();
    answer(map)
}

fn exists(state: &State, kind: &str, id: &uuid::Uuid) -> bool {
    let cat = state.view();
    match kind {
        "chapter" => cat.released_chapter(id).is_some(),
        _ => cat.group_by_id(id).is_some(),
    }
}

pub(crate) fn other_one(state: &State, req: &Req, kind: &str) -> Handled {
    let id = req.id(0);
    if !exists(state, kind, &id) {
        return Err(ApiError::not_found(
            if kind == "chapter" {
                "Chapter"
            } else {
                "ScanlationGroup"
            },
            &id,
        ));
    }
    let mut map = Map::new();
    map.insert(id.to_string(), json!({"comments": render::comments(id)}));
    answer(map)
}

pub(crate) fn other_many(state: &State, req: &Req, kind: &str) -> Handled {
    let ids = req.query.uuids(kind)?;
    if ids.is_empty() {
        return Err(ApiError::bad_request(format!(
            "Error validating {kind}: at least one id required"
        )));
    }
    let map = ids
        .iter()
        .filter(|id| exists(state, kind, id))
        .map(|id| (id.to_string(), json!({"comments": render::comments(*id)})))
        .collect();
    answer(map)
}
