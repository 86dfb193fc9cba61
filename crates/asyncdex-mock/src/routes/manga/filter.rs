//! `GET /manga`'s filters over the catalogue's manga.

use super::content_ratings;
use super::filter_params::{DEMOGRAPHICS, STATUSES, date_filter, mode};
use crate::catalogue::MangaRecord;
use crate::query::Query;
use crate::response::ApiError;
use crate::view::View;

fn tags_match(m: &MangaRecord, tags: &[uuid::Uuid], mode_and: bool) -> bool {
    if mode_and {
        tags.iter().all(|t| m.tags.contains(t))
    } else {
        tags.iter().any(|t| m.tags.contains(t))
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
