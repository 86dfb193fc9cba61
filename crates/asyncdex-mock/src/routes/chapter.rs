//! Chapters: `GET /chapter`, `GET /chapter/{id}`, and the filtering / ordering / paging shared
//! by every chapter feed.

use std::cmp::Ordering;

use uuid::Uuid;

use super::Req;
use super::manga::content_ratings;
use crate::catalogue::ChapterRecord;
use crate::query::by_order;
use crate::render;
use crate::response::{ApiError, Handled, Reply};
use crate::state::State;
use crate::util::parse_date_filter;
use crate::view::View;

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

/// The feed filters of a request.
struct Filters<'q> {
    ids: Vec<Uuid>,
    groups: Vec<Uuid>,
    excluded_groups: Vec<Uuid>,
    uploaders: Vec<Uuid>,
    excluded_uploaders: Vec<Uuid>,
    manga: Option<Uuid>,
    languages: Vec<&'q str>,
    original: Vec<&'q str>,
    excluded_original: Vec<&'q str>,
    volumes: Vec<&'q str>,
    chapter_nos: Vec<&'q str>,
    /// Lower-case, matched case-insensitively.
    title: Option<String>,
    ratings: Vec<&'q str>,
    include_external: bool,
    include_empty: bool,
    created: Option<i64>,
    updated: Option<i64>,
    published: Option<i64>,
}

impl<'q> Filters<'q> {
    /// Reads the filters in the order their errors are reported.
    fn parse(req: &'q Req) -> Result<Self, ApiError> {
        let q = &req.query;
        Ok(Self {
            ids: q.uuids("ids")?,
            groups: q.uuids("groups")?,
            excluded_groups: q.uuids("excludedGroups")?,
            uploaders: q.uuids("uploader")?,
            excluded_uploaders: q.uuids("excludedUploaders")?,
            manga: q.uuid("manga")?,
            languages: q.all("translatedLanguage"),
            original: q.all("originalLanguage"),
            excluded_original: q.all("excludedOriginalLanguage"),
            volumes: q.all("volume"),
            chapter_nos: q.all("chapter"),
            title: q.one("title").map(str::to_lowercase),
            ratings: content_ratings(q)?,
            include_external: q.boolean("includeExternalUrl")?.unwrap_or(true),
            include_empty: q.boolean("includeEmptyPages")?.unwrap_or(true),
            created: since(req, "createdAtSince")?,
            updated: since(req, "updatedAtSince")?,
            published: since(req, "publishAtSince")?,
        })
    }

    /// Whether the chapter is out and passes every filter.
    fn keep(&self, cat: &View<'_>, c: &ChapterRecord) -> bool {
        let m = cat.manga_by_id(&c.manga);
        cat.released(c)
            && (self.ids.is_empty() || self.ids.contains(&c.id))
            && (self.groups.is_empty() || self.groups.iter().any(|g| c.groups.contains(g)))
            && !self.excluded_groups.iter().any(|g| c.groups.contains(g))
            && (self.uploaders.is_empty() || self.uploaders.contains(&c.uploader))
            && !self.excluded_uploaders.contains(&c.uploader)
            && self.manga.is_none_or(|id| id == c.manga)
            && (self.languages.is_empty() || self.languages.contains(&c.language))
            && (self.original.is_empty()
                || m.is_some_and(|m| self.original.contains(&m.original_language)))
            && !m.is_some_and(|m| self.excluded_original.contains(&m.original_language))
            && (self.volumes.is_empty()
                || c.volume
                    .as_deref()
                    .is_some_and(|v| self.volumes.contains(&v)))
            && (self.chapter_nos.is_empty()
                || c.chapter
                    .as_deref()
                    .is_some_and(|v| self.chapter_nos.contains(&v)))
            && self.title.as_ref().is_none_or(|t| {
                c.title
                    .as_ref()
                    .is_some_and(|x| x.to_lowercase().contains(t.as_str()))
            })
            && m.is_some_and(|m| self.ratings.contains(&m.content_rating))
            && (self.include_external || c.external_url.is_none())
            && (self.include_empty || c.pages > 0)
            && self.created.is_none_or(|t| c.created_at >= t)
            && self.updated.is_none_or(|t| c.updated_at >= t)
            && self.published.is_none_or(|t| c.publish_at >= t)
    }
}

/// Sorts by the `order[...]` fields. `/chapter` orders by creation unless told otherwise;
/// other lists keep their reading order unless told otherwise.
fn sort(list: &mut [&ChapterRecord], mut order: Vec<(String, bool)>, template: &str) {
    if order.is_empty() && template != "/chapter" && !template.ends_with("/feed") {
        return;
    }
    if order.is_empty() && template == "/chapter" {
        order.push(("createdAt".to_owned(), false));
    }
    list.sort_by(|a, b| {
        by_order(&order, a, b, |field, a, b| match field {
            "createdAt" => a.created_at.cmp(&b.created_at),
            "updatedAt" => a.updated_at.cmp(&b.updated_at),
            "publishAt" => a.publish_at.cmp(&b.publish_at),
            "readableAt" => a.readable_at.cmp(&b.readable_at),
            "volume" => cmp_num(a.volume.as_deref(), b.volume.as_deref()),
            _ => cmp_num(a.chapter.as_deref(), b.chapter.as_deref()),
        })
    });
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
    let filters = Filters::parse(req)?;
    let order = q.order(&[
        "createdAt",
        "updatedAt",
        "publishAt",
        "readableAt",
        "volume",
        "chapter",
    ])?;
    let mut list: Vec<&ChapterRecord> = chapters
        .into_iter()
        .filter(|c| filters.keep(cat, c))
        .collect();
    sort(&mut list, order, req.template);
    let inc = q.includes();
    Reply::page(list, limit, offset, |c| render::chapter(cat, c, &inc))
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
