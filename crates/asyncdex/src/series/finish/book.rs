//! [`Book`]: what is still to be settled, per series and per shared archive.

use std::collections::HashMap;
use std::path::PathBuf;

use super::own_target::place_own;
use super::recording::done;
use super::shared::write_shared;
use crate::error::Result;
use crate::series::plan::Plan;
use crate::series::run::{Fetched, Runner, SeriesSummary, Slot, own_target};

/// A shared archive waiting for its chapters.
#[derive(Default)]
struct Pending {
    left: usize,
    done: Vec<(Slot, Fetched)>,
}

/// What is still to be settled: per series, per shared archive.
pub(in crate::series) struct Book {
    left: Vec<usize>,
    failed: Vec<usize>,
    archives: HashMap<PathBuf, Pending>,
}

impl Book {
    pub(in crate::series) fn new(plan: &Plan) -> Self {
        let mut archives: HashMap<PathBuf, Pending> = HashMap::new();
        for series in &plan.series {
            for chapter in &series.chapters {
                if !own_target(series.options.format, chapter) {
                    archives.entry(chapter.target.clone()).or_default().left += 1;
                }
            }
        }
        Self {
            left: plan.series.iter().map(|s| s.chapters.len()).collect(),
            failed: vec![0; plan.series.len()],
            archives,
        }
    }

    /// A chapter is fetched: in place now, or held for its archive.
    pub(in crate::series) async fn fetched(
        &mut self,
        runner: &Runner<'_>,
        summary: &mut SeriesSummary,
        slot: Slot,
        fetched: Fetched,
    ) -> Result<()> {
        let (series, chapter) = runner.chapter(slot);
        if own_target(series.options.format, chapter) {
            place_own(runner, series, chapter, &fetched).await?;
            done(runner, summary, slot, &fetched)?;
        } else if let Some(pending) = self.archives.get_mut(&chapter.target) {
            pending.done.push((slot, fetched));
        }
        Ok(())
    }

    pub(in crate::series) fn failed(&mut self, slot: Slot) {
        self.failed[slot.series] += 1;
    }

    /// A chapter is settled (either way): writes its archive when it was the last one.
    pub(in crate::series) async fn settled(
        &mut self,
        runner: &Runner<'_>,
        summary: &mut SeriesSummary,
        slot: Slot,
    ) -> Result<()> {
        self.left[slot.series] -= 1;
        let (_, chapter) = runner.chapter(slot);
        let Some(pending) = self.archives.get_mut(&chapter.target) else {
            return Ok(());
        };
        pending.left -= 1;
        if pending.left > 0 {
            return Ok(());
        }
        let target = chapter.target.clone();
        let done = std::mem::take(&mut pending.done);
        if !done.is_empty() {
            write_shared(runner, summary, &target, done).await?;
        }
        Ok(())
    }

    /// Every chapter of the series is in place.
    pub(in crate::series) fn series_complete(&self, series: usize) -> bool {
        self.left[series] == 0 && self.failed[series] == 0
    }
}
