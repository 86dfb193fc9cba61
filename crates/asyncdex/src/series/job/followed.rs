//! The followed feed: its chapters by manga, its series, and their options.

use std::collections::BTreeMap;

use time::OffsetDateTime;
use uuid::Uuid;

use super::SeriesJob;
use super::inputs::{Inputs, options_of};
use crate::error::Result;
use crate::model::Chapter;
use crate::series::plan::SeriesOptions;
use crate::series::source;
use crate::series::store::SeriesRecord;

impl SeriesJob {
    /// The followed feed since `since`, by manga, and the newest publication time in it.
    /// Asks in every language any series of the library wants.
    pub(super) async fn followed_chapters(
        &self,
        since: Option<OffsetDateTime>,
        records: &[SeriesRecord],
    ) -> Result<Followed> {
        let mut query = self.feed_query(since);
        let wanted = records.iter().map(|r| options_of(r).filters.languages);
        for languages in wanted {
            if languages.is_empty() || query.languages.is_empty() {
                query.languages.clear();
                break;
            }
            for language in languages {
                if !query.languages.contains(&language) {
                    query.languages.push(language);
                }
            }
        }
        let chapters = source::followed_feed(&self.client, &query).await?;
        let newest = chapters.iter().map(|c| c.attributes.publish_at).max();
        let at_mark = chapters
            .iter()
            .filter(|c| Some(c.attributes.publish_at) == newest)
            .map(|c| c.id)
            .collect();
        Ok(Followed {
            by_manga: source::by_manga(chapters),
            mark: newest.or(since),
            at_mark,
        })
    }

    /// Every manga of the followed feed.
    pub(super) async fn followed_series(&self, records: &[SeriesRecord]) -> Result<Inputs> {
        let Followed {
            by_manga,
            mark,
            at_mark,
        } = self.followed_chapters(None, records).await?;
        let ids = by_manga.keys().copied().collect();
        let series = self
            .inputs(ids, by_manga, records, |id| {
                self.followed_options(records, id)
            })
            .await?;
        Ok(Inputs {
            series,
            followed_mark: mark,
            followed_seen: at_mark,
        })
    }

    /// The options of a series of the followed feed: the library's, or this job's for a
    /// series new to it; marked as followed either way.
    pub(super) fn followed_options(&self, records: &[SeriesRecord], manga: Uuid) -> SeriesOptions {
        let mut options = records
            .iter()
            .find(|r| r.manga == manga)
            .map_or_else(|| self.options.clone(), options_of);
        options.followed = true;
        options
    }
}

/// The followed feed by manga, its newest publication time, and the chapters at that time.
#[derive(Default)]
pub(super) struct Followed {
    pub(super) by_manga: BTreeMap<Uuid, Vec<Chapter>>,
    pub(super) mark: Option<OffsetDateTime>,
    pub(super) at_mark: Vec<Uuid>,
}
