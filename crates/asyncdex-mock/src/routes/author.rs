//! Authors and artists: `GET /author`, `GET /author/{id}`.

use super::Req;
use crate::render;
use crate::response::{ApiError, Handled, Reply};
use crate::state::State;

pub(crate) fn list(state: &State, req: &Req) -> Handled {
    let q = &req.query;
    let (limit, offset) = q.page(10, 100)?;
    let ids = q.uuids("ids")?;
    let name = q.one("name").map(str::to_lowercase);
    let mut order = q.order(&["name"])?;
    let cat = &state.view();
    let mut list: Vec<_> = cat
        .authors
        .iter()
        .filter(|a| {
            (ids.is_empty() || ids.contains(&a.id))
                && name
                    .as_ref()
                    .is_none_or(|n| a.name.to_lowercase().contains(n.as_str()))
        })
        .collect();
    if let Some((_, desc)) = order.pop() {
        list.sort_by(|a, b| {
            if desc {
                b.name.cmp(&a.name)
            } else {
                a.name.cmp(&b.name)
            }
        });
    }
    let inc = q.includes();
    Reply::page(list, limit, offset, |a| render::author(cat, a, &inc))
}

pub(crate) fn get(state: &State, req: &Req) -> Handled {
    let id = req.id(0);
    let cat = &state.view();
    let a = cat
        .author_by_id(&id)
        .ok_or_else(|| ApiError::not_found("Author", &id))?;
    Ok(Reply::entity(render::author(cat, a, &req.query.includes())))
}
