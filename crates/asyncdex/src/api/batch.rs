//! Fetching many entities by id: chunks of 100 ids through an `ids[]` filter, a few chunks
//! at a time.

use std::collections::{HashMap, HashSet};
use std::future::Future;

use futures_util::{StreamExt, TryStreamExt, stream};
use uuid::Uuid;

use super::MAX_IDS;
use crate::error::Result;
use crate::model::{CollectionResponse, Entity};

/// How many chunks are in flight at once.
pub(crate) const CONCURRENCY: usize = 4;

/// Fetches the entities with these ids: each id once (duplicates dropped), in chunks of
/// [`MAX_IDS`], [`CONCURRENCY`] chunks at a time; the result follows the order of the first
/// occurrence of each id, and ids the server did not return are simply absent. The first
/// failed chunk fails the whole call.
pub(crate) async fn get_many<A, F, Fut>(
    ids: impl IntoIterator<Item = Uuid>,
    fetch: F,
) -> Result<Vec<Entity<A>>>
where
    F: FnMut(Vec<Uuid>) -> Fut,
    Fut: Future<Output = Result<CollectionResponse<Entity<A>>>>,
{
    let mut seen = HashSet::new();
    let unique: Vec<Uuid> = ids.into_iter().filter(|id| seen.insert(*id)).collect();
    let chunks: Vec<Vec<Uuid>> = unique.chunks(MAX_IDS).map(<[Uuid]>::to_vec).collect();
    let pages: Vec<CollectionResponse<Entity<A>>> = stream::iter(chunks)
        .map(fetch)
        .buffered(CONCURRENCY)
        .try_collect()
        .await?;
    let mut found: HashMap<Uuid, Entity<A>> = pages
        .into_iter()
        .flat_map(CollectionResponse::into_data)
        .map(|entity| (entity.id, entity))
        .collect();
    Ok(unique.iter().filter_map(|id| found.remove(id)).collect())
}

/// Declares `get_many` and `get_many_with` on a handle, over its search builder.
macro_rules! batch {
    ($item:ty, $search:ident $(, $configure:expr)?) => {
        /// Fetches these ids, 100 per request and 4 requests at a time (through the search
        /// endpoint's `ids[]` filter): each id once, results in the order of the input, ids
        /// that do not exist (or that the search filters out) simply absent.
        ///
        /// # Errors
        ///
        /// The first failed request.
        pub async fn get_many(
            &self,
            ids: impl IntoIterator<Item = ::uuid::Uuid>,
        ) -> $crate::Result<Vec<$item>> {
            self.get_many_with(ids, |search| search).await
        }

        /// As [`get_many`](Self::get_many), with `configure` applied to each chunk's search
        /// (e.g. to add `includes[]`).
        ///
        /// # Errors
        ///
        /// The first failed request.
        pub async fn get_many_with(
            &self,
            ids: impl IntoIterator<Item = ::uuid::Uuid>,
            configure: impl Fn($search) -> $search,
        ) -> $crate::Result<Vec<$item>> {
            $crate::api::batch::get_many(ids, |chunk| {
                let size = u32::try_from(chunk.len()).unwrap_or(100);
                let search = self.search().ids(chunk).limit(size);
                $( let search = ($configure)(search); )?
                configure(search).send()
            })
            .await
        }
    };
}

pub(crate) use batch;
