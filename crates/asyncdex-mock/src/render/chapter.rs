//! A chapter, with its groups, manga and uploader.

use serde_json::{Value, json};

use super::group::group_attrs;
use super::manga::manga_attrs;
use super::user::user_attrs;
use super::{entity, rel};
use crate::catalogue::ChapterRecord;
use crate::query::Includes;
use crate::util::rfc3339;
use crate::view::View;

pub(crate) fn chapter_attrs(c: &ChapterRecord) -> Value {
    json!({
        "title": c.title,
        "volume": c.volume,
        "chapter": c.chapter,
        "pages": c.pages,
        "translatedLanguage": c.language,
        "uploader": c.uploader,
        "externalUrl": c.external_url,
        "version": c.version,
        "createdAt": rfc3339(c.created_at),
        "updatedAt": rfc3339(c.updated_at),
        "publishAt": rfc3339(c.publish_at),
        "readableAt": rfc3339(c.readable_at),
        "isUnavailable": false,
    })
}

pub(crate) fn chapter(cat: &View<'_>, c: &ChapterRecord, inc: &Includes) -> Value {
    let mut rels = Vec::new();
    for g in &c.groups {
        rels.push(rel(
            *g,
            "scanlation_group",
            inc.has("scanlation_group")
                .then(|| cat.group_by_id(g).map(group_attrs))
                .flatten(),
        ));
    }
    rels.push(rel(
        c.manga,
        "manga",
        inc.has("manga")
            .then(|| cat.manga_by_id(&c.manga).map(|m| manga_attrs(cat, m)))
            .flatten(),
    ));
    rels.push(rel(
        c.uploader,
        "user",
        inc.has("user")
            .then(|| cat.user_by_id(&c.uploader).map(user_attrs))
            .flatten(),
    ));
    entity(c.id, "chapter", chapter_attrs(c), rels)
}
