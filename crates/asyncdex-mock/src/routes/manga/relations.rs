//! `GET /manga/{mangaId}/relation`: a manga's related manga.

use serde_json::{Value, json};

use super::find;
use crate::render;
use crate::response::{Handled, Reply};
use crate::routes::Req;
use crate::state::State;

pub(crate) fn relations(state: &State, req: &Req) -> Handled {
    let m = find(state, req)?;
    let inc = req.query.includes();
    let cat = &state.view();
    let data: Vec<Value> = m
        .related
        .iter()
        .map(|(relation, other)| {
            let id = crate::util::det_uuid(state.config.seed, relation, crate::util::hash_str(&format!("{}{other}", m.id)));
            let mut target = json!({"id": other, "type": "manga"});
            if inc.has("manga")
                && let Some(o) = cat.manga_by_id(other)
            {
                target["attributes"] = render::manga_attrs(cat, o);
            }
            json!({"id": id, "type": "manga_relation", "attributes": {"relation": relation, "version": 1}, "relationships": [target]})
        })
        .collect();
    let n = data.len();
    Ok(Reply::collection(data, n, 0, n))
}
