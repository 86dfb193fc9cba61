//! Settling a fetched (or failed) chapter: put in place, counted, and the series closed.

use std::sync::Arc;

use super::runner::{Fetched, Runner, Slot};
use super::summary::{FailedChapter, SeriesSummary};
use crate::error::Result;
use crate::series::events::SeriesEvent;
use crate::series::finish;

impl Runner<'_> {
    /// Puts a fetched chapter in place (or counts its failure), then any archive or series
    /// it completes.
    pub(super) async fn settle(
        &self,
        book: &mut finish::Book,
        summary: &mut SeriesSummary,
        slot: Slot,
        result: Result<Fetched>,
    ) -> Result<()> {
        let (_, chapter) = self.chapter(slot);
        match result {
            Ok(fetched) => book.fetched(self, summary, slot, fetched).await?,
            Err(error) if error.is_io() => return Err(error),
            Err(error) => {
                let error = Arc::new(error);
                self.emit(SeriesEvent::ChapterFailed {
                    chapter: chapter.id,
                    error: error.clone(),
                });
                summary.failed.push(FailedChapter {
                    id: chapter.id,
                    error,
                });
                book.failed(slot);
            }
        }
        book.settled(self, summary, slot).await?;
        if book.series_complete(slot.series) {
            self.series_done(slot.series)?;
        }
        Ok(())
    }
}
