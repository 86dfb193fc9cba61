//! A manga's volumes and chapters: its aggregate and its feed.

use uuid::Uuid;

use crate::api::MangaApi;
use crate::api::call::endpoint;
use crate::api::params::{chapter_filters, params};
use crate::model::{Chapter, Language, MangaAggregate, ReferenceExpansion};

endpoint!(
    /// `GET /manga/{id}/aggregate`: volumes and chapters of a manga.
    MangaAggregateRequest: Get MANGA_ID_AGGREGATE -> MangaAggregate
);

endpoint!(
    /// `GET /manga/{id}/feed`: the chapters of a manga (pages of up to 500).
    MangaFeed: Get MANGA_ID_FEED -> page Chapter, max 500
);

impl MangaApi<'_> {
    /// `GET /manga/{id}/aggregate`: volumes and chapters of a manga.
    pub fn aggregate(&self, id: Uuid) -> MangaAggregateRequest {
        MangaAggregateRequest(self.call(MangaAggregateRequest::OPERATION, &[&id]))
    }

    /// `GET /manga/{id}/feed`: the chapters of a manga; `.stream()` reads them all, 500 per
    /// request.
    pub fn feed(&self, id: Uuid) -> MangaFeed {
        MangaFeed(self.call(MangaFeed::OPERATION, &[&id]))
    }
}

impl MangaAggregateRequest {
    params! {
        translated_language(list Language) => "translatedLanguage[]";
        groups(ids) => "groups[]";
        include_unavailable(bit) => "includeUnavailable";
    }
}

impl MangaFeed {
    chapter_filters!();
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}
