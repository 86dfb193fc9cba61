//! A chapter in a few words, for progress lines.

use crate::series::plan::{PlannedChapter, PlannedSeries};

/// `Title v01 c003`: a chapter in a few words, for progress lines.
pub(in crate::series) fn label(series: &PlannedSeries, chapter: &PlannedChapter) -> String {
    let mut label: String = series.info.title.chars().take(40).collect();
    if let Some(volume) = &chapter.volume {
        label.push_str(&format!(" v{volume}"));
    }
    match &chapter.chapter {
        Some(number) => label.push_str(&format!(" c{number}")),
        None => label.push_str(" oneshot"),
    }
    label
}
