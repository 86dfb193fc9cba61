//! How a download fetches: image quality, concurrency, retries, timeouts, node switches and
//! where its MD@Home reports go.

use std::time::Duration;

use super::ChapterDownload;
use crate::model::ImageQuality;

impl ChapterDownload {
    /// Original images (`data`, the default) or compressed ones (`data-saver`).
    pub fn quality(mut self, quality: ImageQuality) -> Self {
        self.quality = quality;
        self
    }

    /// How many pages are fetched at the same time (default 4; at least 1).
    pub fn concurrency(mut self, pages: usize) -> Self {
        self.concurrency = pages;
        self
    }

    /// How many times a page is fetched again after a failure on one node (default 3; each
    /// new node gives every page not yet done this many again).
    pub fn page_retries(mut self, retries: u32) -> Self {
        self.page_retries = retries;
        self
    }

    /// The wait before the first retry of a page (default 250 ms); it doubles with each
    /// retry of that page, up to 10 s.
    pub fn retry_backoff(mut self, backoff: Duration) -> Self {
        self.retry_backoff = backoff;
        self
    }

    /// How long one image fetch, body included, may take (default 60 s). The client's own
    /// per-attempt timeout also applies: to the headers, then again to the body.
    pub fn page_timeout(mut self, timeout: Duration) -> Self {
        self.page_timeout = timeout;
        self
    }

    /// How long the whole download may take, node switches and retries included (default
    /// [`DEFAULT_DEADLINE`](super::DEFAULT_DEADLINE), 10 minutes). Past it the download fails with
    /// [`Error::is_timeout`](crate::Error::is_timeout); the pages already on disk stay for the next
    /// run.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// After this many failed fetches in a row (any pages), the node is given up and a new
    /// one asked for (default 6; at least 1).
    pub fn node_failures(mut self, failures: u32) -> Self {
        self.node_failures = failures;
        self
    }

    /// How many times a failing node may be replaced before the download gives up (default
    /// 3). Each switch is one `GET /at-home/server/{id}`, a route limited to 40 a minute.
    pub fn node_switches(mut self, switches: u32) -> Self {
        self.node_switches = switches;
        self
    }

    /// Where MD@Home reports are sent (default: the client's
    /// [`report_url`](crate::MangadexClient::report_url),
    /// [`DEFAULT_REPORT_URL`](super::DEFAULT_REPORT_URL) unless its builder said otherwise). It
    /// must pass [`check_report_url`](super::check_report_url), or [`run`](Self::run) fails before
    /// sending anything.
    pub fn report_url(mut self, url: impl Into<String>) -> Self {
        self.report_url = url.into();
        self
    }
}
