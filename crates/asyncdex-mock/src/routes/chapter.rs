//! Chapters: `GET /chapter`, `GET /chapter/{id}`, and the filtering / ordering / paging shared
//! by every chapter feed.

use std::cmp::Ordering;

use serde_json::Value;

use super::Req;
use super::manga::content_ratings;
use crate::catalogue::ChapterRecord;
use crate::query::paginate;
use crate::render;
use crate::response::{ApiError, Handled, Reply};
use crate::state::State;
use crate::util::parse_date_filter;

fn since(req: &Req, key: &str) -> Result<Option<i64>, ApiError> {
    req.query
        .one(key)
        .map(|v| {
            parse_date_filter(v).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "Error validating {key}: expected YYYY-MM-DDTHH:MM:SS"
                ))
            })
        })
        .transpose()
}

fn number(s: Option<&str>) -> Option<f64> {
    s.and_then(|v| v.parse::<f64>().ok())
}

fn cmp_num(a: Option<&str>, b: Option<&str>) -> Ordering {
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (None, None) => a.cmp(&b),
    }
}

/// Filters, orders, pages and renders a set of chapters with the feed parameters.
pub(crate) fn respond(
    state: &State,
    req: &Req,
    chapters: Vec<&ChapterRecord>,
    default_limit: usize,
    max_limit: usize,
) -> Handled {
    let q = &req.query;
    let (limit, offset) = q.page(default_limit, max_limit)?;
    let cat = &state.view();
    let ids = q.uuids("ids")?;
    let groups = q.uuids("groups")?;
    let excluded_groups = q.uuids("excludedGroups")?;
    let uploaders = q.uuids("uploader")?;
    let excluded_uploaders = q.uuids("excludedUploaders")?;
    let manga = q.uuid("manga")?;
    let langs = q.all("translatedLanguage");
    let original = q.all("originalLanguage");
    let excluded_original = q.all("excludedOriginalLanguage");
    let volumes = q.all("volume");
    let chapter_nos = q.all("chapter");
    let title = q.one("title").map(str::to_lowercase);
    let ratings = content_ratings(q)?;
    let include_external = q.boolean("includeExternalUrl")?.unwrap_or(true);
    let include_empty = q.boolean("includeEmptyPages")?.unwrap_or(true);
    let created = since(req, "createdAtSince")?;
    let updated = since(req, "updatedAtSince")?;
    let published = since(req, "publishAtSince")?;
    let mut order = q.order(&[
        "createdAt",
        "updatedAt",
        "publishAt",
        "readableAt",
        "volume",
        "chapter",
    ])?;
    let mut list: Vec<&ChapterRecord> = chapters
        .into_iter()
        .filter(|c| {
            let m = cat.manga_by_id(&c.manga);
            cat.released(c)
                && (ids.is_empty() || ids.contains(&c.id))
                && (groups.is_empty() || groups.iter().any(|g| c.groups.contains(g)))
                && !excluded_groups.iter().any(|g| c.groups.contains(g))
                && (uploaders.is_empty() || uploaders.contains(&c.uploader))
                && !excluded_uploaders.contains(&c.uploader)
                && manga.is_none_or(|id| id == c.manga)
                && (langs.is_empty() || langs.contains(&c.language))
                && (original.is_empty()
                    || m.is_some_and(|m| original.contains(&m.original_language)))
                && !m.is_some_and(|m| excluded_original.contains(&m.original_language))
                && (volumes.is_empty() || c.volume.as_deref().is_some_and(|v| volumes.contains(&v)))
                && (chapter_nos.is_empty()
                    || c.chapter
                        .as_deref()
                        .is_some_and(|v| chapter_nos.contains(&v)))
                && title.as_ref().is_none_or(|t| {
                    c.title
                        .as_ref()
                        .is_some_and(|x| x.to_lowercase().contains(t.as_str()))
                })
                && m.is_some_and(|m| ratings.contains(&m.content_rating))
                && (include_external || c.external_url.is_none())
                && (include_empty || c.pages > 0)
                && created.is_none_or(|t| c.created_at >= t)
                && updated.is_none_or(|t| c.updated_at >= t)
                && published.is_none_or(|t| c.publish_at >= t)
        })
        .collect();
    if !order.is_empty() || req.template == "/chapter" || req.template.ends_with("/feed") {
        if order.is_empty() && req.template == "/chapter" {
            order.push(("createdAt".to_owned(), false));
        }
        list.sort_by(|a, b| {
            for (field, desc) in &order {
                let o = match field.as_str() {
                    "createdAt" => a.created_at.cmp(&b.created_at),
                    "updatedAt" => a.updated_at.cmp(&b.updated_at),
                    "publishAt" => a.publish_at.cmp(&b.publish_at),
                    "readableAt" => a.readable_at.cmp(&b.readable_at),
                    "volume" => cmp_num(a.volume.as_deref(), b.volume.as_deref()),
                    _ => cmp_num(a.chapter.as_deref(), b.chapter.as_deref()),
                };
                let o = if *desc { o.reverse() } else { o };
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        });
    }
    let inc = q.includes();
    let (page, total) = paginate(list, limit, offset);
    let data: Vec<Value> = page
        .into_iter()
        .map(|c| render::chapter(cat, c, &inc))
        .collect();
    Ok(Reply::collection(data, limit, offset, total))
}

pub(crate) fn list(state: &State, req: &Req) -> Handled {
    let all: Vec<_> = state.catalogue().chapters.iter().collect();
    respond(state, req, all, 10, 100)
}

pub(crate) fn get(state: &State, req: &Req) -> Handled {
    let id = req.id(0);
    let cat = &state.view();
    let c = cat
        .released_chapter(&id)
        .ok_or_else(|| ApiError::not_found("Chapter", &id))?;
    Ok(Reply::entity(render::chapter(
        cat,
        c,
        &req.query.includes(),
    )))
}
