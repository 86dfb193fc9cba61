//! A custom list, with its manga and owner.

use serde_json::{Value, json};
use uuid::Uuid;

use super::manga::manga_attrs;
use super::{entity, rel};
use crate::query::Includes;
use crate::view::View;

/// A custom list entity.
#[allow(clippy::too_many_arguments)]
pub(crate) fn custom_list(
    cat: &View<'_>,
    id: Uuid,
    name: &str,
    visibility: &str,
    owner: Uuid,
    owner_attrs: Option<Value>,
    manga_ids: &[Uuid],
    version: u32,
    inc: &Includes,
) -> Value {
    let mut rels: Vec<Value> = manga_ids
        .iter()
        .map(|m| {
            rel(
                *m,
                "manga",
                inc.has("manga")
                    .then(|| cat.manga_by_id(m).map(|x| manga_attrs(cat, x)))
                    .flatten(),
            )
        })
        .collect();
    rels.push(rel(
        owner,
        "user",
        inc.has("user").then_some(owner_attrs).flatten(),
    ));
    entity(
        id,
        "custom_list",
        json!({"name": name, "visibility": visibility, "version": version}),
        rels,
    )
}
