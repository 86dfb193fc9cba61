//! Statistics: a manga's ratings and follows, and an entity's comment thread.

use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::catalogue::MangaRecord;
use crate::view::View;

/// Statistics of one manga (`GET /statistics/manga/{uuid}`).
pub(crate) fn manga_statistics(cat: &View<'_>, m: &MangaRecord) -> Value {
    let (votes, average) = m.rating();
    let average = average.map(|a| (a * 100.0).round() / 100.0);
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
