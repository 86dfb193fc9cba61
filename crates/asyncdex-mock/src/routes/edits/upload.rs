//! Upload sessions: `POST /upload/begin[/{chapterId}]` and their commit.

use serde_json::{Value, json};
use uuid::Uuid;

use super::{Text, bad, conflict, ids, language, now, object, opt_str, rel, version};
use crate::query::parse_uuid;
use crate::response::{ApiError, Handled, Reply};
use crate::routes::Req;
use crate::state::{State, StoredUpload};
use crate::util::{det_uuid, parse_date_filter, rfc3339};

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
    let draft = ChapterDraft::parse(&body)?;
    let cat = state.catalogue();
    let (session, n) = commit_session(state, sid, user)?;
    let now = state.clock.unix_now();
    let edited = session.chapter.and_then(|c| cat.chapter_by_id(&c));
    let (id, version, created) = match edited {
        Some(c) => (c.id, c.version + 1, c.created_at),
        None => (det_uuid(state.config.seed, "uploaded-chapter", n), 1, now),
    };
    let publish = draft.publish_at.unwrap_or(now);
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
            "title": draft.title,
            "volume": draft.volume,
            "chapter": draft.chapter,
            "pages": draft.pages,
            "translatedLanguage": draft.language,
            "uploader": user,
            "externalUrl": draft.external_url,
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

/// The chapter a `CommitUploadSession` body describes.
struct ChapterDraft {
    language: String,
    volume: Option<String>,
    chapter: Option<String>,
    title: Option<String>,
    external_url: Option<String>,
    publish_at: Option<i64>,
    /// The number of uploaded files in `pageOrder`.
    pages: usize,
}

impl ChapterDraft {
    /// Reads and checks the body, in the order its errors are reported.
    fn parse(body: &Value) -> Result<Self, ApiError> {
        let draft = body
            .get("chapterDraft")
            .filter(|d| d.is_object())
            .ok_or_else(|| bad("chapterDraft", "required object"))?;
        let language = language(draft, "translatedLanguage")?
            .ok_or_else(|| bad("chapterDraft.translatedLanguage", "required"))?;
        let field = |key: &str| opt_str(draft, key).map(Text::value);
        let (volume, chapter, title) = (field("volume")?, field("chapter")?, field("title")?);
        let external_url = field("externalUrl")?;
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
        if pages.len() > 500 || (pages.is_empty() && external_url.is_none()) {
            return Err(bad("pageOrder", "from 1 to 500 uploaded files"));
        }
        if body
            .get("termsAccepted")
            .is_some_and(|t| !t.is_boolean() && !t.is_null())
        {
            return Err(bad("termsAccepted", "must be a boolean"));
        }
        Ok(Self {
            language,
            volume,
            chapter,
            title,
            external_url,
            publish_at,
            pages: pages.len(),
        })
    }
}

/// Marks the user's session `sid` committed; returns it and the store's tick for the new
/// chapter's id. 404 when unknown, 403 when someone else's, 400 when already committed.
fn commit_session(state: &State, sid: Uuid, user: Uuid) -> Result<(StoredUpload, u64), ApiError> {
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
    Ok((s.clone(), n))
}
