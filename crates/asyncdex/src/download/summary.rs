//! What a download did: [`DownloadSummary`], and the counts a run keeps for it.

use std::path::PathBuf;

use uuid::Uuid;

use super::PendingReports;
use crate::model::ImageQuality;

/// What a finished download did.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct DownloadSummary {
    /// The chapter.
    pub chapter: Uuid,
    /// The quality downloaded.
    pub quality: ImageQuality,
    /// The chapter's directory, `out_dir/<chapter id>`.
    pub dir: PathBuf,
    /// Pages in the chapter.
    pub pages: usize,
    /// Pages fetched by this run.
    pub fetched: usize,
    /// Pages already on disk, not fetched again.
    pub skipped: usize,
    /// Bytes fetched by this run (page bodies).
    pub bytes: u64,
    /// Failed fetches that were tried again (the number of
    /// [`DownloadEvent::Retry`](super::DownloadEvent::Retry)).
    pub retries: u32,
    /// How many times a new node was asked for.
    pub node_switches: u32,
    /// The last node used.
    pub base_url: String,
    /// Every page's file, in page order.
    pub files: Vec<PathBuf>,
    /// The CBZ, when one was asked for.
    pub cbz: Option<PathBuf>,
    /// The MD@Home reports of this download, some perhaps still in flight.
    pub reports: PendingReports,
}

#[derive(Debug, Default)]
pub(super) struct Totals {
    pub(super) fetched: usize,
    pub(super) bytes: u64,
    pub(super) retries: u32,
    pub(super) switches: u32,
}
