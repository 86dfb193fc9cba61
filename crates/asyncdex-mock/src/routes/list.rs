//! Custom lists: `POST /list`, `GET/PUT/DELETE /list/{id}`, `POST/DELETE /manga/{id}/list/{listId}`,
//! `GET /user/list`, `GET /user/{id}/list`, `GET /list/{id}/feed`, list follows.

use serde_json::Value;
use uuid::Uuid;

use super::Req;
use crate::query::parse_uuid;
use crate::render;
use crate::response::{ApiError, Handled, Reply};
use crate::state::{State, StoredList};
use crate::util::det_uuid;

fn render_list(state: &State, l: &StoredList, req: &Req) -> Value {
    let inc = req.query.includes();
    let owner_attrs = if inc.has("user") {
        state.user_attrs(&l.owner)
    } else {
        None
    };
    render::custom_list(
        &state.view(),
        l.id,
        &l.name,
        &l.visibility,
        l.owner,
        owner_attrs,
        &l.manga,
        l.version,
        &inc,
    )
}

/// A list the caller may see (public, or private and theirs).
fn visible(state: &State, req: &Req, id: Uuid) -> Result<StoredList, ApiError> {
    let viewer = req
        .account
        .and_then(|a| state.accounts.get(a))
        .map(|a| a.id);
    let store = state.store();
    match store.lists.get(&id) {
        Some(l) if l.visibility == "public" || Some(l.owner) == viewer => Ok(l.clone()),
        _ => Err(ApiError::not_found("CustomList", &id)),
    }
}

fn manga_ids(state: &State, body: &Value) -> Result<Option<Vec<Uuid>>, ApiError> {
    let Some(v) = body.get("manga") else {
        return Ok(None);
    };
    let arr = v
        .as_array()
        .ok_or_else(|| ApiError::bad_request("Error validating manga: must be an array"))?;
    let mut out = Vec::new();
    for item in arr {
        let s = item
            .as_str()
            .ok_or_else(|| ApiError::bad_request("Error validating manga: ids must be strings"))?;
        let id = parse_uuid("manga", s)?;
        if state.catalogue().manga_by_id(&id).is_none() {
            return Err(ApiError::not_found("Manga", &id));
        }
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(Some(out))
}

fn visibility(body: &Value) -> Result<Option<String>, ApiError> {
    match body.get("visibility") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(v)) if v == "public" || v == "private" => Ok(Some(v.clone())),
        Some(_) => Err(ApiError::bad_request(
            "Error validating visibility: must be public or private",
        )),
    }
}

pub(crate) fn create(state: &State, req: &Req) -> Handled {
    let owner = req.user_id(state)?;
    let body = req.json()?;
    let name = body
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| ApiError::bad_request("Error validating name: required"))?
        .to_owned();
    let visibility = visibility(&body)?.unwrap_or_else(|| "public".to_owned());
    let manga = manga_ids(state, &body)?.unwrap_or_default();
    let list = {
        let mut store = state.store();
        let n = store.tick();
        let list = StoredList {
            id: det_uuid(state.config.seed, "created-list", n),
            name,
            visibility,
            owner,
            manga,
            version: 1,
            created: n,
        };
        store.lists.insert(list.id, list.clone());
        list
    };
    Ok(Reply::entity(render_list(state, &list, req)))
}

pub(crate) fn get(state: &State, req: &Req) -> Handled {
    let list = visible(state, req, req.id(0))?;
    Ok(Reply::entity(render_list(state, &list, req)))
}

fn owned(state: &State, req: &Req, id: Uuid) -> Result<Uuid, ApiError> {
    let user = req.user_id(state)?;
    let list = visible(state, req, id)?;
    if list.owner != user {
        return Err(ApiError::forbidden("You can only edit your own lists"));
    }
    Ok(user)
}

pub(crate) fn update(state: &State, req: &Req) -> Handled {
    let id = req.id(0);
    owned(state, req, id)?;
    let body = req.json()?;
    let version = body
        .get("version")
        .and_then(Value::as_u64)
        .ok_or_else(|| ApiError::bad_request("Error validating version: required integer"))?;
    let vis = visibility(&body)?;
    let manga = manga_ids(state, &body)?;
    let name = body.get("name").and_then(Value::as_str).map(str::to_owned);
    let list = {
        let mut store = state.store();
        let l = store
            .lists
            .get_mut(&id)
            .ok_or_else(|| ApiError::not_found("CustomList", &id))?;
        if u64::from(l.version) != version {
            return Err(ApiError::new(
                http::StatusCode::CONFLICT,
                "conflict_http_exception",
                Some(format!(
                    "Version mismatch: current version is {}",
                    l.version
                )),
            ));
        }
        if let Some(n) = name {
            l.name = n;
        }
        if let Some(v) = vis {
            l.visibility = v;
        }
        if let Some(m) = manga {
            l.manga = m;
        }
        l.version += 1;
        l.clone()
    };
    Ok(Reply::entity(render_list(state, &list, req)))
}

pub(crate) fn delete(state: &State, req: &Req) -> Handled {
    let id = req.id(0);
    owned(state, req, id)?;
    state.store().lists.remove(&id);
    Ok(Reply::result_ok())
}

pub(crate) fn add_manga(state: &State, req: &Req, add: bool) -> Handled {
    let (manga, list) = (req.id(0), req.id(1));
    if state.catalogue().manga_by_id(&manga).is_none() {
        return Err(ApiError::not_found("Manga", &manga));
    }
    owned(state, req, list)?;
    let mut store = state.store();
    let l = store
        .lists
        .get_mut(&list)
        .ok_or_else(|| ApiError::not_found("CustomList", &list))?;
    if add {
        if !l.manga.contains(&manga) {
            l.manga.push(manga);
        }
    } else {
        l.manga.retain(|m| *m != manga);
    }
    Ok(Reply::result_ok())
}

fn lists_of(state: &State, req: &Req, owner: Uuid, include_private: bool) -> Handled {
    let (limit, offset) = req.query.page(10, 100)?;
    let mut lists: Vec<StoredList> = state
        .store()
        .lists
        .values()
        .filter(|l| l.owner == owner && (include_private || l.visibility == "public"))
        .cloned()
        .collect();
    lists.sort_by_key(|l| l.created);
    let data: Vec<Value> = lists.iter().map(|l| render_list(state, l, req)).collect();
    Reply::page(data, limit, offset, std::convert::identity)
}

pub(crate) fn mine(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    lists_of(state, req, user, true)
}

pub(crate) fn of_user(state: &State, req: &Req) -> Handled {
    let id = req.id(0);
    if !state.known_user(&id) {
        return Err(ApiError::not_found("User", &id));
    }
    let own = req
        .account
        .and_then(|a| state.accounts.get(a))
        .is_some_and(|a| a.id == id);
    lists_of(state, req, id, own)
}

pub(crate) fn feed(state: &State, req: &Req) -> Handled {
    let list = visible(state, req, req.id(0))?;
    let cat = state.catalogue();
    let chapters = list
        .manga
        .iter()
        .flat_map(|m| cat.chapters_of(m).iter())
        .collect();
    super::chapter::respond(state, req, chapters, 100, 500)
}

pub(crate) fn follows(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let (limit, offset) = req.query.page(10, 100)?;
    let ids: Vec<Uuid> = state
        .store()
        .user(user)
        .follows_lists
        .iter()
        .copied()
        .collect();
    let lists: Vec<StoredList> = {
        let store = state.store();
        ids.iter()
            .filter_map(|id| store.lists.get(id).cloned())
            .collect()
    };
    let data: Vec<Value> = lists.iter().map(|l| render_list(state, l, req)).collect();
    Reply::page(data, limit, offset, std::convert::identity)
}

pub(crate) fn follows_one(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let follows = state.store().user(user).follows_lists.contains(&req.id(0));
    super::user::follows_answer(follows)
}

pub(crate) fn follow(state: &State, req: &Req, on: bool) -> Handled {
    let user = req.user_id(state)?;
    let id = req.id(0);
    visible(state, req, id)?;
    crate::state::follow(&mut state.store().user(user).follows_lists, id, on);
    Ok(Reply::result_ok())
}
