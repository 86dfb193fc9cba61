//! Recording a chapter once it is in place, counting it and telling the listeners.

use crate::error::Result;
use crate::series::events::SeriesEvent;
use crate::series::run::{Fetched, Runner, SeriesSummary, Slot, record};

/// Records a chapter and says so.
pub(super) fn done(
    runner: &Runner<'_>,
    summary: &mut SeriesSummary,
    slot: Slot,
    fetched: &Fetched,
) -> Result<()> {
    let (series, chapter) = runner.chapter(slot);
    let record = record(series, chapter, &fetched.summary);
    runner.with_store(|s| Ok(s.record_chapter(&record)?))?;
    announce(runner, summary, slot, fetched);
    Ok(())
}

/// Counts a recorded chapter and tells the listeners.
pub(super) fn announce(
    runner: &Runner<'_>,
    summary: &mut SeriesSummary,
    slot: Slot,
    fetched: &Fetched,
) {
    let chapter = runner.chapter(slot).1;
    count(summary, fetched);
    runner.emit(SeriesEvent::ChapterDone {
        chapter: chapter.id,
        path: chapter.target.clone(),
        pages: fetched.summary.pages,
        bytes: fetched.summary.bytes,
        data_saver: fetched.data_saver,
    });
}

pub(super) fn count(summary: &mut SeriesSummary, fetched: &Fetched) {
    summary.chapters += 1;
    summary.pages += fetched.summary.pages;
    summary.fetched += fetched.summary.fetched;
    summary.bytes += fetched.summary.bytes;
    summary.data_saver_fallbacks += usize::from(fetched.data_saver);
}
