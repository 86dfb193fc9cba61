//! [`Progress`]: what the user sees while one chapter downloads, a bar on a terminal and
//! plain lines otherwise.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use asyncdex::Error;
use asyncdex::download::{DownloadEvent, DownloadSummary};
use indicatif::{ProgressBar, ProgressStyle};

use crate::error::network_cause;
use crate::output;

/// What the user sees while a chapter downloads: a bar on a terminal, lines otherwise.
#[derive(Clone)]
pub(super) struct Progress {
    inner: Arc<ProgressInner>,
}

struct ProgressInner {
    label: String,
    bar: Option<ProgressBar>,
    pages: AtomicUsize,
    done: AtomicUsize,
    bytes: AtomicU64,
    started: AtomicUsize,
}

impl Progress {
    pub(super) fn new(label: &str, terminal: bool) -> Self {
        let bar = terminal.then(|| {
            let bar = ProgressBar::new(0);
            let style = ProgressStyle::with_template(
                "{prefix} [{bar:30}] {pos}/{len} pages  {msg}  {elapsed}",
            )
            .map(|style| style.progress_chars("=> "))
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.set_prefix(label.to_owned());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Self {
            inner: Arc::new(ProgressInner {
                label: label.to_owned(),
                bar,
                pages: AtomicUsize::new(0),
                done: AtomicUsize::new(0),
                bytes: AtomicU64::new(0),
                started: AtomicUsize::new(0),
            }),
        }
    }

    pub(super) fn started(&self) -> bool {
        self.inner.started.load(Ordering::Acquire) > 0
    }

    /// A note: above the bar, or a line of its own.
    pub(super) fn note(&self, text: &str) {
        match &self.inner.bar {
            Some(bar) => bar.println(format!("{}: {text}", self.inner.label)),
            None => output::note(&format!("{}: {text}", self.inner.label)),
        }
    }

    pub(super) fn event(&self, event: &DownloadEvent) {
        let inner = &self.inner;
        match event {
            DownloadEvent::Started { pages, on_disk, .. } => {
                inner.started.store(1, Ordering::Release);
                inner.pages.store(*pages, Ordering::Release);
                match &inner.bar {
                    Some(bar) => bar.set_length(*pages as u64),
                    None if *on_disk > 0 => output::note(&format!(
                        "{}: {pages} pages, {on_disk} already on disk",
                        inner.label
                    )),
                    None => output::note(&format!("{}: {pages} pages", inner.label)),
                }
            }
            DownloadEvent::PageDone {
                index,
                bytes,
                skipped,
                ..
            } => {
                let done = inner.done.fetch_add(1, Ordering::AcqRel) + 1;
                let total = if *skipped {
                    inner.bytes.load(Ordering::Acquire)
                } else {
                    inner.bytes.fetch_add(*bytes, Ordering::AcqRel) + bytes
                };
                match &inner.bar {
                    Some(bar) => {
                        bar.inc(1);
                        bar.set_message(output::bytes(total));
                    }
                    None if !*skipped => output::note(&format!(
                        "{}: page {} done ({}), {done}/{} pages",
                        inner.label,
                        index + 1,
                        output::bytes(*bytes),
                        inner.pages.load(Ordering::Acquire)
                    )),
                    None => {}
                }
            }
            DownloadEvent::Retry {
                index,
                attempt,
                error,
                ..
            } => self.note(&format!(
                "page {} failed (attempt {attempt}: {}), retrying",
                index + 1,
                output::excerpt(&retry_cause(error), output::ECHO_MAX)
            )),
            DownloadEvent::NodeSwitched { base_url, .. } => {
                // The node's address comes from the server: shown made safe, and short.
                self.note(&format!(
                    "switched to another image server: {}",
                    output::excerpt(base_url, output::ECHO_MAX)
                ));
            }
            _ => {}
        }
    }

    pub(super) fn finish(&self, summary: &DownloadSummary) {
        let inner = &self.inner;
        let text = format!(
            "done: {} pages ({} fetched, {} already there)",
            summary.pages, summary.fetched, summary.skipped
        );
        match &inner.bar {
            Some(bar) => bar.finish_with_message(text),
            None => output::note(&format!("{}: {text}", inner.label)),
        }
    }

    pub(super) fn abandon(&self) {
        if let Some(bar) = &self.inner.bar {
            bar.abandon();
        }
    }
}

/// A retry's reason, short.
fn retry_cause(error: &Error) -> String {
    match error.status() {
        _ if error.is_transport() => network_cause(error),
        Some(status) if error.is_http() => status.to_string(),
        _ => error.to_string(),
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("label", &self.inner.label)
            .field("bar", &self.inner.bar.is_some())
            .finish_non_exhaustive()
    }
}
