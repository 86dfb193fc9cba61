//! What is new since the last sync: the store's watermarks of the followed feed and of each
//! series, and the chapters seen at them.

use std::collections::BTreeMap;
use std::sync::Mutex;

use uuid::Uuid;

use super::followed::Followed;
use super::{SeriesJob, lock};
use crate::error::Result;
use crate::model::{Chapter, Manga};
use crate::series::plan::SeriesOptions;
use crate::series::source::{self, FeedQuery};
use crate::series::store::{SeriesRecord, Store};

/// The store's watermark key for the followed feed.
pub(crate) const FOLLOWED_MARK: &str = "followed";

/// The store's watermark key for one series' feed.
pub(crate) fn series_mark(manga: Uuid) -> String {
    format!("manga:{manga}")
}

/// The store's key that marks a chapter seen at the followed feed's watermark.
pub(crate) fn seen_key(chapter: Uuid) -> String {
    format!("seen:{chapter}")
}

impl SeriesJob {
    /// For a sync with `followed`: the followed feed since its watermark (all of it for a
    /// full sync), without the chapters the library already knows.
    pub(super) async fn new_followed(
        &self,
        store: &Mutex<Store>,
        records: &[SeriesRecord],
    ) -> Result<Followed> {
        if !self.followed {
            return Ok(Followed::default());
        }
        let since = if self.full {
            None
        } else {
            lock(store).mark(FOLLOWED_MARK)?
        };
        let mut followed = self.followed_chapters(since, records).await?;
        forget_known(&lock(store), &mut followed.by_manga)?;
        Ok(followed)
    }

    /// The chapters of a listed series published since its watermark, when its newest
    /// chapter changed (its whole feed for a full sync); nothing, without a request, when
    /// it did not.
    pub(super) async fn new_in_feed(
        &self,
        store: &Mutex<Store>,
        manga: &Manga,
        record: &SeriesRecord,
        options: &SeriesOptions,
    ) -> Result<Vec<Chapter>> {
        let changed = manga.attributes.latest_uploaded_chapter != record.latest_uploaded_chapter;
        if !self.full && !changed {
            return Ok(Vec::new());
        }
        let since = if self.full {
            None
        } else {
            lock(store).mark(&series_mark(manga.id))?
        };
        let query = FeedQuery {
            languages: options.filters.languages.clone(),
            since,
        };
        source::manga_feed(&self.client, manga.id, &query).await
    }
}

/// Drops the chapters the library already knows: recorded, or seen at the last watermark.
/// The feed is asked from the watermark on (inclusive, so nothing published in that same
/// second is missed), so the chapters at the watermark come again: without this, a library
/// with nothing new would still fetch their series' metadata.
fn forget_known(store: &Store, followed: &mut BTreeMap<Uuid, Vec<Chapter>>) -> Result<()> {
    for chapters in followed.values_mut() {
        let mut kept = Vec::with_capacity(chapters.len());
        for chapter in chapters.drain(..) {
            let known = store.chapter(chapter.id)?.is_some()
                || store.mark(&seen_key(chapter.id))?.is_some();
            if !known {
                kept.push(chapter);
            }
        }
        *chapters = kept;
    }
    followed.retain(|_, chapters| !chapters.is_empty());
    Ok(())
}
