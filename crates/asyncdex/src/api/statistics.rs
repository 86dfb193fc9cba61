//! Statistics of manga, chapters and groups (spec tag `Statistics`, 6 operations):
//! `client.statistics()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//!
//! # async fn run(manga_id: uuid::Uuid) -> asyncdex::Result<()> {
//! let client = MangadexClient::new()?;
//! let stats = client.statistics().manga(manga_id).send().await?;
//! let manga = stats.get(&manga_id).expect("asked for");
//! println!("{} follows, rated {:?}", manga.follows, manga.rating.as_ref().map(|r| r.bayesian));
//! # Ok(())
//! # }
//! ```

use uuid::Uuid;

use super::call::{Call, endpoint};
use super::params::params;
use super::{Operation, StatisticsApi};
use crate::model::{ChapterStatistics, GroupStatistics, MangaStatistics, StatisticsResponse};

endpoint!(
    /// `GET /statistics/chapter/{uuid}`: statistics of one chapter.
    ChapterStatisticsRequest: Get STATISTICS_CHAPTER_UUID -> StatisticsResponse<ChapterStatistics>
);
endpoint!(
    /// `GET /statistics/chapter`: statistics of several chapters.
    ManyChapterStatistics: Get STATISTICS_CHAPTER -> StatisticsResponse<ChapterStatistics>
);
endpoint!(
    /// `GET /statistics/group/{uuid}`: statistics of one group.
    GroupStatisticsRequest: Get STATISTICS_GROUP_UUID -> StatisticsResponse<GroupStatistics>
);
endpoint!(
    /// `GET /statistics/group`: statistics of several groups.
    ManyGroupStatistics: Get STATISTICS_GROUP -> StatisticsResponse<GroupStatistics>
);
endpoint!(
    /// `GET /statistics/manga/{uuid}`: statistics of one manga (with the rating distribution).
    MangaStatisticsRequest: Get STATISTICS_MANGA_UUID -> StatisticsResponse<MangaStatistics>
);
endpoint!(
    /// `GET /statistics/manga`: statistics of several manga.
    ManyMangaStatistics: Get STATISTICS_MANGA -> StatisticsResponse<MangaStatistics>
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    ChapterStatisticsRequest::OPERATION,
    ManyChapterStatistics::OPERATION,
    GroupStatisticsRequest::OPERATION,
    ManyGroupStatistics::OPERATION,
    MangaStatisticsRequest::OPERATION,
    ManyMangaStatistics::OPERATION,
];

impl StatisticsApi<'_> {
    /// `GET /statistics/chapter/{uuid}`: statistics of one chapter.
    pub fn chapter(&self, id: Uuid) -> ChapterStatisticsRequest {
        let operation = ChapterStatisticsRequest::OPERATION;
        ChapterStatisticsRequest(Call::new(self.client, operation, &[&id]))
    }

    /// `GET /statistics/chapter`: statistics of several chapters (`chapter[]`, at most 100).
    pub fn chapters(&self, ids: impl IntoIterator<Item = Uuid>) -> ManyChapterStatistics {
        ManyChapterStatistics(Call::new(
            self.client,
            ManyChapterStatistics::OPERATION,
            &[],
        ))
        .chapter(ids)
    }

    /// `GET /statistics/group/{uuid}`: statistics of one group.
    pub fn group(&self, id: Uuid) -> GroupStatisticsRequest {
        let operation = GroupStatisticsRequest::OPERATION;
        GroupStatisticsRequest(Call::new(self.client, operation, &[&id]))
    }

    /// `GET /statistics/group`: statistics of several groups (`group[]`, at most 100).
    pub fn groups(&self, ids: impl IntoIterator<Item = Uuid>) -> ManyGroupStatistics {
        ManyGroupStatistics(Call::new(self.client, ManyGroupStatistics::OPERATION, &[])).group(ids)
    }

    /// `GET /statistics/manga/{uuid}`: statistics of one manga.
    pub fn manga(&self, id: Uuid) -> MangaStatisticsRequest {
        let operation = MangaStatisticsRequest::OPERATION;
        MangaStatisticsRequest(Call::new(self.client, operation, &[&id]))
    }

    /// `GET /statistics/manga`: statistics of several manga (`manga[]`, at most 100).
    pub fn manga_many(&self, ids: impl IntoIterator<Item = Uuid>) -> ManyMangaStatistics {
        ManyMangaStatistics(Call::new(self.client, ManyMangaStatistics::OPERATION, &[])).manga(ids)
    }
}

impl ManyChapterStatistics {
    params! {
        chapter(ids) => "chapter[]";
    }
}

impl ManyGroupStatistics {
    params! {
        group(ids) => "group[]";
    }
}

impl ManyMangaStatistics {
    params! {
        manga(ids) => "manga[]";
    }
}
