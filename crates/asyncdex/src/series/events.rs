//! Progress of a series download: [`SeriesEvent`]s, as a stream or a callback.

use std::path::PathBuf;
use std::sync::Arc;

use uuid::Uuid;

use super::run::SeriesSummary;
use crate::download::{DownloadEvent, Events};
use crate::error::Error;

/// The events of a series download, as a [`Stream`](futures_util::Stream); from
/// [`PlanDownload::events`](super::PlanDownload::events).
pub type SeriesEvents = Events<SeriesEvent>;

/// What a series download is doing: everything a progress display needs.
///
/// Order: one `Started`; for each chapter `ChapterStarted`, its `Chapter` events (pages,
/// retries, node switches), then `ChapterDone` or `ChapterFailed`; chapters run side by side,
/// so their events interleave. `ArchiveWritten` follows the last chapter of a shared archive,
/// `SeriesDone` the last chapter of a series; one `Finished` ends a run that could go through
/// its plan (even when some chapters failed).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum SeriesEvent {
    /// The plan starts.
    #[non_exhaustive]
    Started {
        /// Series with chapters to fetch.
        series: usize,
        /// Chapters to fetch.
        chapters: usize,
        /// Pages to fetch, as the feeds said.
        pages: u64,
        /// Chapters left out by the plan.
        skipped: usize,
    },
    /// A chapter starts.
    #[non_exhaustive]
    ChapterStarted {
        /// Its manga.
        manga: Uuid,
        /// The chapter.
        chapter: Uuid,
        /// A short label (`Title v01 c003`).
        label: String,
        /// Its pages, as the feed said.
        pages: u32,
    },
    /// Something happened in a chapter's download.
    #[non_exhaustive]
    Chapter {
        /// The chapter.
        chapter: Uuid,
        /// What.
        event: DownloadEvent,
    },
    /// A chapter is on disk and recorded in the library.
    #[non_exhaustive]
    ChapterDone {
        /// The chapter.
        chapter: Uuid,
        /// Where, relative to the library's root (its folder, or the archive it is in).
        path: PathBuf,
        /// Its pages.
        pages: usize,
        /// Bytes fetched for it by this run.
        bytes: u64,
        /// The originals failed everywhere, so the compressed images were taken.
        data_saver: bool,
    },
    /// A chapter failed; the others go on, and the next run tries it again.
    #[non_exhaustive]
    ChapterFailed {
        /// The chapter.
        chapter: Uuid,
        /// Why.
        error: Arc<Error>,
    },
    /// An archive of several chapters (a volume, a series) was written.
    #[non_exhaustive]
    ArchiveWritten {
        /// The archive, relative to the root.
        path: PathBuf,
        /// Chapters in it.
        chapters: usize,
    },
    /// Every planned chapter of a series is on disk: the library marks it up to date.
    #[non_exhaustive]
    SeriesDone {
        /// The manga.
        manga: Uuid,
        /// Its title.
        title: String,
    },
    /// The run went through its plan.
    Finished(Box<SeriesSummary>),
}
