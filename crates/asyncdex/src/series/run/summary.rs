//! What a run did: [`SeriesSummary`], with the chapters that failed.

use std::path::PathBuf;
use std::sync::Arc;

use uuid::Uuid;

use crate::download::PendingReports;
use crate::error::Error;

/// A chapter that could not be fetched.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct FailedChapter {
    /// The chapter.
    pub id: Uuid,
    /// Why.
    pub error: Arc<Error>,
}

/// What a run did.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct SeriesSummary {
    /// Chapters now on disk and recorded.
    pub chapters: usize,
    /// Chapters that failed (the next run tries them again).
    pub failed: Vec<FailedChapter>,
    /// Pages of the chapters on disk.
    pub pages: usize,
    /// Pages fetched by this run (the others were already in the staging folder).
    pub fetched: usize,
    /// Bytes fetched by this run.
    pub bytes: u64,
    /// Chapters taken in compressed quality because the originals failed everywhere.
    pub data_saver_fallbacks: usize,
    /// Archives written (relative to the root).
    pub archives: Vec<PathBuf>,
    /// The MD@Home reports of this run, some perhaps still in flight.
    pub reports: PendingReports,
}
