//! The user's manga ratings (`/rating`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// `GET /rating`: `{"result":"ok","ratings":{mangaId: {rating, createdAt}}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingsResponse {
    /// Ratings by manga id (`[]` from the API decodes as empty).
    #[serde(default, deserialize_with = "super::de::lenient_map")]
    pub ratings: BTreeMap<Uuid, MangaRating>,
}

/// The user's rating of one manga.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MangaRating {
    /// The score, 1..=10.
    pub rating: u8,
    /// When it was given.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// Body of `POST /rating/{mangaId}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatingRequest {
    /// The score, 1..=10.
    pub rating: u8,
}
