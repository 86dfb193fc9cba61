//! The user's library: following a manga and its reading status.

use uuid::Uuid;

use crate::api::MangaApi;
use crate::api::call::endpoint;
use crate::api::params::params;
use crate::model::{
    MangaReadingStatusResponse, ReadingStatus, ReadingStatusesResponse, ResultOk, UpdateMangaStatus,
};

endpoint!(
    /// `DELETE /manga/{id}/follow`: unfollow a manga.
    UnfollowManga: Delete MANGA_ID_FOLLOW -> ResultOk
);

endpoint!(
    /// `POST /manga/{id}/follow`: follow a manga.
    FollowManga: Post MANGA_ID_FOLLOW -> ResultOk
);

endpoint!(
    /// `GET /manga/status`: the reading status of every manga in the user's library.
    ReadingStatuses: Get MANGA_STATUS -> ReadingStatusesResponse
);

endpoint!(
    /// `GET /manga/{id}/status`: the reading status of one manga.
    GetReadingStatus: Get MANGA_ID_STATUS -> MangaReadingStatusResponse
);

endpoint!(
    /// `POST /manga/{id}/status`: set (or, with `None`, remove) the reading status.
    SetReadingStatus: Post MANGA_ID_STATUS -> ResultOk, body UpdateMangaStatus
);

impl MangaApi<'_> {
    /// `DELETE /manga/{id}/follow`: unfollow a manga.
    pub fn unfollow(&self, id: Uuid) -> UnfollowManga {
        UnfollowManga(self.call(UnfollowManga::OPERATION, &[&id]))
    }

    /// `POST /manga/{id}/follow`: follow a manga.
    pub fn follow(&self, id: Uuid) -> FollowManga {
        FollowManga(self.call(FollowManga::OPERATION, &[&id]))
    }

    /// `GET /manga/status`: the reading status of every manga in the user's library.
    pub fn statuses(&self) -> ReadingStatuses {
        ReadingStatuses(self.call(ReadingStatuses::OPERATION, &[]))
    }

    /// `GET /manga/{id}/status`: the reading status of one manga (`None` when not in the
    /// library).
    pub fn status(&self, id: Uuid) -> GetReadingStatus {
        GetReadingStatus(self.call(GetReadingStatus::OPERATION, &[&id]))
    }

    /// `POST /manga/{id}/status`: set the reading status; `None` removes it.
    pub fn set_status(&self, id: Uuid, status: Option<ReadingStatus>) -> SetReadingStatus {
        let body = UpdateMangaStatus { status };
        SetReadingStatus(self.call(SetReadingStatus::OPERATION, &[&id]), body)
    }
}

impl ReadingStatuses {
    params! {
        /// Only the manga with this status.
        status(one ReadingStatus) => "status";
    }
}
