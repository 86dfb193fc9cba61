//! A series' start and end in a run: its record and cover first, its watermarks last.

use time::OffsetDateTime;

use super::runner::Runner;
use crate::error::{Error, Result};
use crate::series::events::SeriesEvent;
use crate::series::job::series_mark;
use crate::series::plan::PlannedSeries;
use crate::series::staging;
use crate::series::store::SeriesRecord;

impl Runner<'_> {
    /// Records the series (its folder and options) and writes its cover, before any chapter.
    pub(super) async fn begin_series(&self, series: &PlannedSeries) -> Result<()> {
        let known = self.with_store(|s| Ok(s.series_record(series.info.id)?))?;
        if known.is_none() {
            let record = SeriesRecord {
                manga: series.info.id,
                title: series.info.title.clone(),
                folder: series.folder.clone(),
                options: serde_json::to_value(&series.options).unwrap_or_default(),
                // Set once every chapter is in: a run cut short must be synced again.
                latest_uploaded_chapter: None,
                added_at: OffsetDateTime::now_utc(),
                info: None,
            };
            self.with_store(|s| Ok(s.record_series(&record)?))?;
        }
        if series.options.cover && !series.chapters.is_empty() {
            staging::series_cover(self, series).await?;
        }
        Ok(())
    }

    /// Marks a series up to date: its newest chapter and feed time, for the next sync.
    pub(in crate::series) fn series_done(&self, index: usize) -> Result<()> {
        let series = &self.plan().series[index];
        let mut record = self
            .with_store(|s| Ok(s.series_record(series.info.id)?))?
            .ok_or_else(|| Error::invalid("the series vanished from the library store"))?;
        record.latest_uploaded_chapter = series.info.latest_uploaded_chapter;
        record.options = serde_json::to_value(&series.options).unwrap_or_default();
        record.info = serde_json::to_value(&series.info).ok();
        self.with_store(|s| {
            s.record_series(&record)?;
            if let Some(newest) = series.newest_publish_at {
                s.set_mark(&series_mark(series.info.id), newest)?;
            }
            Ok(())
        })?;
        self.emit(SeriesEvent::SeriesDone {
            manga: series.info.id,
            title: series.info.title.clone(),
        });
        Ok(())
    }
}
