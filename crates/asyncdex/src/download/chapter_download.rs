//! [`ChapterDownload`]: a chapter download being set up, and where one comes from.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use uuid::Uuid;

use super::{DEFAULT_DEADLINE, DownloadEvent, Emitter, PendingReports};
use crate::client::MangadexClient;
use crate::model::ImageQuality;

impl MangadexClient {
    /// Starts building a download of a chapter's pages; see [`crate::download`].
    pub fn download(&self, chapter: Uuid) -> ChapterDownload {
        ChapterDownload::new(self.clone(), chapter)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Cbz {
    No,
    Default,
    Path(PathBuf),
}

/// A chapter download being set up; [`run`](Self::run) it. From
/// [`MangadexClient::download`].
#[must_use = "a download does nothing until it is run"]
pub struct ChapterDownload {
    pub(super) client: MangadexClient,
    pub(super) chapter: Uuid,
    pub(super) quality: ImageQuality,
    pub(super) out_dir: PathBuf,
    pub(super) dir: Option<PathBuf>,
    pub(super) concurrency: usize,
    pub(super) page_retries: u32,
    pub(super) retry_backoff: Duration,
    pub(super) page_timeout: Duration,
    pub(super) deadline: Duration,
    pub(super) node_failures: u32,
    pub(super) node_switches: u32,
    pub(super) cbz: Cbz,
    pub(super) report_url: String,
    pub(super) fsync: bool,
    pub(super) emitter: Emitter<DownloadEvent>,
    pub(super) reports: PendingReports,
}

impl ChapterDownload {
    fn new(client: MangadexClient, chapter: Uuid) -> Self {
        Self {
            report_url: client.report_url().to_owned(),
            client,
            chapter,
            quality: ImageQuality::Original,
            out_dir: PathBuf::from("."),
            dir: None,
            concurrency: 4,
            page_retries: 3,
            retry_backoff: Duration::from_millis(250),
            page_timeout: Duration::from_secs(60),
            deadline: DEFAULT_DEADLINE,
            node_failures: 6,
            node_switches: 3,
            cbz: Cbz::No,
            fsync: false,
            emitter: Emitter::default(),
            reports: PendingReports::default(),
        }
    }
}

impl fmt::Debug for ChapterDownload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ChapterDownload")
            .field("chapter", &self.chapter)
            .field("quality", &self.quality)
            .field("out_dir", &self.out_dir)
            .field("concurrency", &self.concurrency)
            .field("page_retries", &self.page_retries)
            .field("retry_backoff", &self.retry_backoff)
            .field("page_timeout", &self.page_timeout)
            .field("deadline", &self.deadline)
            .field("node_failures", &self.node_failures)
            .field("node_switches", &self.node_switches)
            .field("cbz", &self.cbz)
            .field("report_url", &self.report_url)
            .field("fsync", &self.fsync)
            .field("events", &self.emitter)
            .finish_non_exhaustive()
    }
}
