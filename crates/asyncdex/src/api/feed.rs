//! Chapter feeds (spec tag `Feed`, 2 operations): `client.feed()`. The feed of one manga is
//! [`MangaApi::feed`](crate::api::MangaApi::feed).
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::api::ChapterOrder;
//! use asyncdex::model::{Language, OrderDirection, ReferenceExpansion};
//! use futures_util::TryStreamExt;
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! // The latest chapters of every followed manga, 500 per request, read lazily.
//! let since = time::OffsetDateTime::now_utc() - time::Duration::days(7);
//! let mut feed = client
//!     .feed()
//!     .followed_manga()
//!     .translated_language([Language::English])
//!     .created_at_since(since)
//!     .includes([ReferenceExpansion::Manga])
//!     .order(ChapterOrder::CreatedAt, OrderDirection::Descending)
//!     .stream();
//! while let Some(chapter) = feed.try_next().await? {
//!     println!("{:?} ch. {:?}", chapter.manga().map(|m| m.title_in(&[])), chapter.attributes.chapter);
//! }
//! # Ok(())
//! # }
//! ```

use uuid::Uuid;

use super::call::{Call, endpoint};
use super::params::{chapter_filters, params};
use super::{FeedApi, Operation};
use crate::model::{Chapter, ReferenceExpansion};

endpoint!(
    /// `GET /user/follows/manga/feed`: the chapters of the followed manga (pages of up to 500).
    FollowedMangaFeed: Get USER_FOLLOWS_MANGA_FEED -> page Chapter, max 500
);
endpoint!(
    /// `GET /list/{id}/feed`: the chapters of a custom list's manga (pages of up to 500).
    ListFeed: Get LIST_ID_FEED -> page Chapter, max 500
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[FollowedMangaFeed::OPERATION, ListFeed::OPERATION];

impl FeedApi<'_> {
    /// `GET /user/follows/manga/feed`: the chapters of the followed manga.
    pub fn followed_manga(&self) -> FollowedMangaFeed {
        FollowedMangaFeed(Call::new(self.client, FollowedMangaFeed::OPERATION, &[]))
    }

    /// `GET /list/{id}/feed`: the chapters of a custom list's manga.
    pub fn list(&self, list: Uuid) -> ListFeed {
        ListFeed(Call::new(self.client, ListFeed::OPERATION, &[&list]))
    }
}

impl FollowedMangaFeed {
    chapter_filters!();
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}

impl ListFeed {
    chapter_filters!();
    params! {
        includes(list ReferenceExpansion) => "includes[]";
    }
}
