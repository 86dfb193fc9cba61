//! Scanlation groups: `GET /group`, `GET /group/{id}`.

use super::Req;
use crate::query::by_order;
use crate::render;
use crate::response::{ApiError, Handled, Reply};
use crate::state::State;

pub(crate) fn list(state: &State, req: &Req) -> Handled {
    let q = &req.query;
    let (limit, offset) = q.page(10, 100)?;
    let ids = q.uuids("ids")?;
    let name = q.one("name").map(str::to_lowercase);
    let focused = q.one("focusedLanguage");
    let order = q.order(&[
        "name",
        "createdAt",
        "updatedAt",
        "followedCount",
        "relevance",
    ])?;
    let cat = state.catalogue();
    let mut list: Vec<_> = cat
        .groups
        .iter()
        .filter(|g| {
            (ids.is_empty() || ids.contains(&g.id))
                && name
                    .as_ref()
                    .is_none_or(|n| g.name.to_lowercase().contains(n.as_str()))
                && focused.is_none_or(|l| g.focused_languages.contains(&l))
        })
        .collect();
    list.sort_by(|a, b| {
        by_order(&order, a, b, |field, a, b| match field {
            "name" => a.name.cmp(&b.name),
            _ => a.created_at.cmp(&b.created_at),
        })
    });
    let inc = q.includes();
    Reply::page(list, limit, offset, |g| render::group(cat, g, &inc))
}

pub(crate) fn get(state: &State, req: &Req) -> Handled {
    let id = req.id(0);
    let cat = state.catalogue();
    let g = cat
        .group_by_id(&id)
        .ok_or_else(|| ApiError::not_found("ScanlationGroup", &id))?;
    Ok(Reply::entity(render::group(cat, g, &req.query.includes())))
}
