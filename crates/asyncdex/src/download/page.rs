//! One page on one node: its fetches, retries and reports, and what came of them.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::fetch::{self, Seen};
use super::node::Node;
use super::page_files::{PageFile, write_page};
use super::{ChapterDownload, DownloadEvent, PendingReports};
use crate::error::{Error, Result};

/// The longest backoff between two fetches of a page.
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// One pass over the pages not yet done, on one node.
pub(super) struct Round<'r> {
    pub(super) download: &'r ChapterDownload,
    pub(super) node: &'r Node,
    pub(super) pages: &'r [PageFile],
    pub(super) reports: &'r PendingReports,
}

pub(super) struct Outcome {
    pub(super) index: usize,
    /// Failed fetches of the page so far, all rounds.
    pub(super) attempts: u32,
    /// `Retry` events sent in this round.
    pub(super) retries: u32,
    pub(super) state: PageState,
}

pub(super) enum PageState {
    Done {
        bytes: u64,
    },
    /// Not done on this node: the last error (none when no fetch was tried), and whether the
    /// page used up its retries.
    Left {
        error: Option<Error>,
        used_up: bool,
    },
}

impl Round<'_> {
    /// Fetches one page, with retries, on this round's node. `Err` only for what no node can
    /// fix: the disk, and [permanent](is_permanent) errors (then the download stops at once).
    pub(super) async fn page(&self, index: usize, mut attempts: u32) -> Result<Outcome> {
        let download = self.download;
        let url = &self.node.urls[index];
        let mut retries = 0;
        let mut last = None;
        for retry in 0..=download.page_retries {
            if retry > 0 {
                let backoff = download
                    .retry_backoff
                    .saturating_mul(1 << (retry - 1).min(16))
                    .min(MAX_BACKOFF);
                tokio::time::sleep(backoff).await;
            }
            if self.node.stop() {
                break;
            }
            let started = Instant::now();
            let mut seen = Seen::default();
            let result =
                fetch::fetch_image(&download.client, url, download.page_timeout, &mut seen).await;
            if self.node.report {
                let report = fetch::report(url, result.is_ok(), &seen, started);
                self.reports
                    .spawn(&download.client, &download.report_url, report);
            }
            match result {
                Ok(data) => {
                    self.node.failures.store(0, Ordering::Release);
                    let bytes = data.len() as u64;
                    write_page(&self.pages[index].path, data, download.fsync).await?;
                    download.emitter.emit(DownloadEvent::PageDone {
                        index,
                        bytes,
                        cached: seen.cached,
                        skipped: false,
                    });
                    return Ok(Outcome {
                        index,
                        attempts,
                        retries,
                        state: PageState::Done { bytes },
                    });
                }
                Err(error) if is_permanent(&error) => return Err(error),
                Err(error) => {
                    attempts += 1;
                    tracing::debug!(page = index + 1, url, %error, "page fetch failed");
                    let failures = self.node.failures.fetch_add(1, Ordering::AcqRel) + 1;
                    if failures >= download.node_failures {
                        self.node.bad.store(true, Ordering::Release);
                    }
                    if retry < download.page_retries && !self.node.stop() {
                        retries += 1;
                        download.emitter.emit(DownloadEvent::Retry {
                            index,
                            attempt: attempts,
                            error: Arc::new(error),
                        });
                    } else {
                        last = Some(error);
                        break;
                    }
                }
            }
        }
        let used_up = last.is_some() && !self.node.stop();
        Ok(Outcome {
            index,
            attempts,
            retries,
            state: PageState::Left {
                error: last,
                used_up,
            },
        })
    }
}

/// Whether another try cannot help: the image URL is not one (the node's address or a file
/// name), or the page is larger than the client's body cap.
fn is_permanent(error: &Error) -> bool {
    error.is_invalid_input() || error.is_body_too_large()
}
