//! [`ChapterDownload::run`]: the steps of a download, within its deadline.

use super::archive::writable_file;
use super::lock::ChapterLock;
use super::node::at_home_server;
use super::page_files::page_files;
use super::{ChapterDownload, DownloadEvent, DownloadSummary, check_report_url};
use crate::error::{Error, Result};

impl ChapterDownload {
    /// Downloads the chapter.
    ///
    /// Dropping the future stops the download; a later run resumes it.
    ///
    /// # Errors
    ///
    /// [`Error::is_invalid_input`] for a concurrency or `node_failures` of 0, a report URL that
    /// fails [`check_report_url`], or when the chapter changed (its page count) during the
    /// download; the errors of `GET /at-home/server/{id}` (e.g. [`Error::is_http`] 404 for an
    /// unknown or external chapter, [`Error::is_ratelimit`] in `sleep_on_ratelimit(false)`
    /// mode); [`Error::is_locked`] while another download of the chapter into the same
    /// directory runs; at once, without a retry, an error no retry can fix (an image URL
    /// that is not one or not http(s): [`Error::is_invalid_input`]; a page over the client's
    /// body cap: [`Error::is_body_too_large`]); the last error of a page when no node could serve
    /// it; [`Error::is_timeout`]; [`Error::is_io`] when a file cannot be written.
    pub async fn run(self) -> Result<DownloadSummary> {
        let deadline = self.deadline;
        match tokio::time::timeout(deadline, self.run_within_deadline()).await {
            Ok(result) => result,
            Err(_) => Err(Error::deadline_exceeded(deadline)),
        }
    }

    async fn run_within_deadline(self) -> Result<DownloadSummary> {
        if self.concurrency == 0 {
            return Err(Error::invalid(
                "the download concurrency must be at least 1",
            ));
        }
        if self.node_failures == 0 {
            return Err(Error::invalid("node_failures must be at least 1"));
        }
        check_report_url(&self.report_url)?;
        if let Some(target) = self.cbz_target() {
            writable_file(&target).await?;
        }
        let server = at_home_server(&self.client, self.chapter).await?;
        let dir = self
            .dir
            .clone()
            .unwrap_or_else(|| self.out_dir.join(self.chapter.to_string()));
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(|error| Error::io("create", &dir, error))?;
        // Held until the download ends, however it ends: a second download of the chapter
        // into this directory would delete this one's half-written pages.
        let _lock = ChapterLock::take(&dir)?;
        let pages = page_files(&dir, server.files(self.quality));
        let done = self.resume(&pages, &server.base_url).await?;
        let skipped = done.iter().filter(|done| **done).count();
        let (totals, server) = self.fetch_pages(&pages, done, server).await?;
        let cbz = self.pack(&pages).await?;
        let summary = DownloadSummary {
            chapter: self.chapter,
            quality: self.quality,
            dir,
            pages: pages.len(),
            fetched: totals.fetched,
            skipped,
            bytes: totals.bytes,
            retries: totals.retries,
            node_switches: totals.switches,
            base_url: server.base_url,
            files: pages.into_iter().map(|page| page.path).collect(),
            cbz,
            reports: self.reports.clone(),
        };
        self.emitter
            .emit(DownloadEvent::Finished(Box::new(summary.clone())));
        Ok(summary)
    }
}
