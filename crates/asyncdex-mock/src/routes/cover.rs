//! Covers: `GET /cover`, `GET /cover/{mangaOrCoverId}`.

use super::Req;
use crate::query::by_order;
use crate::render;
use crate::response::{ApiError, Handled, Reply};
use crate::state::State;

pub(crate) fn list(state: &State, req: &Req) -> Handled {
    let q = &req.query;
    let (limit, offset) = q.page(10, 100)?;
    let ids = q.uuids("ids")?;
    let manga = q.uuids("manga")?;
    let uploaders = q.uuids("uploaders")?;
    let locales = q.all("locales");
    let order = q.order(&["createdAt", "updatedAt", "volume"])?;
    let cat = &state.view();
    let mut list: Vec<_> = cat
        .covers
        .iter()
        .filter(|c| {
            (ids.is_empty() || ids.contains(&c.id))
                && (manga.is_empty() || manga.contains(&c.manga))
                && (uploaders.is_empty() || uploaders.contains(&c.uploader))
                && (locales.is_empty() || locales.contains(&c.locale))
        })
        .collect();
    list.sort_by(|a, b| {
        by_order(&order, a, b, |field, a, b| match field {
            "volume" => a.volume.cmp(&b.volume),
            _ => a.created_at.cmp(&b.created_at),
        })
    });
    let inc = q.includes();
    Reply::page(list, limit, offset, |c| render::cover(cat, c, &inc))
}

/// Answers for a cover id (the spec also allows a manga id here: its main cover).
pub(crate) fn get(state: &State, req: &Req) -> Handled {
    let id = req.id(0);
    let cat = &state.view();
    let c = cat
        .cover_or_main_cover(&id)
        .ok_or_else(|| ApiError::not_found("Cover", &id))?;
    Ok(Reply::entity(render::cover(cat, c, &req.query.includes())))
}
