//! Users and follows: `/user/me`, `/user/{id}`, `/user`, `/user/follows/*`, `/manga/{id}/follow`,
//! `/group/{id}/follow`, the (fixed) followed users.

use serde_json::Value;

use super::Req;
use crate::render;
use crate::response::{ApiError, Handled, Reply};
use crate::state::State;

pub(crate) fn me(state: &State, req: &Req) -> Handled {
    let id = req.user_id(state)?;
    state
        .user_entity(&id)
        .map(Reply::entity)
        .ok_or_else(|| ApiError::not_found("User", &id))
}

pub(crate) fn get(state: &State, req: &Req) -> Handled {
    let id = req.id(0);
    state
        .user_entity(&id)
        .map(Reply::entity)
        .ok_or_else(|| ApiError::not_found("User", &id))
}

pub(crate) fn list(state: &State, req: &Req) -> Handled {
    let q = &req.query;
    let (limit, offset) = q.page(10, 100)?;
    let ids = q.uuids("ids")?;
    let name = q.one("username").map(str::to_lowercase);
    let cat = state.catalogue();
    let list: Vec<_> = cat
        .users
        .iter()
        .filter(|u| {
            (ids.is_empty() || ids.contains(&u.id))
                && name
                    .as_ref()
                    .is_none_or(|n| u.username.contains(n.as_str()))
        })
        .collect();
    Reply::page(list, limit, offset, |u| render::user(cat, u))
}

pub(crate) fn follows_manga(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let (limit, offset) = req.query.page(10, 100)?;
    let ids: Vec<uuid::Uuid> = {
        let mut store = state.store();
        let mut v: Vec<_> = store
            .user(user)
            .follows_manga
            .iter()
            .map(|(id, seq)| (*seq, *id))
            .collect();
        v.sort();
        v.into_iter().map(|(_, id)| id).collect()
    };
    let cat = &state.view();
    let inc = req.query.includes();
    let list: Vec<Value> = ids
        .iter()
        .filter_map(|id| cat.manga_by_id(id))
        .map(|m| render::manga(cat, m, &inc))
        .collect();
    Reply::page(list, limit, offset, std::convert::identity)
}

pub(crate) fn follows_feed(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let ids: Vec<uuid::Uuid> = state
        .store()
        .user(user)
        .follows_manga
        .keys()
        .copied()
        .collect();
    let cat = state.catalogue();
    let chapters = ids.iter().flat_map(|m| cat.chapters_of(m).iter()).collect();
    super::chapter::respond(state, req, chapters, 100, 500)
}

/// `GET /user/follows/{kind}/{id}`: an empty success when followed, else a 404.
pub(super) fn follows_answer(follows: bool) -> Handled {
    if follows {
        Ok(Reply::result_ok())
    } else {
        Err(ApiError::new(
            http::StatusCode::NOT_FOUND,
            "not_found_http_exception",
            Some("The user does not follow it".to_owned()),
        ))
    }
}

pub(crate) fn follows_manga_one(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let id = req.id(0);
    let follows = state.store().user(user).follows_manga.contains_key(&id);
    follows_answer(follows)
}

pub(crate) fn follow_manga(state: &State, req: &Req, follow: bool) -> Handled {
    let user = req.user_id(state)?;
    let id = req.id(0);
    if state.catalogue().manga_by_id(&id).is_none() {
        return Err(ApiError::not_found("Manga", &id));
    }
    let mut store = state.store();
    let seq = store.tick();
    let data = store.user(user);
    if follow {
        data.follows_manga.entry(id).or_insert(seq);
    } else {
        data.follows_manga.remove(&id);
    }
    Ok(Reply::result_ok())
}

pub(crate) fn follows_groups(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let (limit, offset) = req.query.page(10, 100)?;
    let ids: Vec<uuid::Uuid> = state
        .store()
        .user(user)
        .follows_groups
        .iter()
        .copied()
        .collect();
    let cat = state.catalogue();
    let inc = req.query.includes();
    let list: Vec<Value> = ids
        .iter()
        .filter_map(|id| cat.group_by_id(id))
        .map(|g| render::group(cat, g, &inc))
        .collect();
    Reply::page(list, limit, offset, std::convert::identity)
}

pub(crate) fn follows_group_one(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let id = req.id(0);
    let follows = state.store().user(user).follows_groups.contains(&id);
    follows_answer(follows)
}

pub(crate) fn follow_group(state: &State, req: &Req, follow: bool) -> Handled {
    let user = req.user_id(state)?;
    let id = req.id(0);
    if state.catalogue().group_by_id(&id).is_none() {
        return Err(ApiError::not_found("ScanlationGroup", &id));
    }
    crate::state::follow(&mut state.store().user(user).follows_groups, id, follow);
    Ok(Reply::result_ok())
}

/// The users an account follows. Spec 5.13.1 has no operation to follow a user (the website
/// does it), so every account follows the same few catalogue users: the first three, itself
/// excepted.
pub(crate) fn followed_users(state: &State, user: uuid::Uuid) -> Vec<uuid::Uuid> {
    state
        .catalogue()
        .users
        .iter()
        .take(3)
        .map(|u| u.id)
        .filter(|id| *id != user)
        .collect()
}

pub(crate) fn follows_users(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let (limit, offset) = req.query.page(10, 100)?;
    let cat = state.catalogue();
    let list: Vec<Value> = followed_users(state, user)
        .iter()
        .filter_map(|id| cat.user_by_id(id))
        .map(|u| render::user(cat, u))
        .collect();
    Reply::page(list, limit, offset, std::convert::identity)
}

pub(crate) fn follows_user_one(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    follows_answer(followed_users(state, user).contains(&req.id(0)))
}
