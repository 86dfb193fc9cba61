//! A cover, with its manga and uploader.

use serde_json::{Value, json};

use super::manga::manga_attrs;
use super::user::user_attrs;
use super::{entity, rel};
use crate::catalogue::CoverRecord;
use crate::query::Includes;
use crate::util::rfc3339;
use crate::view::View;

pub(crate) fn cover_attrs(c: &CoverRecord) -> Value {
    json!({
        "volume": c.volume,
        "fileName": c.file_name,
        "description": "",
        "locale": c.locale,
        "version": 1,
        "createdAt": rfc3339(c.created_at),
        "updatedAt": rfc3339(c.created_at),
    })
}

pub(crate) fn cover(cat: &View<'_>, c: &CoverRecord, inc: &Includes) -> Value {
    let rels = vec![
        rel(
            c.manga,
            "manga",
            inc.has("manga")
                .then(|| cat.manga_by_id(&c.manga).map(|m| manga_attrs(cat, m)))
                .flatten(),
        ),
        rel(
            c.uploader,
            "user",
            inc.has("user")
                .then(|| cat.user_by_id(&c.uploader).map(user_attrs))
                .flatten(),
        ),
    ];
    entity(c.id, "cover_art", cover_attrs(c), rels)
}
