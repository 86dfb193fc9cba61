//! The options of a [`PlanDownload`]: concurrency, report and upload URLs, fsync, progress.

use std::sync::Arc;

use super::download::PlanDownload;
#[cfg(doc)]
use crate::client::MangadexClient;
use crate::download::{PendingReports, Progress};
use crate::series::events::{SeriesEvent, SeriesEvents};

impl PlanDownload {
    /// How many chapters are fetched at the same time (default 3; at least 1). Each chapter
    /// costs one `GET /at-home/server/{id}`, a route limited to 40 a minute.
    pub fn concurrency(mut self, chapters: usize) -> Self {
        self.chapters = chapters;
        self
    }

    /// How many pages of a chapter are fetched at the same time (default 4; at least 1).
    pub fn page_concurrency(mut self, pages: usize) -> Self {
        self.pages = pages;
        self
    }

    /// Where MD@Home reports go (default: the client's
    /// [`report_url`](MangadexClient::report_url), [`DEFAULT_REPORT_URL`](crate::download::DEFAULT_REPORT_URL) unless its builder
    /// said otherwise).
    pub fn report_url(mut self, url: impl Into<String>) -> Self {
        self.report_url = url.into();
        self
    }

    /// The base of cover URLs (default: `/covers` on the client's
    /// [`uploads_url`](MangadexClient::uploads_url), which makes [`COVER_BASE_URL`](crate::model::COVER_BASE_URL) unless its
    /// builder said otherwise).
    pub fn uploads_url(mut self, url: impl Into<String>) -> Self {
        self.uploads_url = url.into();
        self
    }

    /// Flush every file to the disk before it gets its final name (default no).
    pub fn fsync(mut self, fsync: bool) -> Self {
        self.fsync = fsync;
        self
    }

    /// Calls `callback` with every event, on the download's task: keep it quick.
    pub fn progress(mut self, callback: impl Fn(&SeriesEvent) + Send + Sync + 'static) -> Self {
        let progress: Progress<SeriesEvent> = Arc::new(callback);
        self.emitter.progress = Some(progress);
        self
    }

    /// The events of this run as a stream, which ends with the run. Call it before
    /// [`run`](Self::run) and read it while the run goes (e.g. with `tokio::join!`).
    pub fn events(&mut self) -> SeriesEvents {
        self.emitter.subscribe()
    }

    /// The MD@Home reports of this run, to [`flush`](PendingReports::flush) before exiting.
    pub fn reports(&self) -> PendingReports {
        self.reports.clone()
    }
}
