//! Where a series download's chapters come from, and the API calls that fetch them: the
//! feeds (500 chapters a request) and the manga (100 a request).

use std::collections::BTreeMap;

use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::api::ChapterOrder;
use crate::client::MangadexClient;
use crate::error::Result;
use crate::model::{Chapter, ContentRating, Language, Manga, OrderDirection, ReferenceExpansion};

/// Where the chapters of a plan come from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Source {
    /// One manga's feed.
    Manga {
        /// The manga.
        id: Uuid,
    },
    /// The feed of a custom list's manga.
    List {
        /// The list.
        id: Uuid,
    },
    /// The feed of the manga the logged-in user follows.
    Followed,
    /// The series a library already holds (its store), for `sync`.
    Library,
}

/// Every rating: the feeds must not hide chapters before the series' own filters decide.
const EVERY_RATING: [ContentRating; 4] = [
    ContentRating::Safe,
    ContentRating::Suggestive,
    ContentRating::Erotica,
    ContentRating::Pornographic,
];

/// The expansions a feed needs: group and uploader names for choosing and naming.
const FEED_INCLUDES: [ReferenceExpansion; 2] = [
    ReferenceExpansion::ScanlationGroup,
    ReferenceExpansion::User,
];

/// What a feed request asks for besides its source.
#[derive(Clone, Debug, Default)]
pub(crate) struct FeedQuery {
    pub(crate) languages: Vec<Language>,
    pub(crate) since: Option<OffsetDateTime>,
}

macro_rules! feed_filters {
    ($call:expr, $query:expr) => {{
        let mut call = $call
            .translated_language($query.languages.iter().cloned())
            .content_rating(EVERY_RATING)
            .includes(FEED_INCLUDES)
            .order(ChapterOrder::Volume, OrderDirection::Ascending)
            .order(ChapterOrder::Chapter, OrderDirection::Ascending)
            .limit(500);
        if let Some(since) = $query.since {
            call = call.publish_at_since(since);
        }
        call.stream().try_collect::<Vec<Chapter>>().await
    }};
}

/// The chapters of one manga's feed.
pub(crate) async fn manga_feed(
    client: &MangadexClient,
    manga: Uuid,
    query: &FeedQuery,
) -> Result<Vec<Chapter>> {
    feed_filters!(client.manga().feed(manga), query)
}

/// The chapters of a custom list's feed.
pub(crate) async fn list_feed(
    client: &MangadexClient,
    list: Uuid,
    query: &FeedQuery,
) -> Result<Vec<Chapter>> {
    feed_filters!(client.feed().list(list), query)
}

/// The chapters of the followed manga.
pub(crate) async fn followed_feed(
    client: &MangadexClient,
    query: &FeedQuery,
) -> Result<Vec<Chapter>> {
    feed_filters!(client.feed().followed_manga(), query)
}

/// Manga by id with what naming and ComicInfo need (authors, artists, main cover), 100 a
/// request; in the order of the ids, unknown ids absent.
pub(crate) async fn manga(
    client: &MangadexClient,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<Vec<Manga>> {
    client
        .manga()
        .get_many_with(ids, |search| {
            search.content_rating(EVERY_RATING).includes([
                ReferenceExpansion::Author,
                ReferenceExpansion::Artist,
                ReferenceExpansion::CoverArt,
            ])
        })
        .await
}

/// The covers of a manga, by volume (`None`: no volume), for volume archives.
pub(crate) async fn volume_covers(
    client: &MangadexClient,
    manga: Uuid,
) -> Result<BTreeMap<String, String>> {
    let covers = client
        .cover()
        .search()
        .manga([manga])
        .limit(100)
        .stream()
        .try_collect::<Vec<_>>()
        .await?;
    Ok(covers
        .into_iter()
        .filter_map(|cover| Some((cover.attributes.volume?, cover.attributes.file_name)))
        .collect())
}

/// Chapters grouped by their manga (feeds of lists and follows mix series).
pub(crate) fn by_manga(chapters: Vec<Chapter>) -> BTreeMap<Uuid, Vec<Chapter>> {
    let mut grouped: BTreeMap<Uuid, Vec<Chapter>> = BTreeMap::new();
    for chapter in chapters {
        if let Some(manga) = chapter.manga_id() {
            grouped.entry(manga).or_default().push(chapter);
        }
    }
    grouped
}
