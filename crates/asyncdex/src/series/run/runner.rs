//! One run's state, [`Runner`], and its loop over the plan's chapters.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;

use super::download::PlanDownload;
use super::summary::SeriesSummary;
use crate::download::DownloadSummary;
use crate::error::Result;
use crate::series::events::SeriesEvent;
use crate::series::finish;
use crate::series::job::{FOLLOWED_MARK, seen_key};
use crate::series::plan::{Plan, PlannedChapter, PlannedSeries};
use crate::series::store::Store;

/// One run's state.
pub(in crate::series) struct Runner<'r> {
    pub(in crate::series) job: &'r PlanDownload,
    pub(in crate::series) store: Arc<Mutex<Store>>,
    pub(in crate::series) root: PathBuf,
}

/// A chapter's place in the plan.
#[derive(Clone, Copy, Debug)]
pub(in crate::series) struct Slot {
    pub(in crate::series) series: usize,
    pub(in crate::series) chapter: usize,
}

/// A fetched chapter, in its staging folder.
pub(in crate::series) struct Fetched {
    pub(in crate::series) summary: DownloadSummary,
    pub(in crate::series) data_saver: bool,
}

impl Runner<'_> {
    pub(in crate::series) fn plan(&self) -> &Plan {
        &self.job.plan
    }

    pub(in crate::series) fn chapter(&self, slot: Slot) -> (&PlannedSeries, &PlannedChapter) {
        let series = &self.plan().series[slot.series];
        (series, &series.chapters[slot.chapter])
    }

    pub(in crate::series) fn emit(&self, event: SeriesEvent) {
        self.job.emitter.emit(event);
    }

    pub(in crate::series) fn with_store<T>(
        &self,
        f: impl FnOnce(&Store) -> Result<T>,
    ) -> Result<T> {
        let store = self
            .store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&store)
    }

    pub(super) async fn run(&self) -> Result<SeriesSummary> {
        let plan = self.plan();
        self.emit(SeriesEvent::Started {
            series: plan
                .series
                .iter()
                .filter(|s| !s.chapters.is_empty())
                .count(),
            chapters: plan.chapter_count(),
            pages: plan.page_count(),
            skipped: plan.skipped_count(),
        });
        for (index, series) in plan.series.iter().enumerate() {
            self.begin_series(series).await?;
            if series.chapters.is_empty() {
                self.series_done(index)?;
            }
        }
        let mut book = finish::Book::new(plan);
        let mut summary = SeriesSummary {
            reports: self.job.reports.clone(),
            ..SeriesSummary::default()
        };
        // Collected first: a lazy iterator of closures over borrowed series, held across the
        // awaits below, would make this future impossible to prove `Send` (so no spawning it).
        let slots: Vec<Slot> = plan
            .series
            .iter()
            .enumerate()
            .flat_map(|(s, series)| {
                (0..series.chapters.len()).map(move |c| Slot {
                    series: s,
                    chapter: c,
                })
            })
            .collect();
        let mut fetches = futures_util::stream::iter(slots)
            .map(|slot| async move { (slot, self.fetch(slot).await) })
            .buffer_unordered(self.job.chapters);
        while let Some((slot, result)) = fetches.next().await {
            self.settle(&mut book, &mut summary, slot, result).await?;
        }
        if let Some(mark) = plan.followed_mark
            && summary.failed.is_empty()
        {
            self.with_store(|s| {
                for id in &plan.followed_seen {
                    s.set_mark(&seen_key(*id), mark)?;
                }
                Ok(s.set_mark(FOLLOWED_MARK, mark)?)
            })?;
        }
        self.emit(SeriesEvent::Finished(Box::new(summary.clone())));
        Ok(summary)
    }
}
