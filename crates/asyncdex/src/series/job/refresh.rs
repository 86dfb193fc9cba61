//! [`SeriesJob::refresh`]: the series planned from the library's copy of their metadata and
//! with work, planned again with metadata fetched now.

use std::path::PathBuf;
use std::sync::Mutex;

use super::inputs::Input;
use super::plan_one::plan_one;
use super::{SeriesJob, lock};
use crate::error::Result;
use crate::model::Chapter;
use crate::series::plan::{PlannedSeries, SeriesOptions};
use crate::series::source;
use crate::series::store::{SeriesRecord, Store};

impl SeriesJob {
    /// Plans again, with metadata fetched now (one `GET /manga` per 100), the series that were
    /// planned from the library's copy and have chapters to fetch: names and ComicInfo come
    /// from what MangaDex says today. A series MangaDex no longer knows keeps its copy.
    pub(super) async fn refresh(
        &self,
        store: Option<&Mutex<Store>>,
        records: &[SeriesRecord],
        folders: &mut Vec<PathBuf>,
        series: &mut [PlannedSeries],
        stale: Vec<(usize, (Vec<Chapter>, SeriesOptions))>,
    ) -> Result<()> {
        if stale.is_empty() {
            return Ok(());
        }
        let ids = stale.iter().map(|(index, _)| series[*index].info.id);
        let fresh = source::manga(&self.client, ids.collect::<Vec<_>>()).await?;
        for (index, (chapters, options)) in stale {
            if let Some(manga) = fresh.iter().find(|m| m.id == series[index].info.id) {
                let input = Input::fetched(manga, chapters, options);
                series[index] = plan_one(store.map(lock).as_deref(), records, folders, input)?;
            }
        }
        Ok(())
    }
}
