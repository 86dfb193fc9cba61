//! Whole-chapter downloads from MangaDex@Home: bounded concurrency, per-page retries, node
//! switches, resume, MD@Home reports in the background, optional CBZ.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::download::DownloadEvent;
//! use asyncdex::model::ImageQuality;
//! use futures_util::StreamExt;
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::new()?;
//! let chapter = "a54c491c-8e4c-4e97-8873-5b79e59da210".parse().unwrap();
//! let mut download = client
//!     .download(chapter)
//!     .quality(ImageQuality::DataSaver)
//!     .out_dir("manga") // pages go to manga/<chapter id>/001.jpg, 002.jpg ...
//!     .concurrency(4)
//!     .cbz(true); // and manga/<chapter id>.cbz
//! let mut events = download.events();
//! let (summary, ()) = tokio::join!(download.run(), async {
//!     while let Some(event) = events.next().await {
//!         if let DownloadEvent::PageDone { index, bytes, .. } = event {
//!             println!("page {} done ({bytes} bytes)", index + 1);
//!         }
//!     }
//! });
//! let summary = summary?;
//! println!("{} pages, {} fetched, {} retries", summary.pages, summary.fetched, summary.retries);
//! summary.reports.flush().await; // let the MD@Home reports out before the program exits
//! # Ok(())
//! # }
//! ```
//!
//! # How it works
//! 1. `GET /at-home/server/{chapter}` (through the client's stack, so under that route's
//!    40-per-minute limit) gives the node's `baseUrl`, the chapter hash and file names.
//! 2. Pages already on disk are skipped when they pass the page check (the SHA-256 that
//!    MangaDex puts in page file names, or else a whole image from signature to trailer);
//!    a damaged one is removed and fetched again. Leftover `*.part` files of an interrupted
//!    run are removed.
//! 3. The other pages are fetched, at most [`concurrency`](ChapterDownload::concurrency) at a
//!    time, each with up to [`page_retries`](ChapterDownload::page_retries) retries after a
//!    failure (transport error, timeout, error status, a body shorter than its
//!    `Content-Length` or empty, a content type that is not `image/*`, bytes that fail the
//!    page check), with a doubling backoff. A page is written to `NNN.ext.part`
//!    and renamed to `NNN.ext`, so an interrupted download never leaves half a page under a
//!    final name.
//! 4. When the node keeps failing ([`node_failures`](ChapterDownload::node_failures) failures
//!    in a row across all pages), or a page used up its retries on it, or its address is
//!    older than 14 minutes (MangaDex gives it for about 15), a new node is asked for and the
//!    pages not yet done continue there, up to [`node_switches`](ChapterDownload::node_switches)
//!    times.
//! 5. Every image fetch, successful or not, is reported to MD@Home when the node is not on
//!    `mangadex.org`: in a task of its own, never awaited by the download, without a token.
//!    MangaDex's report host hears only of nodes that MangaDex's API gave: with another API
//!    (a test server), nothing is reported unless [`report_url`](ChapterDownload::report_url)
//!    names another host.
//! 6. Optionally the pages are packed, in order, into a CBZ (a ZIP of stored entries).
//!
//! Files: `out_dir/<chapter id>/NNN.ext`, `NNN` the page number from 1, zero-padded to at least
//! three digits, `ext` the extension of the file on MangaDex@Home. While a download runs, it holds
//! an OS lock on `.asyncdex-download.lock` in the chapter's directory (removed when it ends): a
//! second download of the chapter into that directory fails with
//! [`Error::is_locked`](crate::Error::is_locked) instead of deleting the first one's half-written
//! pages.
//!
//! Errors no retry can fix (an image URL that is not an http(s) URL, a page over the client's
//! body cap) end the download at once; everything else is retried, within the download's
//! [`deadline`](ChapterDownload::deadline).

mod archive;
mod cbz;
mod chapter_download;
mod events;
pub(crate) mod fetch;
mod lock;
mod node;
mod options;
mod output;
mod page;
mod page_files;
mod resume;
mod rounds;
mod run;
mod summary;
#[cfg(test)]
mod tests;
mod verify;
mod watch;

use std::time::Duration;

pub use self::chapter_download::ChapterDownload;
pub use self::events::{DownloadEvent, DownloadEvents, Events};
pub(crate) use self::events::{Emitter, Progress};
pub use self::fetch::PendingReports;
pub(crate) use self::page_files::write_page;
pub use self::summary::DownloadSummary;

pub use crate::report_url::{DEFAULT_REPORT_URL, check_report_url};

/// How long a background report may take before it is given up.
pub const REPORT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a whole chapter download may take unless [`ChapterDownload::deadline`] says
/// otherwise: room for a long chapter of originals on a slow line, and an end for a download
/// that no node serves.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(10 * 60);
