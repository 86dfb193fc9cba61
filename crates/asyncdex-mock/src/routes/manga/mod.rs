//! Manga: search, one manga, feed, aggregate, random, tags, relations.
//!
//! The handlers of search and one manga are here; the filters, the sort, the aggregate and
//! the relations have their own modules.

mod aggregate;
mod filter;
mod filter_params;
mod relations;
mod sort;

use serde_json::Value;

pub(crate) use self::aggregate::aggregate;
use self::filter::filter;
pub(crate) use self::filter_params::{RATINGS, content_ratings};
pub(crate) use self::relations::relations;
use self::sort::sort;
use super::Req;
use crate::catalogue::MangaRecord;
use crate::render;
use crate::response::{ApiError, Handled, Reply};
use crate::state::State;
use crate::util::Rng;

pub(crate) fn search(state: &State, req: &Req) -> Handled {
    let q = &req.query;
    let (limit, offset) = q.page(10, 100)?;
    let cat = &state.view();
    let mut list = filter(cat, q)?;
    sort(cat, &mut list, q)?;
    let inc = q.includes();
    Reply::page(list, limit, offset, |m| render::manga(cat, m, &inc))
}

pub(crate) fn find<'a>(state: &'a State, req: &Req) -> Result<&'a MangaRecord, ApiError> {
    let id = req.id(0);
    state
        .catalogue()
        .manga_by_id(&id)
        .ok_or_else(|| ApiError::not_found("Manga", &id))
}

pub(crate) fn get(state: &State, req: &Req) -> Handled {
    let m = find(state, req)?;
    Ok(Reply::entity(render::manga(
        &state.view(),
        m,
        &req.query.includes(),
    )))
}

/// `PUT`/`DELETE /manga/{id}`: checked against the catalogue, not applied.
pub(crate) fn edit(state: &State, req: &Req) -> Handled {
    let m = find(state, req)?;
    if req.method == http::Method::DELETE {
        return Ok(Reply::result_ok());
    }
    let body = req.json()?;
    if !body.get("version").is_some_and(Value::is_u64) {
        return Err(ApiError::bad_request(
            "Error validating version: required integer",
        ));
    }
    Ok(Reply::entity(render::manga(
        &state.view(),
        m,
        &Default::default(),
    )))
}

pub(crate) fn feed(state: &State, req: &Req) -> Handled {
    let m = find(state, req)?;
    let cat = state.catalogue();
    // `respond` leaves out what is not released yet.
    let chapters: Vec<_> = cat.chapters_of(&m.id).iter().collect();
    super::chapter::respond(state, req, chapters, 100, 500)
}

pub(crate) fn random(state: &State, req: &Req) -> Handled {
    let cat = &state.view();
    let list = filter(cat, &req.query)?;
    if list.is_empty() {
        return Err(ApiError::new(
            http::StatusCode::NOT_FOUND,
            "not_found_http_exception",
            Some("No manga matches the filters".to_owned()),
        ));
    }
    let seq = state.log.total();
    let mut rng = Rng::new(state.config.seed ^ seq);
    let m = *rng.pick(&list);
    Ok(Reply::entity(render::manga(cat, m, &req.query.includes())))
}

pub(crate) fn tags(state: &State, _req: &Req) -> Handled {
    let cat = state.catalogue();
    let n = cat.tags.len();
    Ok(Reply::collection(
        cat.tags.iter().map(render::tag).collect(),
        n,
        0,
        n,
    ))
}
