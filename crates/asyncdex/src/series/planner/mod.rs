//! From feeds to a plan: metadata, the one-version rule, and the names of folders and files.

mod chapter_names;
mod chapter_views;
mod library;
mod series_info;
mod shared_archives;

use std::path::PathBuf;

use self::chapter_names::name_chapters;
use self::chapter_views::{candidate, held, planned};
use super::plan::{PlannedSeries, SeriesInfo, SeriesOptions};
use super::select::{self, Candidate, Held, Verdict};
use super::store::ChapterRecord;
use crate::model::Chapter;

pub(crate) use self::chapter_views::skipped_entry;
pub(crate) use self::library::{read_store, series_folder};
pub(crate) use self::series_info::series_info;

/// What a series' plan starts from.
pub(crate) struct SeriesInput {
    pub(crate) info: SeriesInfo,
    pub(crate) chapters: Vec<Chapter>,
    pub(crate) options: SeriesOptions,
    pub(crate) held: Vec<ChapterRecord>,
}

/// The plan of one series: choose, then name.
pub(crate) fn plan_series(input: SeriesInput, folder: PathBuf) -> PlannedSeries {
    let info = input.info;
    let options = input.options;
    let reset = info.numbers_reset_per_volume;
    let candidates: Vec<Candidate<'_>> = input.chapters.iter().map(candidate).collect();
    let held: Vec<Held> = input.held.iter().map(held).collect();
    let verdicts = select::select(
        &candidates,
        &held,
        &options.filters,
        options.all_groups,
        reset,
    );
    let newest_publish_at = input.chapters.iter().map(|c| c.attributes.publish_at).max();
    let mut chapters = Vec::new();
    let mut skipped = Vec::new();
    for (chapter, verdict) in input.chapters.iter().zip(verdicts) {
        match verdict {
            Verdict::Take => chapters.push(planned(chapter)),
            Verdict::Skip(reason) => skipped.push(skipped_entry(chapter, reason)),
        }
    }
    chapters.sort_by(|a, b| {
        select::compare_numbers(a.volume.as_deref(), b.volume.as_deref())
            .then_with(|| select::compare_numbers(a.chapter.as_deref(), b.chapter.as_deref()))
            .then_with(|| a.id.cmp(&b.id))
    });
    name_chapters(&info, &options, &folder, &input.held, &mut chapters);
    PlannedSeries {
        info,
        options,
        folder,
        chapters,
        skipped,
        newest_publish_at,
    }
}
