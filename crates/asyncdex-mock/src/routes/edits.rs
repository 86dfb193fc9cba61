//! Write operations answered with complete entities built from the request: `POST /manga` and
//! the manga drafts, `PUT /chapter/{id}`, cover uploads and edits, upload sessions and their
//! commit, `POST /forums/thread`.
//!
//! What is kept and what is not:
//! - manga made with `POST /manga` are drafts (state `draft`, version 1) stored per server
//!   with their owner; `GET /manga/draft[/{id}]` show them, `POST /manga/draft/{id}/commit`
//!   submits one (state `submitted`, version + 1, `201`). They never join the catalogue, so
//!   `GET /manga/{id}` and searches do not see them.
//! - upload sessions opened with `POST /upload/begin[/{chapterId}]` are stored, so that the
//!   commit knows the manga and groups; the chapter it answers is not added to the catalogue.
//! - `PUT /chapter/{id}` and `PUT /cover/{mangaOrCoverId}` answer the edited entity (version +
//!   1) without changing the catalogue: a later `GET` shows the original.
//! - `POST /cover/{mangaOrCoverId}` answers a new cover entity, not added to the catalogue.
//! - `POST /forums/thread` answers the entity's thread: the `threadId` its statistics already
//!   show, or a new, deterministic one (0 replies).

use http::StatusCode;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::Req;
use super::manga::RATINGS;
use crate::query::{paginate, parse_uuid};
use crate::render;
use crate::response::{ApiError, Handled, Reply};
use crate::state::{State, StoredDraft, StoredUpload};
use crate::util::{det_uuid, hash_str, parse_date_filter, rfc3339};

const STATUSES: &[&str] = &["ongoing", "completed", "hiatus", "cancelled"];
const DEMOGRAPHICS: &[&str] = &["shounen", "shoujo", "josei", "seinen"];
const DRAFT_STATES: &[&str] = &["draft", "submitted", "rejected"];
const COVER_TYPES: &[&str] = &["jpg", "jpeg", "png", "gif"];

fn bad(key: &str, problem: &str) -> ApiError {
    ApiError::bad_request(format!("Error validating {key}: {problem}"))
}

fn conflict(current: u64) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "conflict_http_exception",
        Some(format!("Version mismatch: current version is {current}")),
    )
}

fn object(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    body.as_object()
        .ok_or_else(|| ApiError::bad_request("Invalid JSON body: expected an object"))
}

/// A string field of a body: absent, `null`, or a string.
enum Text {
    Absent,
    Null,
    Set(String),
}

impl Text {
    fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    fn value(self) -> Option<String> {
        match self {
            Self::Set(s) => Some(s),
            Self::Absent | Self::Null => None,
        }
    }

    fn json(&self) -> Value {
        match self {
            Self::Set(s) => json!(s),
            Self::Absent | Self::Null => Value::Null,
        }
    }

    fn len(&self) -> usize {
        match self {
            Self::Set(s) => s.chars().count(),
            Self::Absent | Self::Null => 0,
        }
    }
}

fn opt_str(body: &Value, key: &str) -> Result<Text, ApiError> {
    match body.get(key) {
        None => Ok(Text::Absent),
        Some(Value::Null) => Ok(Text::Null),
        Some(Value::String(s)) => Ok(Text::Set(s.clone())),
        Some(_) => Err(bad(key, "must be a string or null")),
    }
}

/// A language code (`^[a-z]{2}(-[a-z]{2})?$`), as the spec's pattern has it.
fn is_language(s: &str) -> bool {
    let b = s.as_bytes();
    let two = |x: &[u8]| x.len() == 2 && x.iter().all(u8::is_ascii_lowercase);
    two(b) || (b.len() == 5 && two(&b[..2]) && b[2] == b'-' && two(&b[3..]))
}

fn language(body: &Value, key: &str) -> Result<Option<String>, ApiError> {
    match body.get(key) {
        None => Ok(None),
        Some(Value::String(s)) if is_language(s) => Ok(Some(s.clone())),
        Some(_) => Err(bad(key, "must be a language code")),
    }
}

fn one_of(body: &Value, key: &str, allowed: &[&str]) -> Result<Text, ApiError> {
    match opt_str(body, key)? {
        Text::Set(v) if !allowed.contains(&v.as_str()) => {
            Err(bad(key, &format!("must be one of {}", allowed.join(", "))))
        }
        other => Ok(other),
    }
}

/// A localized string (`{"en": "..."}`), `null` and absent being `None`.
fn localized(body: &Value, key: &str) -> Result<Option<Value>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v @ Value::Object(m)) if m.iter().all(|(l, t)| is_language(l) && t.is_string()) => {
            Ok(Some(v.clone()))
        }
        Some(_) => Err(bad(key, "must be an object of language codes to strings")),
    }
}

/// A list of ids that must be known (`exists`), or `None` when absent.
fn ids(
    body: &Value,
    key: &str,
    what: &str,
    exists: impl Fn(&Uuid) -> bool,
) -> Result<Option<Vec<Uuid>>, ApiError> {
    let Some(v) = body.get(key) else {
        return Ok(None);
    };
    let arr = v.as_array().ok_or_else(|| bad(key, "must be an array"))?;
    let mut out = Vec::new();
    for item in arr {
        let s = item
            .as_str()
            .ok_or_else(|| bad(key, "ids must be strings"))?;
        let id = parse_uuid(key, s)?;
        if !exists(&id) {
            return Err(ApiError::not_found(what, &id));
        }
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(Some(out))
}

/// `version`: a required integer of at least 1.
fn version(body: &Value) -> Result<u64, ApiError> {
    body.get("version")
        .and_then(Value::as_u64)
        .filter(|v| *v >= 1)
        .ok_or_else(|| bad("version", "required integer (at least 1)"))
}

fn rel(id: Uuid, kind: &str) -> Value {
    json!({"id": id, "type": kind})
}

fn now(state: &State) -> String {
    rfc3339(state.clock.unix_now())
}

// ---- Manga and drafts -------------------------------------------------------------------

/// `POST /manga`: a new manga draft from the body (`MangaCreate`: `title`, `status`,
/// `originalLanguage` and `contentRating` required), id derived from the seed, version 1.
pub(crate) fn create_manga(state: &State, req: &Req) -> Handled {
    let owner = req.user_id(state)?;
    let body = req.json()?;
    object(&body)?;
    let cat = state.catalogue();
    let required = |key: &str| bad(key, "required");
    let title = localized(&body, "title")?
        .filter(|t| t.as_object().is_some_and(|m| !m.is_empty()))
        .ok_or_else(|| required("title"))?;
    let status = one_of(&body, "status", STATUSES)?
        .value()
        .ok_or_else(|| required("status"))?;
    let original_language =
        language(&body, "originalLanguage")?.ok_or_else(|| required("originalLanguage"))?;
    let content_rating = one_of(&body, "contentRating", RATINGS)?
        .value()
        .ok_or_else(|| required("contentRating"))?;
    let demographic = one_of(&body, "publicationDemographic", DEMOGRAPHICS)?.value();
    let alt_titles = match body.get("altTitles") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                localized(&json!({"altTitles": item}), "altTitles")?
                    .ok_or_else(|| bad("altTitles", "items must be localized strings"))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(bad("altTitles", "must be an array")),
    };
    let description = localized(&body, "description")?.unwrap_or_else(|| json!({}));
    let links = |key: &str| match body.get(key) {
        None | Some(Value::Null) => Ok(json!({})),
        Some(v @ Value::Object(m)) if m.values().all(Value::is_string) => Ok(v.clone()),
        Some(_) => Err(bad(key, "must be an object of strings")),
    };
    let (links, official_links) = (links("links")?, links("officialLinks")?);
    let year = match body.get("year") {
        None | Some(Value::Null) => Value::Null,
        Some(v) => match v.as_u64() {
            Some(y @ 1..=9999) => json!(y),
            _ => return Err(bad("year", "must be an integer from 1 to 9999")),
        },
    };
    let reset = match body.get("chapterNumbersResetOnNewVolume") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(bad("chapterNumbersResetOnNewVolume", "must be a boolean")),
    };
    let tags = ids(&body, "tags", "Tag", |id| cat.tag_by_id(id).is_some())?.unwrap_or_default();
    let authors = ids(&body, "authors", "Author", |id| {
        cat.author_by_id(id).is_some()
    })?
    .unwrap_or_default();
    let artists = ids(&body, "artists", "Author", |id| {
        cat.author_by_id(id).is_some()
    })?
    .unwrap_or_default();
    let cover = match opt_str(&body, "primaryCover")?.value() {
        None => None,
        Some(s) => {
            let id = parse_uuid("primaryCover", &s)?;
            cat.cover_by_id(&id)
                .ok_or_else(|| ApiError::not_found("Cover", &id))?;
            Some(id)
        }
    };
    let last = |key: &str| opt_str(&body, key).map(|v| v.json());
    let now = now(state);
    let attributes = json!({
        "title": title,
        "altTitles": alt_titles,
        "description": description,
        "isLocked": false,
        "links": links,
        "officialLinks": official_links,
        "originalLanguage": original_language,
        "lastVolume": last("lastVolume")?,
        "lastChapter": last("lastChapter")?,
        "publicationDemographic": demographic,
        "status": status,
        "year": year,
        "contentRating": content_rating,
        "chapterNumbersResetOnNewVolume": reset,
        "availableTranslatedLanguages": [],
        "latestUploadedChapter": null,
        "tags": tags.iter().filter_map(|t| cat.tag_by_id(t)).map(render::tag).collect::<Vec<_>>(),
        "state": "draft",
        "version": 1,
        "createdAt": now,
        "updatedAt": now,
    });
    let mut relationships: Vec<Value> = authors.iter().map(|a| rel(*a, "author")).collect();
    relationships.extend(artists.iter().map(|a| rel(*a, "artist")));
    relationships.extend(cover.map(|c| rel(c, "cover_art")));
    relationships.push(rel(owner, "creator"));
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

// ---- Chapter edit -----------------------------------------------------------------------

/// `PUT /chapter/{id}` (`ChapterEdit`, `version` required and current): the chapter with the
/// edits applied, version + 1. The catalogue keeps the original.
pub(crate) fn update_chapter(state: &State, req: &Req) -> Handled {
    let id = req.id(0);
    let cat = &state.view();
    let c = cat
        .released_chapter(&id)
        .ok_or_else(|| ApiError::not_found("Chapter", &id))?;
    let body = req.json()?;
    object(&body)?;
    let asked = version(&body)?;
    if asked != u64::from(c.version) {
        return Err(conflict(u64::from(c.version)));
    }
    let mut entity = render::chapter(cat, c, &Default::default());
    for key in ["title", "volume", "chapter"] {
        let v = opt_str(&body, key)?;
        if v.len() > 255 {
            return Err(bad(key, "at most 255 characters"));
        }
        if !v.is_absent() {
            entity["attributes"][key] = v.json();
        }
    }
    if let Some(l) = language(&body, "translatedLanguage")? {
        entity["attributes"]["translatedLanguage"] = json!(l);
    }
    if let Some(groups) = ids(&body, "groups", "ScanlationGroup", |g| {
        cat.group_by_id(g).is_some()
    })? {
        if groups.len() > 10 {
            return Err(bad("groups", "at most 10"));
        }
        let mut rels: Vec<Value> = groups.iter().map(|g| rel(*g, "scanlation_group")).collect();
        if let Some(old) = entity["relationships"].as_array() {
            rels.extend(
                old.iter()
                    .filter(|r| r["type"] != "scanlation_group")
                    .cloned(),
            );
        }
        entity["relationships"] = json!(rels);
    }
    entity["attributes"]["version"] = json!(c.version + 1);
    entity["attributes"]["updatedAt"] = json!(now(state));
    Ok(Reply::entity(entity))
}

// ---- Covers -----------------------------------------------------------------------------

/// One part of a `multipart/form-data` body.
struct Part {
    name: String,
    file_name: Option<String>,
    data: Vec<u8>,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A quoted parameter of a `Content-Disposition` header (`name="file"`).
fn disposition_param(header: &str, key: &str) -> Option<String> {
    let at = header.find(&format!("{key}=\""))? + key.len() + 2;
    let rest = &header[at..];
    rest.find('"').map(|end| rest[..end].to_owned())
}

/// The parts of a `multipart/form-data` body, or 400.
fn multipart(req: &Req) -> Result<Vec<Part>, ApiError> {
    let content_type = req
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let boundary = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| {
            rest.split(';')
                .find_map(|p| p.trim().strip_prefix("boundary="))
        })
        .map(|b| b.trim_matches('"').to_owned())
        .filter(|b| !b.is_empty())
        .ok_or_else(|| ApiError::bad_request("Expected a multipart/form-data body"))?;
    let delimiter = format!("--{boundary}");
    let malformed = || ApiError::bad_request("Malformed multipart/form-data body");
    let mut rest: &[u8] = &req.body;
    let start = find(rest, delimiter.as_bytes()).ok_or_else(malformed)?;
    rest = &rest[start + delimiter.len()..];
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        rest = rest.strip_prefix(b"\r\n").ok_or_else(malformed)?;
        let head_end = find(rest, b"\r\n\r\n").ok_or_else(malformed)?;
        let head = String::from_utf8_lossy(&rest[..head_end]).into_owned();
        rest = &rest[head_end + 4..];
        let end = find(rest, format!("\r\n{delimiter}").as_bytes()).ok_or_else(malformed)?;
        let disposition = head
            .lines()
            .find(|l| {
                l.to_ascii_lowercase()
                    .starts_with("content-disposition: form-data")
            })
            .ok_or_else(malformed)?;
        parts.push(Part {
            name: disposition_param(disposition, "name").ok_or_else(malformed)?,
            file_name: disposition_param(disposition, "filename"),
            data: rest[..end].to_vec(),
        });
        rest = &rest[end + 2 + delimiter.len()..];
    }
}

/// `POST /cover/{mangaOrCoverId}`: a new cover of the manga (a cover id stands for its manga)
/// from the multipart form (`file` required: jpg, png or gif; `volume`, `description`,
/// `locale` optional, the locale defaulting to the manga's original language).
pub(crate) fn upload_cover(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let id = req.id(0);
    let cat = state.catalogue();
    let manga = cat
        .manga_by_id(&id)
        .or_else(|| cat.cover_by_id(&id).and_then(|c| cat.manga_by_id(&c.manga)))
        .ok_or_else(|| ApiError::not_found("Manga", &id))?;
    let parts = multipart(req)?;
    let text = |name: &str| {
        parts
            .iter()
            .find(|p| p.name == name && p.file_name.is_none())
            .map(|p| String::from_utf8_lossy(&p.data).into_owned())
    };
    let file = parts
        .iter()
        .find(|p| p.name == "file" && p.file_name.is_some())
        .filter(|p| !p.data.is_empty())
        .ok_or_else(|| bad("file", "required"))?;
    let ext = file
        .file_name
        .as_deref()
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase())
        .filter(|e| COVER_TYPES.contains(&e.as_str()))
        .ok_or_else(|| bad("file", "must be a jpg, png or gif image"))?;
    let ext = if ext == "jpeg" { "jpg".to_owned() } else { ext };
    let locale = match text("locale") {
        None => manga.original_language.to_owned(),
        Some(l) if is_language(&l) => l,
        Some(_) => return Err(bad("locale", "must be a language code")),
    };
    let description = text("description").unwrap_or_default();
    if description.chars().count() > 512 {
        return Err(bad("description", "at most 512 characters"));
    }
    let volume = text("volume").filter(|v| !v.is_empty());
    let n = state.store().tick();
    let seed = state.config.seed;
    let now = now(state);
    Ok(Reply::entity(json!({
        "id": det_uuid(seed, "uploaded-cover", n),
        "type": "cover_art",
        "attributes": {
            "volume": volume,
            "fileName": format!("{}.{ext}", det_uuid(seed, "uploaded-cover-file", n)),
            "description": description,
            "locale": locale,
            "version": 1,
            "createdAt": now,
            "updatedAt": now,
        },
        "relationships": [rel(manga.id, "manga"), rel(user, "user")],
    })))
}

/// `PUT /cover/{mangaOrCoverId}` (`CoverEdit`: `version` and `volume` required; a manga id
/// stands for its main cover): the cover with the edits applied, version + 1. The catalogue
/// keeps the original.
pub(crate) fn update_cover(state: &State, req: &Req) -> Handled {
    let id = req.id(0);
    let cat = &state.view();
    let c = cat
        .cover_by_id(&id)
        .or_else(|| cat.manga_by_id(&id).and_then(|m| cat.cover_by_id(&m.cover)))
        .ok_or_else(|| ApiError::not_found("Cover", &id))?;
    let body = req.json()?;
    object(&body)?;
    let asked = version(&body)?;
    let volume = opt_str(&body, "volume")?;
    if volume.is_absent() {
        return Err(bad("volume", "required"));
    }
    let mut entity = render::cover(cat, c, &Default::default());
    let current = entity["attributes"]["version"].as_u64().unwrap_or(1);
    if asked != current {
        return Err(conflict(current));
    }
    entity["attributes"]["volume"] = volume.json();
    let description = opt_str(&body, "description")?;
    if description.len() > 512 {
        return Err(bad("description", "at most 512 characters"));
    }
    if !description.is_absent() {
        entity["attributes"]["description"] = json!(description.value().unwrap_or_default());
    }
    if let Some(l) = language(&body, "locale")? {
        entity["attributes"]["locale"] = json!(l);
    }
    entity["attributes"]["version"] = json!(current + 1);
    entity["attributes"]["updatedAt"] = json!(now(state));
    Ok(Reply::entity(entity))
}

// ---- Upload sessions --------------------------------------------------------------------

fn session_entity(state: &State, id: Uuid, s: &StoredUpload) -> Value {
    let now = now(state);
    let mut rels = vec![rel(s.manga, "manga")];
    rels.extend(s.groups.iter().map(|g| rel(*g, "scanlation_group")));
    rels.push(rel(s.owner, "user"));
    json!({
        "id": id,
        "type": "upload_session",
        "attributes": {"isCommitted": s.committed, "isProcessed": false, "isDeleted": false,
            "version": 1, "createdAt": now, "updatedAt": now},
        "relationships": rels,
    })
}

fn open_session(state: &State, session: StoredUpload) -> Handled {
    let mut store = state.store();
    let n = store.tick();
    let id = det_uuid(state.config.seed, "upload-session", n);
    let entity = session_entity(state, id, &session);
    store.uploads.insert(id, session);
    Ok(Reply::entity(entity))
}

/// `POST /upload/begin` (`BeginUploadSession`: `manga` required, `groups` at most 10): a new
/// session, kept for the commit.
pub(crate) fn begin_upload(state: &State, req: &Req) -> Handled {
    let owner = req.user_id(state)?;
    let body = req.json()?;
    object(&body)?;
    let cat = state.catalogue();
    let manga = body
        .get("manga")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("manga", "required"))?;
    let manga = parse_uuid("manga", manga)?;
    if cat.manga_by_id(&manga).is_none() {
        return Err(ApiError::not_found("Manga", &manga));
    }
    let groups = ids(&body, "groups", "ScanlationGroup", |g| {
        cat.group_by_id(g).is_some()
    })?
    .unwrap_or_default();
    if groups.len() > 10 {
        return Err(bad("groups", "at most 10"));
    }
    open_session(
        state,
        StoredUpload {
            owner,
            manga,
            groups,
            chapter: None,
            committed: false,
        },
    )
}

/// `POST /upload/begin/{chapterId}` (`BeginEditSession`: the chapter's current `version`).
pub(crate) fn begin_edit(state: &State, req: &Req) -> Handled {
    let owner = req.user_id(state)?;
    let id = req.id(0);
    let c = state
        .view()
        .released_chapter(&id)
        .ok_or_else(|| ApiError::not_found("Chapter", &id))?;
    let body = req.json()?;
    object(&body)?;
    if version(&body)? != u64::from(c.version) {
        return Err(conflict(u64::from(c.version)));
    }
    open_session(
        state,
        StoredUpload {
            owner,
            manga: c.manga,
            groups: c.groups.clone(),
            chapter: Some(c.id),
            committed: false,
        },
    )
}

/// `POST /upload/{uploadSessionId}/commit` (`CommitUploadSession`): the chapter the session
/// makes (the edited chapter, version + 1, for an edit session), with the session's manga and
/// groups. The session is then committed; the catalogue does not change. The answer keeps
/// the API's entity envelope (the spec's schema is the bare `Chapter`; clients accept both).
pub(crate) fn commit_upload(state: &State, req: &Req) -> Handled {
    let user = req.user_id(state)?;
    let sid = req.id(0);
    let body = req.json()?;
    object(&body)?;
    let draft = body
        .get("chapterDraft")
        .filter(|d| d.is_object())
        .ok_or_else(|| bad("chapterDraft", "required object"))?;
    let lang = language(draft, "translatedLanguage")?
        .ok_or_else(|| bad("chapterDraft.translatedLanguage", "required"))?;
    let field = |key: &str| opt_str(draft, key).map(Text::value);
    let (volume, chapter, title) = (field("volume")?, field("chapter")?, field("title")?);
    let external = field("externalUrl")?;
    let publish_at = match field("publishAt")? {
        None => None,
        Some(p) => Some(
            parse_date_filter(&p)
                .ok_or_else(|| bad("publishAt", "expected YYYY-MM-DDTHH:MM:SS"))?,
        ),
    };
    let pages = body
        .get("pageOrder")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("pageOrder", "required array"))?;
    for p in pages {
        parse_uuid("pageOrder", p.as_str().unwrap_or(""))?;
    }
    if pages.len() > 500 || (pages.is_empty() && external.is_none()) {
        return Err(bad("pageOrder", "from 1 to 500 uploaded files"));
    }
    if body
        .get("termsAccepted")
        .is_some_and(|t| !t.is_boolean() && !t.is_null())
    {
        return Err(bad("termsAccepted", "must be a boolean"));
    }
    let cat = state.catalogue();
    let (session, n) = {
        let mut store = state.store();
        let n = store.tick();
        let s = match store.uploads.get_mut(&sid) {
            None => return Err(ApiError::not_found("UploadSession", &sid)),
            Some(s) if s.owner != user => {
                return Err(ApiError::forbidden("Not your upload session"));
            }
            Some(s) if s.committed => {
                return Err(ApiError::bad_request(
                    "The upload session is already committed",
                ));
            }
            Some(s) => s,
        };
        s.committed = true;
        (s.clone(), n)
    };
    let now = state.clock.unix_now();
    let edited = session.chapter.and_then(|c| cat.chapter_by_id(&c));
    let (id, version, created) = match edited {
        Some(c) => (c.id, c.version + 1, c.created_at),
        None => (det_uuid(state.config.seed, "uploaded-chapter", n), 1, now),
    };
    let publish = publish_at.unwrap_or(now);
    let mut rels: Vec<Value> = session
        .groups
        .iter()
        .map(|g| rel(*g, "scanlation_group"))
        .collect();
    rels.push(rel(session.manga, "manga"));
    rels.push(rel(user, "user"));
    Ok(Reply::entity(json!({
        "id": id,
        "type": "chapter",
        "attributes": {
            "title": title,
            "volume": volume,
            "chapter": chapter,
            "pages": pages.len(),
            "translatedLanguage": lang,
            "uploader": user,
            "externalUrl": external,
            "version": version,
            "createdAt": rfc3339(created),
            "updatedAt": rfc3339(now),
            "publishAt": rfc3339(publish),
            "readableAt": rfc3339(publish.max(now)),
            "isUnavailable": false,
        },
        "relationships": rels,
    })))
}

// ---- Forums -----------------------------------------------------------------------------

/// `POST /forums/thread` (`{"type": "manga"|"group"|"chapter", "id": uuid}`): the entity's
/// thread, whose id is an integer (`ForumsThreadResponse`).
pub(crate) fn create_thread(state: &State, req: &Req) -> Handled {
    req.user_id(state)?;
    let body = req.json()?;
    object(&body)?;
    let kind = one_of(&body, "type", &["manga", "group", "chapter"])?
        .value()
        .ok_or_else(|| bad("type", "required"))?;
    let id = body
        .get("id")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("id", "required"))?;
    let id = parse_uuid("id", id)?;
    let cat = state.view();
    let (exists, what) = match kind.as_str() {
        "manga" => (cat.manga_by_id(&id).is_some(), "Manga"),
        "group" => (cat.group_by_id(&id).is_some(), "ScanlationGroup"),
        _ => (cat.released_chapter(&id).is_some(), "Chapter"),
    };
    if !exists {
        return Err(ApiError::not_found(what, &id));
    }
    // The thread the entity's statistics show, or the one made now.
    let (thread, replies) = match render::comments(id) {
        Value::Null => (json!(1 + hash_str(&id.to_string()) % 9_000_000), json!(0)),
        c => (c["threadId"].clone(), c["repliesCount"].clone()),
    };
    Ok(Reply::ok(&json!({
        "result": "ok",
        "response": "entity",
        "data": {"type": "thread", "id": thread, "attributes": {"repliesCount": replies}},
    })))
}

#[cfg(test)]
mod tests {
    use super::is_language;

    #[test]
    fn language_codes_follow_the_spec_pattern() {
        for ok in ["en", "ja", "pt-br", "es-la", "ja-ro"] {
            assert!(is_language(ok), "{ok}");
        }
        for no in ["", "e", "EN", "eng", "pt_br", "pt-", "pt-bra", "zh-hk-x"] {
            assert!(!is_language(no), "{no}");
        }
    }
}
