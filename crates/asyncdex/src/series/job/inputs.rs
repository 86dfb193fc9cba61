//! What a plan is made from: each series with its metadata, feed and options, and where
//! those come from in the library's store.

use time::OffsetDateTime;
use uuid::Uuid;

use crate::model::{Chapter, Manga};
use crate::series::plan::{SeriesInfo, SeriesOptions};
use crate::series::planner;
use crate::series::store::SeriesRecord;

/// The options a series was downloaded with; the defaults when the store holds options this
/// version cannot read (written by a newer one), with a warning.
pub(crate) fn options_of(record: &SeriesRecord) -> SeriesOptions {
    serde_json::from_value(record.options.clone()).unwrap_or_else(|error| {
        tracing::warn!(manga = %record.manga, %error, "unreadable series options in the library store: using the defaults");
        SeriesOptions::default()
    })
}

/// The metadata a series was last downloaded with, if the library's store holds a copy this
/// version can read.
pub(super) fn stored_info(records: &[SeriesRecord], manga: Uuid) -> Option<SeriesInfo> {
    let record = records.iter().find(|r| r.manga == manga)?;
    serde_json::from_value(record.info.clone()?).ok()
}

/// One series to plan: its metadata, its feed and its options.
pub(super) struct Input {
    pub(super) info: SeriesInfo,
    /// The metadata is the library's copy, not asked of the API for this plan.
    pub(super) stored: bool,
    pub(super) chapters: Vec<Chapter>,
    pub(super) options: SeriesOptions,
}

impl Input {
    pub(super) fn fetched(manga: &Manga, chapters: Vec<Chapter>, options: SeriesOptions) -> Self {
        Self {
            info: planner::series_info(manga, &options),
            stored: false,
            chapters,
            options,
        }
    }
}

/// What the plan is made from: each series with its feed and options.
#[derive(Default)]
pub(super) struct Inputs {
    pub(super) series: Vec<Input>,
    pub(super) followed_mark: Option<OffsetDateTime>,
    pub(super) followed_seen: Vec<Uuid>,
}

impl Inputs {
    pub(super) fn single(input: Input) -> Self {
        Self {
            series: vec![input],
            ..Self::default()
        }
    }
}
