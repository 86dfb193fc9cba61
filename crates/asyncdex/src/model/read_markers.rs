//! Read markers (`/manga/{id}/read`, `/manga/read`) and reading history (`/user/history`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// `GET /manga/{id}/read`: `{"result":"ok","data":[chapterId, ...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MangaReadMarkers {
    /// The read chapter ids.
    #[serde(default, deserialize_with = "super::de::null_as_default")]
    pub data: Vec<Uuid>,
}

/// `GET /manga/read`: either a flat list or, with `grouped=true`, a map per manga.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadMarkersResponse {
    /// The read markers.
    pub data: ReadMarkers,
}

/// The read chapter ids of several manga.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ReadMarkers {
    /// `grouped=false`: all read chapter ids (also what an empty grouped answer, `[]`, gives).
    Ids(Vec<Uuid>),
    /// `grouped=true`: read chapter ids by manga id.
    Grouped(BTreeMap<Uuid, Vec<Uuid>>),
}

impl ReadMarkers {
    /// Every read chapter id, whichever the shape.
    pub fn chapter_ids(&self) -> Vec<Uuid> {
        match self {
            ReadMarkers::Ids(ids) => ids.clone(),
            ReadMarkers::Grouped(map) => map.values().flatten().copied().collect(),
        }
    }

    /// The read chapter ids of one manga (grouped shape only).
    pub fn for_manga(&self, manga: &Uuid) -> Option<&[Uuid]> {
        match self {
            ReadMarkers::Grouped(map) => map.get(manga).map(Vec::as_slice),
            ReadMarkers::Ids(_) => None,
        }
    }
}

/// Body of `POST /manga/{id}/read` (`ChapterReadMarkerBatch`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChapterReadMarkerBatch {
    /// Chapters to mark read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chapter_ids_read: Vec<Uuid>,
    /// Chapters to mark unread.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chapter_ids_unread: Vec<Uuid>,
}

/// `GET /user/history`: the reading history.
///
/// The spec names the list `ratings` (sic); `data` and `history` are accepted as well.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingHistoryResponse {
    /// The entries, most recent first.
    #[serde(
        rename = "ratings",
        alias = "data",
        alias = "history",
        default,
        deserialize_with = "super::de::null_as_default"
    )]
    pub entries: Vec<ReadingHistoryEntry>,
}

/// One entry of the reading history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadingHistoryEntry {
    /// The chapter read.
    pub chapter_id: Uuid,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub read_date: OffsetDateTime,
}
