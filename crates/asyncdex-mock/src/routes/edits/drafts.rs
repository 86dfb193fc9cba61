//! Manga drafts: `POST /manga`, `GET /manga/draft[/{id}]`, `POST /manga/draft/{id}/commit`.

use http::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

use super::{bad, conflict, ids, language, localized, now, object, one_of, opt_str, rel, version};
use crate::catalogue::Catalogue;
use crate::query::{paginate, parse_uuid};
use crate::render;
use crate::response::{ApiError, Handled, Reply};
use crate::routes::Req;
use crate::routes::manga::RATINGS;
use crate::state::{State, StoredDraft};
use crate::util::det_uuid;

const STATUSES: &[&str] = &["ongoing", "completed", "hiatus", "cancelled"];
const DEMOGRAPHICS: &[&str] = &["shounen", "shoujo", "josei", "seinen"];
const DRAFT_STATES: &[&str] = &["draft", "submitted", "rejected"];

/// `POST /manga`: a new manga draft from the body (`MangaCreate`: `title`, `status`,
/// `originalLanguage` and `contentRating` required), id derived from the seed, version 1.
pub(crate) fn create_manga(state: &State, req: &Req) -> Handled {
    let owner = req.user_id(state)?;
    let body = req.json()?;
    object(&body)?;
    let cat = state.catalogue();
    let fields = MangaFields::parse(&body)?;
    let relations = MangaRelations::parse(&body, cat)?;
    let last = |key: &str| opt_str(&body, key).map(|v| v.json());
    let now = now(state);
    let attributes = json!({
        "title": fields.title,
        "altTitles": fields.alt_titles,
        "description": fields.description,
        "isLocked": false,
        "links": fields.links,
        "officialLinks": fields.official_links,
        "originalLanguage": fields.original_language,
        "lastVolume": last("lastVolume")?,
        "lastChapter": last("lastChapter")?,
        "publicationDemographic": fields.demographic,
        "status": fields.status,
        "year": fields.year,
        "contentRating": fields.content_rating,
        "chapterNumbersResetOnNewVolume": fields.reset,
        "availableTranslatedLanguages": [],
        "latestUploadedChapter": null,
        "tags": relations.tags.iter().filter_map(|t| cat.tag_by_id(t)).map(render::tag).collect::<Vec<_>>(),
        "state": "draft",
        "version": 1,
        "createdAt": now,
        "updatedAt": now,
    });
    let relationships = relations.json(owner);
    let mut store = state.store();
    let n = store.tick();
    let id = det_uuid(state.config.seed, "created-manga", n);
    let entity = json!({"id": id, "type": "manga", "attributes": attributes, "relationships": relationships});
    store.drafts.insert(
        id,
        StoredDraft {
            owner,
            created: n,
            entity: entity.clone(),
        },
    );
    Ok(Reply::entity(entity))
}

/// The descriptive fields of a `MangaCreate` body.
struct MangaFields {
    title: Value,
    status: String,
    original_language: String,
    content_rating: String,
    demographic: Option<String>,
    alt_titles: Vec<Value>,
    description: Value,
    links: Value,
    official_links: Value,
    year: Value,
    reset: bool,
}

impl MangaFields {
    /// Reads and checks the fields, in the order their errors are reported.
    fn parse(body: &Value) -> Result<Self, ApiError> {
        let required = |key: &str| bad(key, "required");
        let title = localized(body, "title")?
            .filter(|t| t.as_object().is_some_and(|m| !m.is_empty()))
            .ok_or_else(|| required("title"))?;
        let status = one_of(body, "status", STATUSES)?
            .value()
            .ok_or_else(|| required("status"))?;
        let original_language =
            language(body, "originalLanguage")?.ok_or_else(|| required("originalLanguage"))?;
        let content_rating = one_of(body, "contentRating", RATINGS)?
            .value()
            .ok_or_else(|| required("contentRating"))?;
        let demographic = one_of(body, "publicationDemographic", DEMOGRAPHICS)?.value();
        Ok(Self {
            title,
            status,
            original_language,
            content_rating,
            demographic,
            alt_titles: alt_titles(body)?,
            description: localized(body, "description")?.unwrap_or_else(|| json!({})),
            links: string_map(body, "links")?,
            official_links: string_map(body, "officialLinks")?,
            year: year(body)?,
            reset: flag(body, "chapterNumbersResetOnNewVolume")?,
        })
    }
}

/// `altTitles`: an array of localized strings, absent and `null` being empty.
fn alt_titles(body: &Value) -> Result<Vec<Value>, ApiError> {
    match body.get("altTitles") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                localized(&json!({"altTitles": item}), "altTitles")?
                    .ok_or_else(|| bad("altTitles", "items must be localized strings"))
            })
            .collect(),
        Some(_) => Err(bad("altTitles", "must be an array")),
    }
}

/// An object of strings (links), absent and `null` being empty.
fn string_map(body: &Value, key: &str) -> Result<Value, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(json!({})),
        Some(v @ Value::Object(m)) if m.values().all(Value::is_string) => Ok(v.clone()),
        Some(_) => Err(bad(key, "must be an object of strings")),
    }
}

/// `year`: from 1 to 9999, or `null`.
fn year(body: &Value) -> Result<Value, ApiError> {
    match body.get("year") {
        None | Some(Value::Null) => Ok(Value::Null),
        Some(v) => match v.as_u64() {
            Some(y @ 1..=9999) => Ok(json!(y)),
            _ => Err(bad("year", "must be an integer from 1 to 9999")),
        },
    }
}

/// A boolean, absent and `null` being `false`.
fn flag(body: &Value, key: &str) -> Result<bool, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(bad(key, "must be a boolean")),
    }
}

/// The catalogue entities a `MangaCreate` body names; each must exist.
struct MangaRelations {
    tags: Vec<Uuid>,
    authors: Vec<Uuid>,
    artists: Vec<Uuid>,
    cover: Option<Uuid>,
}

impl MangaRelations {
    fn parse(body: &Value, cat: &Catalogue) -> Result<Self, ApiError> {
        let author = |id: &Uuid| cat.author_by_id(id).is_some();
        let tags = ids(body, "tags", "Tag", |id| cat.tag_by_id(id).is_some())?.unwrap_or_default();
        let authors = ids(body, "authors", "Author", author)?.unwrap_or_default();
        let artists = ids(body, "artists", "Author", author)?.unwrap_or_default();
        let cover = match opt_str(body, "primaryCover")?.value() {
            None => None,
            Some(s) => {
                let id = parse_uuid("primaryCover", &s)?;
                cat.cover_by_id(&id)
                    .ok_or_else(|| ApiError::not_found("Cover", &id))?;
                Some(id)
            }
        };
        Ok(Self {
            tags,
            authors,
            artists,
            cover,
        })
    }

    /// The draft's relationships, its creator last.
    fn json(&self, creator: Uuid) -> Vec<Value> {
        let mut relationships: Vec<Value> =
            self.authors.iter().map(|a| rel(*a, "author")).collect();
        relationships.extend(self.artists.iter().map(|a| rel(*a, "artist")));
        relationships.extend(self.cover.map(|c| rel(c, "cover_art")));
        relationships.push(rel(creator, "creator"));
        relationships
    }
}

/// The caller's draft `id`: 404 when unknown, 403 when someone else's.
fn own_draft(state: &State, req: &Req) -> Result<StoredDraft, ApiError> {
    let user = req.user_id(state)?;
    let id = req.id(0);
    match state.store().drafts.get(&id) {
        None => Err(ApiError::not_found("Manga", &id)),
        Some(d) if d.owner != user => Err(ApiError::forbidden("You can only see your own drafts")),
        Some(d) => Ok(d.clone()),
    }
}

/// `GET /manga/draft/{id}`.
pub(crate) fn draft(state: &State, req: &Req) -> Handled {
    Ok(Reply::entity(own_draft(state, req)?.entity))
}

/// `POST /manga/draft/{id}/commit`: `{"version": n}` at the draft's version; the draft
/// becomes `submitted` (version + 1). 201, as the spec has it.
pub(crate) fn commit_draft(state: &State, req: &Req) -> Handled {
    let draft = own_draft(state, req)?;
    let body = req.json()?;
    object(&body)?;
    let asked = version(&body)?;
    let attrs = &draft.entity["attributes"];
    let current = attrs["version"].as_u64().unwrap_or(1);
    if attrs["state"] != "draft" {
        return Err(ApiError::bad_request(format!(
            "Manga draft is {}, not draft",
            attrs["state"].as_str().unwrap_or("?")
        )));
    }
    if asked != current {
        return Err(conflict(current));
    }
    let mut entity = draft.entity;
    entity["attributes"]["state"] = json!("submitted");
    entity["attributes"]["version"] = json!(current + 1);
    entity["attributes"]["updatedAt"] = json!(now(state));
    if let Some(d) = state.store().drafts.get_mut(&req.id(0)) {
        d.entity = entity.clone();
    }
    let mut reply = Reply::entity(entity);
    reply.status = StatusCode::CREATED;
    Ok(reply)
}

/// `GET /manga/draft`: the caller's drafts, oldest first, `state` filtering.
pub(crate) fn drafts(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let (limit, offset) = req.query.page(10, 100)?;
    let wanted = req.query.enums("state", DRAFT_STATES)?;
    let mut mine: Vec<StoredDraft> = state
        .store()
        .drafts
        .values()
        .filter(|d| d.owner == user)
        .filter(|d| {
            wanted.is_empty()
                || d.entity["attributes"]["state"]
                    .as_str()
                    .is_some_and(|s| wanted.contains(&s))
        })
        .cloned()
        .collect();
    mine.sort_by_key(|d| d.created);
    let (page, total) = paginate(mine, limit, offset);
    Ok(Reply::collection(
        page.into_iter().map(|d| d.entity).collect(),
        limit,
        offset,
        total,
    ))
}
