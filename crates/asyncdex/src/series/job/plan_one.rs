//! The plan of one series from its input.

use std::path::PathBuf;

use super::inputs::Input;
use crate::error::Result;
use crate::series::plan::PlannedSeries;
use crate::series::planner::{self, SeriesInput};
use crate::series::select::SkipReason;
use crate::series::store::{SeriesRecord, Store};

/// The plan of one series from its input: choose, name, and skip what its rating excludes.
pub(super) fn plan_one(
    store: Option<&Store>,
    records: &[SeriesRecord],
    folders: &mut Vec<PathBuf>,
    input: Input,
) -> Result<PlannedSeries> {
    let Input {
        info,
        mut chapters,
        options,
        ..
    } = input;
    let held = match store {
        Some(store) => store.chapters_of(info.id)?,
        None => Vec::new(),
    };
    let rating = info.content_rating.clone();
    let allowed = options.filters.content_ratings.contains(&rating);
    let folder = match records.iter().find(|r| r.manga == info.id) {
        Some(record) => record.folder.clone(),
        None => {
            let folder = planner::series_folder(&info, &options, folders);
            folders.push(folder.clone());
            folder
        }
    };
    let rejected = if allowed {
        Vec::new()
    } else {
        std::mem::take(&mut chapters)
    };
    let mut planned = planner::plan_series(
        SeriesInput {
            info,
            chapters,
            options,
            held,
        },
        folder,
    );
    let why = format!("content rating {rating} not wanted");
    planned.skipped.extend(
        rejected
            .iter()
            .map(|c| planner::skipped_entry(c, SkipReason::Filtered { why: why.clone() })),
    );
    Ok(planned)
}
