//! Reading statuses of the user's library (`/manga/status`, `/manga/{id}/status`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::enums::ReadingStatus;

/// `GET /manga/status`: `{"result":"ok","statuses":{mangaId: status}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingStatusesResponse {
    /// Status by manga id (`[]` from the API decodes as empty).
    #[serde(default, deserialize_with = "super::de::lenient_map")]
    pub statuses: BTreeMap<Uuid, ReadingStatus>,
}

/// `GET /manga/{id}/status`: `{"result":"ok","status":"reading"}` (`null` when none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MangaReadingStatusResponse {
    /// The status, `None` when the manga is not in the library.
    #[serde(default)]
    pub status: Option<ReadingStatus>,
}

/// Body of `POST /manga/{id}/status` (`UpdateMangaStatus`): `None` removes the status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateMangaStatus {
    /// The new status; serialized as `null` to remove it.
    pub status: Option<ReadingStatus>,
}
