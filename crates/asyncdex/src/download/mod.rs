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
//! Files: `out_dir/<chapter id>/NNN.ext`, `NNN` the page number from 1, zero-padded to at
//! least three digits, `ext` the extension of the file on MangaDex@Home. While a download
//! runs, it holds an OS lock on `.asyncdex-download.lock` in the chapter's directory (removed
//! when it ends): a second download of the chapter into that directory fails with
//! [`Error::is_locked`] instead of deleting the first one's half-written pages.
//!
//! Errors no retry can fix (an image URL that is not an http(s) URL, a page over the client's
//! body cap) end the download at once; everything else is retried, within the download's
//! [`deadline`](ChapterDownload::deadline).

mod cbz;
mod events;
pub(crate) mod fetch;
mod verify;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::StreamExt;
use uuid::Uuid;

pub(crate) use self::events::{Emitter, Progress};
use self::fetch::Seen;
use crate::client::MangadexClient;
use crate::error::{Error, Result, run_blocking};
use crate::model::at_home::is_on;
use crate::model::{AtHomeServer, ImageQuality};

pub use self::events::{DownloadEvent, DownloadEvents, Events};
pub use self::fetch::PendingReports;

pub use crate::report_url::{DEFAULT_REPORT_URL, check_report_url};

/// Whether this download's nodes may be reported to `report_url`. MangaDex's report hosts
/// hear only of nodes that MangaDex's API handed out: the nodes of another API (a mirror, a
/// test server) are none of their business.
fn may_report(client: &MangadexClient, report_url: &str) -> bool {
    let host_of = |url: &str| {
        url.parse::<http::Uri>()
            .ok()
            .and_then(|uri| uri.host().map(str::to_owned))
    };
    let mangadex = |host: &str| is_on(host, "mangadex.org") || is_on(host, "mangadex.network");
    match host_of(report_url) {
        Some(report) if mangadex(&report) => {
            host_of(client.api_base()).is_some_and(|api| mangadex(&api))
        }
        Some(_) => true,
        None => false,
    }
}

/// How long a background report may take before it is given up.
pub const REPORT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a node's `baseUrl` is used before a new one is asked for (MangaDex gives it for
/// about 15 minutes).
const NODE_LIFETIME: Duration = Duration::from_secs(14 * 60);

/// How long a whole chapter download may take unless [`ChapterDownload::deadline`] says
/// otherwise: room for a long chapter of originals on a slow line, and an end for a download
/// that no node serves.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(10 * 60);

/// The lock file a running download holds in its chapter directory, removed when it ends.
const LOCK_FILE: &str = ".asyncdex-download.lock";

/// The longest backoff between two fetches of a page.
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// `GET /at-home/server/{chapter}`: the one place the download asks for a node (through the
/// stack, so under the route's 40-per-minute limit).
async fn at_home_server(client: &MangadexClient, chapter: Uuid) -> Result<AtHomeServer> {
    client.at_home().server(chapter).send().await
}

impl MangadexClient {
    /// Starts building a download of a chapter's pages; see [`crate::download`].
    pub fn download(&self, chapter: Uuid) -> ChapterDownload {
        ChapterDownload::new(self.clone(), chapter)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Cbz {
    No,
    Default,
    Path(PathBuf),
}

/// A chapter download being set up; [`run`](Self::run) it. From
/// [`MangadexClient::download`].
#[must_use = "a download does nothing until it is run"]
pub struct ChapterDownload {
    client: MangadexClient,
    chapter: Uuid,
    quality: ImageQuality,
    out_dir: PathBuf,
    dir: Option<PathBuf>,
    concurrency: usize,
    page_retries: u32,
    retry_backoff: Duration,
    page_timeout: Duration,
    deadline: Duration,
    node_failures: u32,
    node_switches: u32,
    cbz: Cbz,
    report_url: String,
    fsync: bool,
    emitter: Emitter<DownloadEvent>,
    reports: PendingReports,
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

    /// Original images (`data`, the default) or compressed ones (`data-saver`).
    pub fn quality(mut self, quality: ImageQuality) -> Self {
        self.quality = quality;
        self
    }

    /// The directory the chapter's directory (`<chapter id>/`) goes in (default: the current
    /// directory). Created when missing.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = dir.into();
        self
    }

    /// The directory the pages go in, exactly (default: `out_dir/<chapter id>`). Created
    /// when missing.
    pub fn dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dir = Some(dir.into());
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
    /// [`DEFAULT_DEADLINE`], 10 minutes). Past it the download fails with
    /// [`Error::is_timeout`]; the pages already on disk stay for the next run.
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

    /// Also pack the pages, in order, into `out_dir/<chapter id>.cbz` (default: no).
    pub fn cbz(mut self, cbz: bool) -> Self {
        self.cbz = if cbz { Cbz::Default } else { Cbz::No };
        self
    }

    /// Also pack the pages, in order, into a CBZ at this path.
    pub fn cbz_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.cbz = Cbz::Path(path.into());
        self
    }

    /// Where MD@Home reports are sent (default: the client's
    /// [`report_url`](MangadexClient::report_url), [`DEFAULT_REPORT_URL`] unless its builder
    /// said otherwise). It must pass [`check_report_url`], or [`run`](Self::run) fails before
    /// sending anything.
    pub fn report_url(mut self, url: impl Into<String>) -> Self {
        self.report_url = url.into();
        self
    }

    /// Whether every page (and the CBZ) is flushed to the disk before its rename (default
    /// no). Without it, a power cut can leave an empty page file, which the next run fetches
    /// again.
    pub fn fsync(mut self, fsync: bool) -> Self {
        self.fsync = fsync;
        self
    }

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
    /// [`DownloadSummary::reports`], but at hand even when the download fails, to
    /// [`flush`](PendingReports::flush) them before the program exits.
    pub fn reports(&self) -> PendingReports {
        self.reports.clone()
    }

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

    /// Resume: the pages already there and whole stay (which are done), half-written pages
    /// of a previous run go. Says so in the `Started` event and one `PageDone` per page kept.
    async fn resume(&self, pages: &[PageFile], base_url: &str) -> Result<Vec<bool>> {
        let mut done = vec![false; pages.len()];
        let mut on_disk = Vec::new();
        for (index, page) in pages.iter().enumerate() {
            remove_if_exists(&part_path(&page.path)).await?;
            if let Some(bytes) = verified_on_disk(page).await? {
                done[index] = true;
                on_disk.push((index, bytes));
            }
        }
        self.emitter.emit(DownloadEvent::Started {
            pages: pages.len(),
            on_disk: on_disk.len(),
            base_url: base_url.to_owned(),
        });
        for (index, bytes) in on_disk {
            self.emitter.emit(DownloadEvent::PageDone {
                index,
                bytes,
                cached: false,
                skipped: true,
            });
        }
        Ok(done)
    }

    /// Fetches the pages not `done`, a round per node, switching nodes as they fail. Returns
    /// what it did and the last node's answer.
    async fn fetch_pages(
        &self,
        pages: &[PageFile],
        mut done: Vec<bool>,
        mut server: AtHomeServer,
    ) -> Result<(Totals, AtHomeServer)> {
        let report = may_report(&self.client, &self.report_url);
        let mut attempts = vec![0u32; pages.len()];
        let mut totals = Totals::default();
        let mut failure_switches = 0u32;
        loop {
            let pending: Vec<usize> = (0..pages.len()).filter(|&i| !done[i]).collect();
            if pending.is_empty() {
                return Ok((totals, server));
            }
            let node = Node::new(&server, self.quality, report);
            let mut left = Vec::new();
            let mut used_up = false;
            for outcome in self.round(&node, pages, pending, &attempts).await? {
                attempts[outcome.index] = outcome.attempts;
                totals.retries += outcome.retries;
                match outcome.state {
                    PageState::Done { bytes } => {
                        done[outcome.index] = true;
                        totals.fetched += 1;
                        totals.bytes += bytes;
                    }
                    PageState::Left { error, used_up: u } => {
                        used_up |= u;
                        left.push((outcome.index, error));
                    }
                }
            }
            if left.is_empty() {
                return Ok((totals, server));
            }
            left.sort_by_key(|(index, _)| *index);
            if node.bad.load(Ordering::Acquire) || used_up {
                if failure_switches >= self.node_switches {
                    return Err(give_up(left));
                }
                failure_switches += 1;
            }
            // Every page left will be fetched again, on the next node.
            for (index, error) in left {
                if let Some(error) = error {
                    totals.retries += 1;
                    self.emitter.emit(DownloadEvent::Retry {
                        index,
                        attempt: attempts[index],
                        error: Arc::new(error),
                    });
                }
            }
            server = self.next_node(pages.len()).await?;
            totals.switches += 1;
        }
    }

    /// One pass over the `pending` pages on `node`, at most `concurrency` at a time.
    async fn round(
        &self,
        node: &Node,
        pages: &[PageFile],
        pending: Vec<usize>,
        attempts: &[u32],
    ) -> Result<Vec<Outcome>> {
        let round = Round {
            download: self,
            node,
            pages,
            reports: &self.reports,
        };
        let mut tasks = futures_util::stream::iter(pending)
            .map(|index| round.page(index, attempts[index]))
            .buffer_unordered(self.concurrency);
        let mut outcomes = Vec::new();
        while let Some(outcome) = tasks.next().await {
            outcomes.push(outcome?);
        }
        Ok(outcomes)
    }

    /// A new node for the chapter, which must still have `pages` pages.
    async fn next_node(&self, pages: usize) -> Result<AtHomeServer> {
        let next = at_home_server(&self.client, self.chapter).await?;
        let now = next.files(self.quality).len();
        if now != pages {
            return Err(Error::invalid(format!(
                "chapter {} changed during the download ({pages} pages, now {now}): start it again",
                self.chapter,
            )));
        }
        self.emitter.emit(DownloadEvent::NodeSwitched {
            base_url: next.base_url.clone(),
        });
        Ok(next)
    }

    /// Where the CBZ goes, when one was asked for.
    fn cbz_target(&self) -> Option<PathBuf> {
        match &self.cbz {
            Cbz::No => None,
            Cbz::Default => Some(self.out_dir.join(format!("{}.cbz", self.chapter))),
            Cbz::Path(path) => Some(path.clone()),
        }
    }

    /// Packs the pages, in order, into the CBZ when one was asked for.
    async fn pack(&self, pages: &[PageFile]) -> Result<Option<PathBuf>> {
        let Some(target) = self.cbz_target() else {
            return Ok(None);
        };
        let entries: Vec<(String, PathBuf)> = pages
            .iter()
            .map(|page| (page.name.clone(), page.path.clone()))
            .collect();
        let (file, fsync) = (target.clone(), self.fsync);
        let time = time::OffsetDateTime::now_utc();
        run_blocking(move || {
            cbz::write_cbz(&file, entries, time, fsync)
                .map_err(|error| Error::io("write", &file, error))
        })
        .await?;
        Ok(Some(target))
    }
}

/// Makes `file`'s folder and proves a file can be written there (a probe file, created and
/// removed), so a download whose archive could never be written fails before fetching a page.
async fn writable_file(file: &Path) -> Result<()> {
    let folder = match file.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_owned(),
        _ => PathBuf::from("."),
    };
    if tokio::fs::metadata(file)
        .await
        .is_ok_and(|meta| meta.is_dir())
    {
        return Err(Error::invalid(format!(
            "the CBZ path is a folder: {}",
            file.display()
        )));
    }
    tokio::fs::create_dir_all(&folder)
        .await
        .map_err(|error| Error::io("create", &folder, error))?;
    let probe = folder.join(format!(".asyncdex-write-check-{}", Uuid::new_v4()));
    tokio::fs::File::create(&probe)
        .await
        .map_err(|error| Error::io("write", file, error))?;
    // A probe left behind is harmless; the check already succeeded.
    let _ = tokio::fs::remove_file(&probe).await;
    Ok(())
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
    /// Failed fetches that were tried again (the number of [`DownloadEvent::Retry`]).
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
struct Totals {
    fetched: usize,
    bytes: u64,
    retries: u32,
    switches: u32,
}

/// One page's final name and path, and its file name on the image node.
#[derive(Debug)]
struct PageFile {
    name: String,
    path: PathBuf,
    remote: String,
}

/// The lock of a chapter directory: an OS lock on a file in it, released (and the file
/// removed) when the download ends. The OS drops the lock of a killed process, so a stale
/// file never blocks a later run.
#[derive(Debug)]
struct ChapterLock {
    path: PathBuf,
    _file: std::fs::File,
}

impl ChapterLock {
    fn take(dir: &Path) -> Result<Self> {
        let path = dir.join(LOCK_FILE);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|error| Error::io("create", &path, error))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { path, _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::locked(&path)),
            Err(std::fs::TryLockError::Error(error)) => Err(Error::io("lock", &path, error)),
        }
    }
}

impl Drop for ChapterLock {
    fn drop(&mut self) {
        // Removed while still locked: a run that opened it meanwhile fails its own try (the
        // lock is on the open file), and the directory is left as clean as it was found.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Whether another try cannot help: the image URL is not one (the node's address or a file
/// name), or the page is larger than the client's body cap.
fn is_permanent(error: &Error) -> bool {
    error.is_invalid_input() || error.is_body_too_large()
}

/// The size of a page already on disk, when it passes the same check as a fetched page
/// ([`verify::check_page`]); a damaged one is removed so that it is fetched again.
async fn verified_on_disk(page: &PageFile) -> Result<Option<u64>> {
    let bytes = match tokio::fs::read(&page.path).await {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(Error::io("read", &page.path, error)),
    };
    match verify::check_page(&page.remote, &bytes) {
        Ok(()) => Ok(Some(bytes.len() as u64)),
        Err(damage) => {
            tracing::warn!(path = %page.path.display(), %damage, "damaged page on disk: fetching it again");
            remove_if_exists(&page.path).await?;
            Ok(None)
        }
    }
}

/// `001.png`, `002.png` ...: the page number from 1, zero-padded to at least 3 digits (more
/// for a chapter of 1000 pages or more), and the extension of the file on the node when it is
/// a plain one.
fn page_files(dir: &Path, files: &[String]) -> Vec<PageFile> {
    let width = files.len().to_string().len().max(3);
    files
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let ext = file
                .rsplit_once('.')
                .map(|(_, ext)| ext)
                .filter(|ext| {
                    !ext.is_empty()
                        && ext.len() <= 8
                        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
                })
                .map(|ext| format!(".{}", ext.to_ascii_lowercase()))
                .unwrap_or_default();
            let name = format!("{:0width$}{ext}", index + 1);
            let path = dir.join(&name);
            PageFile {
                name,
                path,
                remote: file.clone(),
            }
        })
        .collect()
}

/// `name.part`, beside `name`.
fn part_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

async fn remove_if_exists(path: &Path) -> Result<()> {
    match tokio::fs::remove_file(path).await {
        Err(error) if error.kind() != io::ErrorKind::NotFound => {
            Err(Error::io("remove", path, error))
        }
        _ => Ok(()),
    }
}

/// Writes `name.part`, then renames it to `name`: a page is whole under its final name or
/// not there at all.
pub(crate) async fn write_page(path: &Path, data: Bytes, fsync: bool) -> Result<()> {
    let target = path.to_owned();
    run_blocking(move || {
        let part = part_path(&target);
        let result = (|| {
            use std::io::Write;
            let mut file = std::fs::File::create(&part)?;
            file.write_all(&data)?;
            if fsync {
                file.sync_all()?;
            }
            drop(file);
            std::fs::rename(&part, &target)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&part);
        }
        result.map_err(|error| Error::io("write", &target, error))
    })
    .await
}

/// The node of one round, and how it is doing.
struct Node {
    urls: Vec<String>,
    report: bool,
    since: Instant,
    failures: AtomicU32,
    bad: AtomicBool,
}

impl Node {
    fn new(server: &AtHomeServer, quality: ImageQuality, may_report: bool) -> Self {
        Self {
            urls: server.page_urls(quality).collect(),
            report: may_report && server.should_report(),
            since: Instant::now(),
            failures: AtomicU32::new(0),
            bad: AtomicBool::new(false),
        }
    }

    /// Whether pages should stop being fetched here.
    fn stop(&self) -> bool {
        self.bad.load(Ordering::Acquire) || self.since.elapsed() >= NODE_LIFETIME
    }
}

/// One pass over the pages not yet done, on one node.
struct Round<'r> {
    download: &'r ChapterDownload,
    node: &'r Node,
    pages: &'r [PageFile],
    reports: &'r PendingReports,
}

struct Outcome {
    index: usize,
    /// Failed fetches of the page so far, all rounds.
    attempts: u32,
    /// `Retry` events sent in this round.
    retries: u32,
    state: PageState,
}

enum PageState {
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
    async fn page(&self, index: usize, mut attempts: u32) -> Result<Outcome> {
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

/// The error of a download that no node could finish: the first page's last error.
fn give_up(left: Vec<(usize, Option<Error>)>) -> Error {
    let pages = left.len();
    left.into_iter()
        .find_map(|(_, error)| error)
        .unwrap_or_else(|| {
            Error::transport(
                None,
                io::Error::other(format!("no image node could serve {pages} page(s)")),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_download_future_is_send() {
        fn send<T: Send>(_: &T) {}
        let client = MangadexClient::new().unwrap();
        let download = client.download(Uuid::nil());
        send(&download);
        send(&download.run());
    }

    #[test]
    fn page_names_are_padded_and_keep_plain_extensions() {
        let dir = Path::new("out");
        let files: Vec<String> = ["x1-abc.png", "x2-def.JPG", "x3", "x4.p/ng", "x5.a..b"]
            .iter()
            .map(|name| (*name).to_owned())
            .collect();
        let names: Vec<String> = page_files(dir, &files)
            .into_iter()
            .map(|page| page.name)
            .collect();
        assert_eq!(names, ["001.png", "002.jpg", "003", "004", "005.b"]);
        let many: Vec<String> = (0..1200).map(|i| format!("{i}.png")).collect();
        let pages = page_files(dir, &many);
        assert_eq!(pages[0].name, "0001.png");
        assert_eq!(pages[1199].path, dir.join("1200.png"));
        assert_eq!(part_path(&dir.join("001.png")), dir.join("001.png.part"));
    }
}
