//! An author or artist, with the manga they made.

use serde_json::{Value, json};

use super::manga::manga_attrs;
use super::{entity, rel};
use crate::catalogue::AuthorRecord;
use crate::query::Includes;
use crate::util::rfc3339;
use crate::view::View;

pub(crate) fn author_attrs(a: &AuthorRecord) -> Value {
    json!({
        "name": a.name,
        "imageUrl": null,
        "biography": {"en": a.biography},
        "twitter": a.twitter,
        "pixiv": a.pixiv,
        "melonBook": null,
        "fanBox": null,
        "booth": null,
        "nicoVideo": null,
        "skeb": null,
        "fantia": null,
        "tumblr": null,
        "youtube": null,
        "weibo": null,
        "naver": null,
        "namicomi": null,
        "website": a.website,
        "version": a.version,
        "createdAt": rfc3339(a.created_at),
        "updatedAt": rfc3339(a.created_at + 86_400),
    })
}

pub(crate) fn author(cat: &View<'_>, a: &AuthorRecord, inc: &Includes) -> Value {
    let rels = cat
        .manga
        .iter()
        .filter(|m| m.authors.contains(&a.id) || m.artists.contains(&a.id))
        .map(|m| rel(m.id, "manga", inc.has("manga").then(|| manga_attrs(cat, m))))
        .collect();
    entity(a.id, "author", author_attrs(a), rels)
}
