//! Progress: [`DownloadEvent`]s, as a [`Stream`] ([`DownloadEvents`]) or a callback.

use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::Stream;
use tokio::sync::mpsc;

use super::DownloadSummary;
use crate::error::Error;

/// What a chapter download is doing, for progress bars and logs.
///
/// Events of one download come in this order: one `Started`, then `PageDone`, `Retry` and
/// `NodeSwitched` as they happen (pages finish in any order), then one `Finished` when the
/// download succeeds. A download that fails ends without `Finished` (its
/// [`run`](super::ChapterDownload::run) returns the error).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum DownloadEvent {
    /// The at-home server answered: the chapter has `pages` pages, `on_disk` of them are
    /// already there (a resumed download) and will come as skipped [`PageDone`](Self::PageDone)s.
    #[non_exhaustive]
    Started {
        /// Pages in the chapter.
        pages: usize,
        /// Pages already on disk, not fetched again.
        on_disk: usize,
        /// The image node the download starts with.
        base_url: String,
    },
    /// A page is on disk.
    #[non_exhaustive]
    PageDone {
        /// The page's position in the chapter, from 0 (its file is numbered `index + 1`).
        index: usize,
        /// Its size in bytes.
        bytes: u64,
        /// The image node served it from its cache (`X-Cache: HIT...`).
        cached: bool,
        /// It was already on disk and was not fetched.
        skipped: bool,
    },
    /// A fetch of a page failed and the page will be fetched again: on the same node after a
    /// short backoff, or on the next one after a [`NodeSwitched`](Self::NodeSwitched).
    #[non_exhaustive]
    Retry {
        /// The page's position in the chapter, from 0.
        index: usize,
        /// How many fetches of this page have failed so far (1 for the first failure).
        attempt: u32,
        /// Why the fetch failed.
        error: Arc<Error>,
    },
    /// The image node kept failing (or its address expired): a new one was asked for with
    /// `GET /at-home/server/{id}` and the pages not yet done continue there.
    #[non_exhaustive]
    NodeSwitched {
        /// The new node.
        base_url: String,
    },
    /// Every page is on disk (and the CBZ written, when asked for).
    Finished(Box<DownloadSummary>),
}

/// The [`DownloadEvent`]s of one download, as a [`Stream`]; from
/// [`ChapterDownload::events`](super::ChapterDownload::events).
pub type DownloadEvents = Events<DownloadEvent>;

/// The events of one download (a chapter's, or a series'), as a [`Stream`].
///
/// The stream ends when the download ends (successfully or not). Events are buffered without
/// bound, so a slow reader never slows the download down.
pub struct Events<E> {
    receiver: mpsc::UnboundedReceiver<E>,
}

impl<E> Events<E> {
    /// The next event; `None` once the download has ended and every event was read.
    pub async fn recv(&mut self) -> Option<E> {
        self.receiver.recv().await
    }
}

impl<E> Stream for Events<E> {
    type Item = E;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<E>> {
        self.receiver.poll_recv(cx)
    }
}

impl<E> fmt::Debug for Events<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Events")
            .field("buffered", &self.receiver.len())
            .finish()
    }
}

/// A progress callback.
pub(crate) type Progress<E> = Arc<dyn Fn(&E) + Send + Sync>;

/// Where events go: the callback, then every stream.
pub(crate) struct Emitter<E> {
    pub(crate) progress: Option<Progress<E>>,
    pub(crate) streams: Vec<mpsc::UnboundedSender<E>>,
}

impl<E> Default for Emitter<E> {
    fn default() -> Self {
        Self {
            progress: None,
            streams: Vec::new(),
        }
    }
}

impl<E> Clone for Emitter<E> {
    fn clone(&self) -> Self {
        Self {
            progress: self.progress.clone(),
            streams: self.streams.clone(),
        }
    }
}

impl<E: Clone> Emitter<E> {
    pub(crate) fn emit(&self, event: E) {
        if let Some(progress) = &self.progress {
            progress(&event);
        }
        for stream in &self.streams {
            // A dropped stream only means nobody listens any more.
            let _ = stream.send(event.clone());
        }
    }

    /// A new stream of every event from now on.
    pub(crate) fn subscribe(&mut self) -> Events<E> {
        let (sender, receiver) = mpsc::unbounded_channel();
        self.streams.push(sender);
        Events { receiver }
    }
}

impl<E> fmt::Debug for Emitter<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emitter")
            .field("progress", &self.progress.is_some())
            .field("streams", &self.streams.len())
            .finish()
    }
}
