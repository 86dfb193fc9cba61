//! Manga drafts: `POST /manga`, `GET /manga/draft[/{id}]`, `POST /manga/draft/{id}/commit`.
//!
//! Making a draft is here; the checks of its body are in `fields`, `values` and `relations`,
//! and the stored drafts' routes in `stored`.

mod fields;
mod relations;
mod stored;
mod values;

use serde_json::json;

use self::fields::MangaFields;
use self::relations::MangaRelations;
pub(crate) use self::stored::{commit_draft, draft, drafts};
use super::{now, object, opt_str};
use crate::render;
use crate::response::{Handled, Reply};
use crate::routes::Req;
use crate::state::{State, StoredDraft};
use crate::util::det_uuid;

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
