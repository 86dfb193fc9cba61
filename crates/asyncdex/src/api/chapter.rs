//! Chapters (spec tag `Chapter`, 4 operations): `client.chapter()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::api::ChapterOrder;
//! use asyncdex::model::{Language, OrderDirection, ReferenceExpansion};
//!
//! # async fn run(manga_id: uuid::Uuid) -> asyncdex::Result<()> {
//! let client = MangadexClient::new()?;
//! let latest = client
//!     .chapter()
//!     .search()
//!     .manga(manga_id)
//!     .translated_language([Language::English])
//!     .includes([ReferenceExpansion::ScanlationGroup])
//!     .order(ChapterOrder::PublishAt, OrderDirection::Descending)
//!     .limit(5)
//!     .send()
//!     .await?;
//! for chapter in &latest.data {
//!     let groups: Vec<_> = chapter.groups().map(|(_, g)| g.name.as_str()).collect();
//!     println!("ch. {:?} by {groups:?}", chapter.attributes.chapter);
//! }
//! # Ok(())
//! # }
//! ```

use std::fmt::Display;

use uuid::Uuid;

use super::batch::batch;
use super::call::{Call, endpoint, fields};
use super::params::{chapter_filters, order_enum, params};
use super::{ChapterApi, Operation};
use crate::model::{
    Chapter, ChapterRequest, ContentRating, EntityResponse, Language, ReferenceExpansion, ResultOk,
};

order_enum! {
    /// A field of `order[...]` for the chapter lists (`GET /chapter` and the feeds).
    ChapterOrder {
        CreatedAt => "createdAt",
        UpdatedAt => "updatedAt",
        PublishAt => "publishAt",
        ReadableAt => "readableAt",
        Volume => "volume",
        Chapter => "chapter",
    }
}

endpoint!(
    /// `GET /chapter`: search chapters.
    SearchChapters: Get CHAPTER -> page Chapter, max 100
);
endpoint!(
    /// `GET /chapter/{id}`: one chapter.
    GetChapter: Get CHAPTER_ID -> EntityResponse<Chapter>
);
endpoint!(
    /// `PUT /chapter/{id}`: edit a chapter (`version` required).
    UpdateChapter: Put CHAPTER_ID -> EntityResponse<Chapter>, body ChapterRequest
);
endpoint!(
    /// `DELETE /chapter/{id}`: delete a chapter.
    DeleteChapter: Delete CHAPTER_ID -> ResultOk
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    SearchChapters::OPERATION,
    GetChapter::OPERATION,
    UpdateChapter::OPERATION,
    DeleteChapter::OPERATION,
];

impl ChapterApi<'_> {
    fn call(&self, operation: Operation, args: &[&dyn Display]) -> Call {
        Call::new(self.client, operation, args)
    }

    /// `GET /chapter`: search chapters (for one manga's chapters, see
    /// [`MangaApi::feed`](crate::api::MangaApi::feed)).
    pub fn search(&self) -> SearchChapters {
        SearchChapters(self.call(SearchChapters::OPERATION, &[]))
    }

    /// `GET /chapter/{id}`: one chapter.
    pub fn get(&self, id: Uuid) -> GetChapter {
        GetChapter(self.call(GetChapter::OPERATION, &[&id]))
    }

    /// `PUT /chapter/{id}`: edit a chapter at `version`; set the fields to change.
    pub fn update(&self, id: Uuid, version: u32) -> UpdateChapter {
        let body = ChapterRequest {
            version: Some(version),
            ..ChapterRequest::default()
        };
        UpdateChapter(self.call(UpdateChapter::OPERATION, &[&id]), body)
    }

    /// `DELETE /chapter/{id}`: delete a chapter.
    pub fn delete(&self, id: Uuid) -> DeleteChapter {
        DeleteChapter(self.call(DeleteChapter::OPERATION, &[&id]))
    }

    // Every content rating, so that no id is filtered out by the search's default.
    batch!(Chapter, SearchChapters, |search: SearchChapters| search
        .content_rating(ContentRating::KNOWN.iter().cloned()));
}

impl SearchChapters {
    chapter_filters!();
    params! {
        ids(ids) => "ids[]";
        title(text) => "title";
        groups(ids) => "groups[]";
        uploader(some Uuid) => "uploader";
        manga(id) => "manga";
        volume(texts) => "volume[]";
        chapter(some String) => "chapter";
        /// Spec 5.13.1 names this parameter `includes`, without brackets, for this operation
        /// only; it is sent as the spec writes it (`includes=manga&includes=user`).
        includes(list ReferenceExpansion) => "includes";
    }
}

impl GetChapter {
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}

impl UpdateChapter {
    fields! {
        title: String;
        volume: String;
        chapter: String;
        translated_language: Language;
        /// At most 10 groups.
        groups: Vec<Uuid>;
    }
}
