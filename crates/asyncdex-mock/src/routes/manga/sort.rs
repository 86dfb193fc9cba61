//! `order[...]` over manga: title, dates, follows, relevance, rating.

use std::cmp::Ordering;

use crate::catalogue::MangaRecord;
use crate::query::{Query, by_order};
use crate::response::ApiError;
use crate::view::View;

fn relevance(m: &MangaRecord, title: Option<&str>) -> u8 {
    match title {
        Some(t) if m.title_lower == t => 3,
        Some(t) if m.title_lower.starts_with(t) => 2,
        Some(t) if m.title_lower.contains(t) => 1,
        _ => 0,
    }
}

fn rating_avg(m: &MangaRecord) -> f64 {
    m.rating().1.unwrap_or(0.0)
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
        by_order(&order, a, b, |field, a, b| match field {
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
        })
        .then_with(|| a.id.cmp(&b.id))
    });
    Ok(())
}
