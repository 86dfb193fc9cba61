//! Statistics (`/statistics/manga`, `/statistics/chapter`, `/statistics/group`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// `{"result":"ok","statistics":{id: S, ...}}`, keyed by entity id.
///
/// `S` is [`MangaStatistics`], [`ChapterStatistics`] or [`GroupStatistics`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "S: Deserialize<'de>"))]
pub struct StatisticsResponse<S> {
    /// The statistics of each requested entity (`[]` from the API decodes as empty).
    #[serde(default, deserialize_with = "super::de::lenient_map")]
    pub statistics: BTreeMap<Uuid, S>,
}

impl<S> StatisticsResponse<S> {
    /// The statistics of one entity.
    pub fn get(&self, id: &Uuid) -> Option<&S> {
        self.statistics.get(id)
    }
}

/// Comment statistics; `None` where used means the entity has no comment thread yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CommentStatistics {
    /// The forums thread backing the comments (`https://forums.mangadex.org/threads/{id}`).
    pub thread_id: u64,
    /// Replies, not counting the thread's opening post.
    #[serde(default)]
    pub replies_count: u64,
}

/// Statistics of a manga.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MangaStatistics {
    /// Comments, `None` when there is no thread.
    #[serde(default)]
    pub comments: Option<CommentStatistics>,
    /// Ratings.
    #[serde(default)]
    pub rating: Option<RatingStatistics>,
    /// Number of follows.
    #[serde(default)]
    pub follows: u64,
    /// Number of unavailable chapters.
    #[serde(default)]
    pub unavailable_chapter_count: Option<u64>,
}

/// Rating statistics of a manga.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RatingStatistics {
    /// The average rating, `None` without ratings.
    #[serde(default)]
    pub average: Option<f64>,
    /// The Bayesian average, weighted on all manga.
    #[serde(default)]
    pub bayesian: f64,
    /// Count of each score 1..=10 (only on the single-manga endpoint).
    #[serde(default, deserialize_with = "super::de::lenient_map")]
    pub distribution: BTreeMap<u8, u64>,
}

/// Statistics of a chapter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChapterStatistics {
    /// Comments, `None` when there is no thread.
    #[serde(default)]
    pub comments: Option<CommentStatistics>,
}

/// Statistics of a scanlation group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupStatistics {
    /// Comments, `None` when there is no thread.
    #[serde(default)]
    pub comments: Option<CommentStatistics>,
}
