//! Manga: search, one manga, feed, aggregate, random, tags, relations.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::Req;
use crate::catalogue::MangaRecord;
use crate::query::{Query, paginate};
use crate::render;
use crate::response::{ApiError, Handled, Reply};
use crate::state::State;
use crate::util::{Rng, parse_date_filter};
use crate::view::View;

pub(crate) const RATINGS: &[&str] = &["safe", "suggestive", "erotica", "pornographic"];
const DEFAULT_RATINGS: &[&str] = &["safe", "suggestive", "erotica"];
const STATUSES: &[&str] = &["ongoing", "completed", "hiatus", "cancelled"];
const DEMOGRAPHICS: &[&str] = &["shounen", "shoujo", "josei", "seinen", "none"];

/// `contentRating[]` with the API default.
pub(crate) fn content_ratings(q: &Query) -> Result<Vec<&str>, ApiError> {
    let r = q.enums("contentRating", RATINGS)?;
    Ok(if r.is_empty() {
        DEFAULT_RATINGS.to_vec()
    } else {
        r
    })
}

fn date_filter(q: &Query, key: &str) -> Result<Option<i64>, ApiError> {
    q.one(key)
        .map(|v| {
            parse_date_filter(v).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "Error validating {key}: expected YYYY-MM-DDTHH:MM:SS"
                ))
            })
        })
        .transpose()
}

fn tags_match(m: &MangaRecord, tags: &[uuid::Uuid], mode_and: bool) -> bool {
    if mode_and {
        tags.iter().all(|t| m.tags.contains(t))
    } else {
        tags.iter().any(|t| m.tags.contains(t))
    }
}

fn mode(q: &Query, key: &str, default_and: bool) -> Result<bool, ApiError> {
    match q.one(key) {
        None => Ok(default_and),
        Some("AND") => Ok(true),
        Some("OR") => Ok(false),
        Some(v) => Err(ApiError::bad_request(format!(
            "Error validating {key}: \"{v}\" is not AND or OR"
        ))),
    }
}

/// Filters the catalogue's manga with the `GET /manga` parameters.
pub(crate) fn filter<'a>(cat: &View<'a>, q: &Query) -> Result<Vec<&'a MangaRecord>, ApiError> {
    let title = q.one("title").map(str::to_lowercase);
    let ids = q.uuids("ids")?;
    let authors = q.uuids("authors")?;
    let artists = q.uuids("artists")?;
    let author_or_artist = q.uuid("authorOrArtist")?;
    let included = q.uuids("includedTags")?;
    let excluded = q.uuids("excludedTags")?;
    let inc_and = mode(q, "includedTagsMode", true)?;
    let exc_and = mode(q, "excludedTagsMode", false)?;
    let status = q.enums("status", STATUSES)?;
    let original = q.all("originalLanguage");
    let excluded_original = q.all("excludedOriginalLanguage");
    let available = q.all("availableTranslatedLanguage");
    let demographic = q.enums("publicationDemographic", DEMOGRAPHICS)?;
    let ratings = content_ratings(q)?;
    let year = match q.one("year") {
        None | Some("none") => None,
        Some(_) => Some(q.int("year")?.unwrap_or_default()),
    };
    let created_since = date_filter(q, "createdAtSince")?;
    let updated_since = date_filter(q, "updatedAtSince")?;
    let has_chapters = q.boolean("hasAvailableChapters")?;
    let group = q.uuid("group")?;
    let group_manga: Option<Vec<uuid::Uuid>> = group.map(|g| {
        let mut v: Vec<_> = cat
            .chapters
            .iter()
            .filter(|c| c.groups.contains(&g) && cat.released(c))
            .map(|c| c.manga)
            .collect();
        v.dedup();
        v
    });
    Ok(cat
        .catalogue()
        .manga
        .iter()
        .filter(|m| {
            title.as_ref().is_none_or(|t| {
                m.title_lower.contains(t.as_str())
                    || m.alt_titles
                        .iter()
                        .any(|(_, a)| a.to_lowercase().contains(t.as_str()))
            }) && (ids.is_empty() || ids.contains(&m.id))
                && (authors.is_empty() || authors.iter().any(|a| m.authors.contains(a)))
                && (artists.is_empty() || artists.iter().any(|a| m.artists.contains(a)))
                && author_or_artist.is_none_or(|a| m.authors.contains(&a) || m.artists.contains(&a))
                && (included.is_empty() || tags_match(m, &included, inc_and))
                && (excluded.is_empty() || !tags_match(m, &excluded, exc_and))
                && (status.is_empty() || status.contains(&m.status))
                && (original.is_empty() || original.contains(&m.original_language))
                && !excluded_original.contains(&m.original_language)
                && (available.is_empty()
                    || available.iter().any(|l| m.available_languages.contains(l)))
                && (demographic.is_empty()
                    || demographic.contains(&m.demographic.unwrap_or("none")))
                && ratings.contains(&m.content_rating)
                && year.is_none_or(|y| m.year.map(i64::from) == Some(y))
                && created_since.is_none_or(|t| m.created_at >= t)
                && updated_since.is_none_or(|t| m.updated_at >= t)
                && has_chapters.is_none_or(|h| h != m.available_languages.is_empty())
                && group_manga.as_ref().is_none_or(|g| g.contains(&m.id))
        })
        .collect())
}

fn relevance(m: &MangaRecord, title: Option<&str>) -> u8 {
    match title {
        Some(t) if m.title_lower == t => 3,
        Some(t) if m.title_lower.starts_with(t) => 2,
        Some(t) if m.title_lower.contains(t) => 1,
        _ => 0,
    }
}

fn rating_avg(m: &MangaRecord) -> f64 {
    let votes: u64 = m.rating_distribution.iter().sum();
    let sum: u64 = m
        .rating_distribution
        .iter()
        .enumerate()
        .map(|(i, n)| (i as u64 + 1) * n)
        .sum();
    if votes == 0 {
        0.0
    } else {
        sum as f64 / votes as f64
    }
}

/// Sorts with `order[...]` (default: latestUploadedChapter desc, as the API does).
pub(crate) fn sort(cat: &View<'_>, list: &mut [&MangaRecord], q: &Query) -> Result<(), ApiError> {
    let mut order = q.order(&[
        "title",
        "year",
        "createdAt",
        "updatedAt",
        "latestUploadedChapter",
        "followedCount",
        "relevance",
        "rating",
    ])?;
    if order.is_empty() {
        order.push(("latestUploadedChapter".to_owned(), true));
    }
    let title = q.one("title").map(str::to_lowercase);
    list.sort_by(|a, b| {
        for (field, desc) in &order {
            let o = match field.as_str() {
                "title" => a.title_lower.cmp(&b.title_lower),
                "year" => a.year.cmp(&b.year),
                "createdAt" => a.created_at.cmp(&b.created_at),
                "updatedAt" => a.updated_at.cmp(&b.updated_at),
                "latestUploadedChapter" => cat.latest(a).0.cmp(&cat.latest(b).0),
                "followedCount" => a.follows.cmp(&b.follows),
                "rating" => rating_avg(a)
                    .partial_cmp(&rating_avg(b))
                    .unwrap_or(Ordering::Equal),
                _ => relevance(a, title.as_deref()).cmp(&relevance(b, title.as_deref())),
            };
            let o = if *desc { o.reverse() } else { o };
            if o != Ordering::Equal {
                return o;
            }
        }
        a.id.cmp(&b.id)
    });
    Ok(())
}

pub(crate) fn search(state: &State, req: &Req) -> Handled {
    let q = &req.query;
    let (limit, offset) = q.page(10, 100)?;
    let cat = &state.view();
    let mut list = filter(cat, q)?;
    sort(cat, &mut list, q)?;
    let inc = q.includes();
    let (page, total) = paginate(list, limit, offset);
    Ok(Reply::collection(
        page.into_iter()
            .map(|m| render::manga(cat, m, &inc))
            .collect(),
        limit,
        offset,
        total,
    ))
}

pub(crate) fn find<'a>(state: &'a State, req: &Req) -> Result<&'a MangaRecord, ApiError> {
    let id = req.id(0);
    state
        .catalogue()
        .manga_by_id(&id)
        .ok_or_else(|| ApiError::not_found("Manga", &id))
}

pub(crate) fn get(state: &State, req: &Req) -> Handled {
    let m = find(state, req)?;
    Ok(Reply::entity(render::manga(
        &state.view(),
        m,
        &req.query.includes(),
    )))
}

/// `PUT`/`DELETE /manga/{id}`: checked against the catalogue, not applied.
pub(crate) fn edit(state: &State, req: &Req) -> Handled {
    let m = find(state, req)?;
    if req.method == http::Method::DELETE {
        return Ok(Reply::result_ok());
    }
    let body = req.json()?;
    if !body.get("version").is_some_and(Value::is_u64) {
        return Err(ApiError::bad_request(
            "Error validating version: required integer",
        ));
    }
    Ok(Reply::entity(render::manga(
        &state.view(),
        m,
        &Default::default(),
    )))
}

pub(crate) fn feed(state: &State, req: &Req) -> Handled {
    let m = find(state, req)?;
    let cat = state.catalogue();
    // `respond` leaves out what is not released yet.
    let chapters: Vec<_> = cat.chapters_of(&m.id).iter().collect();
    super::chapter::respond(state, req, chapters, 100, 500)
}

fn num_key(s: Option<&str>) -> (u8, f64, String) {
    match s {
        None => (1, 0.0, String::new()),
        Some(v) => match v.parse::<f64>() {
            Ok(f) => (0, f, v.to_owned()),
            Err(_) => (0, f64::MAX, v.to_owned()),
        },
    }
}

pub(crate) fn aggregate(state: &State, req: &Req) -> Handled {
    let m = find(state, req)?;
    let langs = req.query.all("translatedLanguage");
    let groups = req.query.uuids("groups")?;
    // volume -> chapter -> ids
    let mut vols: BTreeMap<(u8, u64, String), BTreeMap<(u8, u64, String), Vec<uuid::Uuid>>> =
        BTreeMap::new();
    for c in state.view().released_chapters_of(&m.id) {
        if (!langs.is_empty() && !langs.contains(&c.language))
            || (!groups.is_empty() && !groups.iter().any(|g| c.groups.contains(g)))
        {
            continue;
        }
        let vk = num_key(c.volume.as_deref());
        let ck = num_key(c.chapter.as_deref());
        let vkey = (
            vk.0,
            vk.1.to_bits(),
            c.volume.clone().unwrap_or_else(|| "none".to_owned()),
        );
        let ckey = (
            ck.0,
            ck.1.to_bits(),
            c.chapter.clone().unwrap_or_else(|| "none".to_owned()),
        );
        vols.entry(vkey)
            .or_default()
            .entry(ckey)
            .or_default()
            .push(c.id);
    }
    let mut volumes = Map::new();
    for ((_, _, vname), chapters) in vols {
        let mut chs = Map::new();
        let mut count = 0;
        for ((_, _, cname), ids) in chapters {
            count += ids.len();
            chs.insert(cname.clone(), json!({
                "chapter": cname, "id": ids[0], "others": &ids[1..], "count": ids.len(), "isUnavailable": false,
            }));
        }
        volumes.insert(
            vname.clone(),
            json!({"volume": vname, "count": count, "chapters": chs}),
        );
    }
    Ok(Reply::ok(&json!({"result": "ok", "volumes": volumes})))
}

pub(crate) fn random(state: &State, req: &Req) -> Handled {
    let cat = &state.view();
    let list = filter(cat, &req.query)?;
    if list.is_empty() {
        return Err(ApiError::new(
            http::StatusCode::NOT_FOUND,
            "not_found_http_exception",
            Some("No manga matches the filters".to_owned()),
        ));
    }
    let seq = state.log.total();
    let mut rng = Rng::new(state.config.seed ^ seq);
    let m = *rng.pick(&list);
    Ok(Reply::entity(render::manga(cat, m, &req.query.includes())))
}

pub(crate) fn tags(state: &State, _req: &Req) -> Handled {
    let cat = state.catalogue();
    let n = cat.tags.len();
    Ok(Reply::collection(
        cat.tags.iter().map(render::tag).collect(),
        n,
        0,
        n,
    ))
}

pub(crate) fn relations(state: &State, req: &Req) -> Handled {
    let m = find(state, req)?;
    let inc = req.query.includes();
    let cat = &state.view();
    let data: Vec<Value> = m
        .related
        .iter()
        .map(|(relation, other)| {
            let id = crate::util::det_uuid(state.config.seed, relation, crate::util::hash_str(&format!("{}{other}", m.id)));
            let mut target = json!({"id": other, "type": "manga"});
            if inc.has("manga")
                && let Some(o) = cat.manga_by_id(other)
            {
                target["attributes"] = render::manga_attrs(cat, o);
            }
            json!({"id": id, "type": "manga_relation", "attributes": {"relation": relation, "version": 1}, "relationships": [target]})
        })
        .collect();
    let n = data.len();
    Ok(Reply::collection(data, n, 0, n))
}
