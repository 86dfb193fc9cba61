//! A manga, with its authors, artists, cover, creator and related manga, and its tags.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::author::author_attrs;
use super::cover::cover_attrs;
use super::user::user_attrs;
use super::{entity, rel};
use crate::catalogue::{MangaRecord, TagRecord};
use crate::query::Includes;
use crate::util::rfc3339;
use crate::view::View;

pub(crate) fn tag(t: &TagRecord) -> Value {
    entity(
        t.id,
        "tag",
        json!({"name": {"en": t.name}, "description": {}, "group": t.group, "version": 1}),
        Vec::new(),
    )
}

pub(crate) fn manga_attrs(cat: &View<'_>, m: &MangaRecord) -> Value {
    let alt: Vec<Value> = m.alt_titles.iter().map(|(l, t)| json!({ *l: t })).collect();
    let links: Map<String, Value> = m
        .links
        .iter()
        .map(|(k, v)| ((*k).to_owned(), json!(v)))
        .collect();
    let tags: Vec<Value> = m
        .tags
        .iter()
        .filter_map(|id| cat.tag_by_id(id))
        .map(tag)
        .collect();
    json!({
        "title": {"en": m.title},
        "altTitles": alt,
        "description": {"en": m.description},
        "isLocked": false,
        "links": links,
        "officialLinks": official_links(m.id),
        "originalLanguage": m.original_language,
        "lastVolume": m.last_volume,
        "lastChapter": m.last_chapter,
        "publicationDemographic": m.demographic,
        "status": m.status,
        "year": m.year,
        "contentRating": m.content_rating,
        "chapterNumbersResetOnNewVolume": false,
        "availableTranslatedLanguages": m.available_languages,
        "latestUploadedChapter": cat.latest(m).1,
        "tags": tags,
        "state": "published",
        "version": m.version,
        "createdAt": rfc3339(m.created_at),
        "updatedAt": rfc3339(m.updated_at),
    })
}

/// `officialLinks`: an object of strings (as the spec has it, never null); one manga in three
/// has an official English translation.
fn official_links(id: Uuid) -> Value {
    if crate::util::hash_str(&id.to_string()).is_multiple_of(3) {
        json!({"engtl": format!("https://publisher.example/en/{id}")})
    } else {
        json!({})
    }
}

pub(crate) fn manga(cat: &View<'_>, m: &MangaRecord, inc: &Includes) -> Value {
    let mut rels = Vec::new();
    for a in &m.authors {
        rels.push(rel(
            *a,
            "author",
            inc.has("author")
                .then(|| cat.author_by_id(a).map(author_attrs))
                .flatten(),
        ));
    }
    for a in &m.artists {
        rels.push(rel(
            *a,
            "artist",
            inc.has("artist")
                .then(|| cat.author_by_id(a).map(author_attrs))
                .flatten(),
        ));
    }
    rels.push(rel(
        m.cover,
        "cover_art",
        inc.has("cover_art")
            .then(|| cat.cover_by_id(&m.cover).map(cover_attrs))
            .flatten(),
    ));
    rels.push(rel(
        m.creator,
        "creator",
        inc.has("creator")
            .then(|| cat.user_by_id(&m.creator).map(user_attrs))
            .flatten(),
    ));
    for (relation, other) in &m.related {
        let mut r = rel(
            *other,
            "manga",
            inc.has("manga")
                .then(|| cat.manga_by_id(other).map(|o| manga_attrs(cat, o)))
                .flatten(),
        );
        r["related"] = json!(relation);
        rels.push(r);
    }
    entity(m.id, "manga", manga_attrs(cat, m), rels)
}
