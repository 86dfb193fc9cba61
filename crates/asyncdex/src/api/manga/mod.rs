//! Manga (spec tag `Manga`, 21 operations): `client.manga()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::api::MangaOrder;
//! use asyncdex::model::{Language, OrderDirection, PublicationStatus, ReadingStatus, ReferenceExpansion};
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::builder().credentials("username", "password").build()?;
//! // Search, with reference expansion: authors and cover come with their attributes.
//! let found = client
//!     .manga()
//!     .search()
//!     .title("Frieren")
//!     .status([PublicationStatus::Ongoing])
//!     .available_translated_language([Language::English])
//!     .includes([ReferenceExpansion::Author, ReferenceExpansion::CoverArt])
//!     .order(MangaOrder::Relevance, OrderDirection::Descending)
//!     .send()
//!     .await?;
//! let manga = &found.data[0];
//! println!("{:?}: {:?}", manga.title_in(&[Language::English]), manga.cover_url());
//!
//! // Volumes and chapters at a glance, and the reading status.
//! let aggregate = client.manga().aggregate(manga.id).translated_language([Language::English]).send().await?;
//! println!("{} volumes", aggregate.volumes.len());
//! client.manga().set_status(manga.id, Some(ReadingStatus::Reading)).send().await?;
//! let status = client.manga().status(manga.id).send().await?.status;
//! assert_eq!(status, Some(ReadingStatus::Reading));
//! client.manga().follow(manga.id).send().await?;
//! # Ok(())
//! # }
//! ```

use std::fmt::Display;

use super::call::Call;
use super::{MangaApi, Operation};

mod chapters;
mod drafts;
mod edit;
mod library;
mod lookup;
mod recommendations;
mod relations;
mod search;

pub use self::chapters::{MangaAggregateRequest, MangaFeed};
pub use self::drafts::{CommitDraft, DraftOrder, Drafts, GetDraft};
pub use self::edit::{CreateManga, DeleteManga, UpdateManga};
pub use self::library::{
    FollowManga, GetReadingStatus, ReadingStatuses, SetReadingStatus, UnfollowManga,
};
pub use self::lookup::{GetManga, RandomManga, Tags};
pub use self::recommendations::{RecommendationOrder, Recommendations};
pub use self::relations::{CreateRelation, DeleteRelation, Relations};
pub use self::search::{MangaOrder, SearchManga};

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[
    SearchManga::OPERATION,
    CreateManga::OPERATION,
    MangaAggregateRequest::OPERATION,
    Recommendations::OPERATION,
    GetManga::OPERATION,
    UpdateManga::OPERATION,
    DeleteManga::OPERATION,
    MangaFeed::OPERATION,
    UnfollowManga::OPERATION,
    FollowManga::OPERATION,
    RandomManga::OPERATION,
    Tags::OPERATION,
    ReadingStatuses::OPERATION,
    GetReadingStatus::OPERATION,
    SetReadingStatus::OPERATION,
    GetDraft::OPERATION,
    CommitDraft::OPERATION,
    Drafts::OPERATION,
    Relations::OPERATION,
    CreateRelation::OPERATION,
    DeleteRelation::OPERATION,
];

impl MangaApi<'_> {
    fn call(&self, operation: Operation, args: &[&dyn Display]) -> Call {
        Call::new(self.client, operation, args)
    }
}
