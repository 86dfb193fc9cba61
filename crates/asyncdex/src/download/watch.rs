//! Watching a download: a progress callback, a stream of its events, its MD@Home reports.

use std::sync::Arc;

use super::{ChapterDownload, DownloadEvent, DownloadEvents, PendingReports, Progress};

impl ChapterDownload {
    /// Calls `callback` with every event, on the download's task: keep it quick.
    pub fn progress(mut self, callback: impl Fn(&DownloadEvent) + Send + Sync + 'static) -> Self {
        let progress: Progress<DownloadEvent> = Arc::new(callback);
        self.emitter.progress = Some(progress);
        self
    }

    /// The events of this download as a stream, which ends with the download. Call it before
    /// [`run`](Self::run) and read the stream while the download runs (e.g. with
    /// `tokio::join!`); each call gives a stream with every event.
    pub fn events(&mut self) -> DownloadEvents {
        self.emitter.subscribe()
    }

    /// Counts this download's MD@Home reports in `reports` (shared with other downloads, so
    /// one flush waits for all of them).
    pub(crate) fn with_reports(mut self, reports: PendingReports) -> Self {
        self.reports = reports;
        self
    }

    /// The MD@Home reports this download will send; the same as
    /// [`DownloadSummary::reports`](super::DownloadSummary::reports), but at hand even when the
    /// download fails, to [`flush`](PendingReports::flush) them before the program exits.
    pub fn reports(&self) -> PendingReports {
        self.reports.clone()
    }
}
