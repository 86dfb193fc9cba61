//! Entities as JSON, in the shapes of spec 5.13.1 (`Manga`, `Chapter`, `Author`, ...), with
//! reference expansion (`includes[]`). Whatever may show a manga takes the [`View`], because
//! `latestUploadedChapter` depends on the release time.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::catalogue::{
    AuthorRecord, Catalogue, ChapterRecord, CoverRecord, GroupRecord, MangaRecord, TagRecord,
    UserRecord,
};
use crate::query::Includes;
use crate::util::rfc3339;
use crate::view::View;

fn entity(id: Uuid, kind: &str, attributes: Value, relationships: Vec<Value>) -> Value {
    json!({"id": id, "type": kind, "attributes": attributes, "relationships": relationships})
}

/// A relationship, expanded with `attributes` when asked.
fn rel(id: Uuid, kind: &str, expand: Option<Value>) -> Value {
    let mut m = Map::new();
    m.insert("id".to_owned(), json!(id));
    m.insert("type".to_owned(), json!(kind));
    if let Some(a) = expand {
        m.insert("attributes".to_owned(), a);
    }
    Value::Object(m)
}

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

pub(crate) fn group_attrs(g: &GroupRecord) -> Value {
    json!({
        "name": g.name,
        "altNames": [],
        "website": g.website,
        "ircServer": null,
        "ircChannel": null,
        "discord": g.discord,
        "contactEmail": null,
        "description": format!("{} translates manga for fun.", g.name),
        "twitter": null,
        "mangaUpdates": null,
        "focusedLanguage": g.focused_languages,
        "locked": false,
        "official": g.official,
        "verified": g.verified,
        "inactive": g.inactive,
        "exLicensed": false,
        "publishDelay": "",
        "version": 1,
        "createdAt": rfc3339(g.created_at),
        "updatedAt": rfc3339(g.created_at + 3_600),
    })
}

pub(crate) fn group(cat: &Catalogue, g: &GroupRecord, inc: &Includes) -> Value {
    let mut rels = vec![rel(
        g.leader,
        "leader",
        inc.has("leader")
            .then(|| cat.user_by_id(&g.leader).map(user_attrs))
            .flatten(),
    )];
    for m in &g.members {
        rels.push(rel(
            *m,
            "member",
            inc.has("member")
                .then(|| cat.user_by_id(m).map(user_attrs))
                .flatten(),
        ));
    }
    entity(g.id, "scanlation_group", group_attrs(g), rels)
}

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

pub(crate) fn user_attrs(u: &UserRecord) -> Value {
    json!({"username": u.username, "roles": u.roles, "version": 1})
}

pub(crate) fn user(cat: &Catalogue, u: &UserRecord) -> Value {
    let rels = cat
        .groups
        .iter()
        .filter(|g| g.members.contains(&u.id))
        .map(|g| rel(g.id, "scanlation_group", None))
        .collect();
    entity(u.id, "user", user_attrs(u), rels)
}

/// A user that is not in the catalogue (a configured account).
pub(crate) fn account_user(id: Uuid, username: &str, roles: &[&str]) -> Value {
    entity(
        id,
        "user",
        json!({"username": username, "roles": roles, "version": 1}),
        Vec::new(),
    )
}

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

/// Statistics of one manga (`GET /statistics/manga/{uuid}`).
pub(crate) fn manga_statistics(cat: &View<'_>, m: &MangaRecord) -> Value {
    let votes: u64 = m.rating_distribution.iter().sum();
    let sum: u64 = m
        .rating_distribution
        .iter()
        .enumerate()
        .map(|(i, n)| (i as u64 + 1) * n)
        .sum();
    let average = (votes > 0).then(|| ((sum as f64 / votes as f64) * 100.0).round() / 100.0);
    let bayesian = average.map_or(5.0, |a| {
        (a.mul_add(votes as f64, 6.5 * 50.0) / (votes as f64 + 50.0) * 100.0).round() / 100.0
    });
    let distribution: Map<String, Value> = m
        .rating_distribution
        .iter()
        .enumerate()
        .map(|(i, n)| ((i + 1).to_string(), json!(n)))
        .collect();
    let unavailable = cat
        .released_chapters_of(&m.id)
        .filter(|c| c.external_url.is_some())
        .count();
    json!({
        "comments": comments(m.id),
        "rating": {"average": average, "bayesian": bayesian, "distribution": distribution},
        "follows": m.follows,
        "unavailableChapterCount": unavailable,
    })
}

/// `StatisticsDetailsComments`: null for some entities (no thread yet).
pub(crate) fn comments(id: Uuid) -> Value {
    let h = crate::util::hash_str(&id.to_string());
    if h.is_multiple_of(4) {
        Value::Null
    } else {
        json!({"threadId": 1 + h % 9_000_000, "repliesCount": (h >> 20) % 500})
    }
}
