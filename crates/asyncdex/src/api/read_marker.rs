//! Read markers and reading history (spec tag `ReadMarker`, 4 operations):
//! `client.read_markers()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//!
//! # async fn run(manga_id: uuid::Uuid, chapter_id: uuid::Uuid) -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! client.read_markers().mark_read(manga_id).read([chapter_id]).update_history(true).send().await?;
//! let read = client.read_markers().get(manga_id).send().await?;
//! assert!(read.data.contains(&chapter_id));
//! # Ok(())
//! # }
//! ```

use uuid::Uuid;

use super::call::{Call, endpoint};
use super::params::params;
use super::{Operation, ReadMarkerApi};
use crate::model::{
    ChapterReadMarkerBatch, MangaReadMarkers, ReadMarkersResponse, ReadingHistoryResponse, ResultOk,
};

endpoint!(
    /// `GET /manga/{id}/read`: the read chapters of a manga.
    GetReadMarkers: Get MANGA_ID_READ -> MangaReadMarkers
);
endpoint!(
    /// `POST /manga/{id}/read`: mark chapters of a manga read or unread.
    MarkRead: Post MANGA_ID_READ -> ResultOk, body ChapterReadMarkerBatch
);
endpoint!(
    /// `GET /manga/read`: the read chapters of several manga.
    GetManyReadMarkers: Get MANGA_READ -> ReadMarkersResponse
);
endpoint!(
    /// `GET /user/history`: the reading history.
    ReadingHistory: Get USER_HISTORY -> ReadingHistoryResponse
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    GetReadMarkers::OPERATION,
    MarkRead::OPERATION,
    GetManyReadMarkers::OPERATION,
    ReadingHistory::OPERATION,
];

impl ReadMarkerApi<'_> {
    /// `GET /manga/{id}/read`: the read chapters of a manga.
    pub fn get(&self, manga: Uuid) -> GetReadMarkers {
        GetReadMarkers(Call::new(self.client, GetReadMarkers::OPERATION, &[&manga]))
    }

    /// `POST /manga/{id}/read`: mark chapters of `manga` read (`read`) or unread (`unread`).
    pub fn mark_read(&self, manga: Uuid) -> MarkRead {
        let call = Call::new(self.client, MarkRead::OPERATION, &[&manga]);
        MarkRead(call, ChapterReadMarkerBatch::default())
    }

    /// `GET /manga/read`: the read chapters of several manga (`ids[]`, at most 100).
    pub fn get_many(&self, manga: impl IntoIterator<Item = Uuid>) -> GetManyReadMarkers {
        GetManyReadMarkers(Call::new(self.client, GetManyReadMarkers::OPERATION, &[])).ids(manga)
    }

    /// `GET /user/history`: the reading history.
    pub fn history(&self) -> ReadingHistory {
        ReadingHistory(Call::new(self.client, ReadingHistory::OPERATION, &[]))
    }
}

impl MarkRead {
    params! {
        /// Whether the change goes into the reading history.
        update_history(flag) => "updateHistory";
    }

    /// Chapters to mark read (`chapterIdsRead`).
    pub fn read(mut self, chapters: impl IntoIterator<Item = Uuid>) -> Self {
        self.1.chapter_ids_read = chapters.into_iter().collect();
        self
    }

    /// Chapters to mark unread (`chapterIdsUnread`).
    pub fn unread(mut self, chapters: impl IntoIterator<Item = Uuid>) -> Self {
        self.1.chapter_ids_unread = chapters.into_iter().collect();
        self
    }
}

impl GetManyReadMarkers {
    params! {
        ids(ids) => "ids[]";
        /// `true`: the chapter ids grouped by manga.
        grouped(flag) => "grouped";
    }
}
