//! The inputs of one manga or of a custom list: their feeds, with the library's copy of
//! their metadata where it has one.

use std::collections::BTreeMap;

use time::OffsetDateTime;
use uuid::Uuid;

use super::SeriesJob;
use super::inputs::{Input, Inputs, stored_info};
use crate::error::{Error, Result};
use crate::model::Chapter;
use crate::series::plan::{SeriesInfo, SeriesOptions};
use crate::series::source::{self, FeedQuery};
use crate::series::store::SeriesRecord;

impl SeriesJob {
    pub(super) fn feed_query(&self, since: Option<OffsetDateTime>) -> FeedQuery {
        FeedQuery {
            languages: self.options.filters.languages.clone(),
            since,
        }
    }

    pub(super) async fn one_manga(&self, id: Uuid, records: &[SeriesRecord]) -> Result<Inputs> {
        if let Some(info) = stored_info(records, id) {
            let chapters = source::manga_feed(&self.client, id, &self.feed_query(None)).await?;
            return Ok(Inputs::single(Input {
                info,
                stored: true,
                chapters,
                options: self.options.clone(),
            }));
        }
        let manga = source::manga(&self.client, [id])
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| Error::invalid(format!("no manga {id} on MangaDex")))?;
        let chapters = source::manga_feed(&self.client, id, &self.feed_query(None)).await?;
        Ok(Inputs::single(Input::fetched(
            &manga,
            chapters,
            self.options.clone(),
        )))
    }

    pub(super) async fn list(&self, id: Uuid, records: &[SeriesRecord]) -> Result<Inputs> {
        let list = self.client.list().get(id).send().await?.data;
        let ids: Vec<Uuid> = list.manga_ids().collect();
        let chapters = source::list_feed(&self.client, id, &self.feed_query(None)).await?;
        let series = self
            .inputs(ids, source::by_manga(chapters), records, |_| {
                self.options.clone()
            })
            .await?;
        Ok(Inputs {
            series,
            ..Inputs::default()
        })
    }

    /// The inputs of the series `ids`, in that order, each with its chapters from `by_manga`:
    /// the library's copy of the metadata where it has one, the rest fetched (one
    /// `GET /manga` per 100). Ids MangaDex does not know are left out.
    pub(super) async fn inputs(
        &self,
        ids: Vec<Uuid>,
        mut by_manga: BTreeMap<Uuid, Vec<Chapter>>,
        records: &[SeriesRecord],
        options: impl Fn(Uuid) -> SeriesOptions,
    ) -> Result<Vec<Input>> {
        let mut stored: BTreeMap<Uuid, SeriesInfo> = ids
            .iter()
            .filter_map(|id| Some((*id, stored_info(records, *id)?)))
            .collect();
        let missing: Vec<Uuid> = ids
            .iter()
            .copied()
            .filter(|id| !stored.contains_key(id))
            .collect();
        let fetched = if missing.is_empty() {
            Vec::new()
        } else {
            source::manga(&self.client, missing).await?
        };
        let input = |id: Uuid| {
            let chapters = by_manga.remove(&id).unwrap_or_default();
            if let Some(info) = stored.remove(&id) {
                return Some(Input {
                    info,
                    stored: true,
                    chapters,
                    options: options(id),
                });
            }
            let manga = fetched.iter().find(|m| m.id == id)?;
            Some(Input::fetched(manga, chapters, options(id)))
        };
        Ok(ids.into_iter().filter_map(input).collect())
    }
}
