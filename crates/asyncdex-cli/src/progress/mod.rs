//! Progress of a series download: on a terminal, one overall bar and one line per chapter
//! being fetched; otherwise plain lines on stderr; `--json`, one event object per line on
//! stdout; `--quiet`, nothing.

mod eta;
mod json;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use asyncdex::download::DownloadEvent;
use asyncdex::series::SeriesEvent;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use uuid::Uuid;

use self::eta::{eta, human};
use self::json::to_json;
use crate::output;

/// Where progress goes.
#[derive(Clone)]
pub(crate) struct SeriesProgress {
    inner: Arc<Inner>,
}

enum Mode {
    Bars(Bars),
    Lines,
    Json,
    Quiet,
}

struct Bars {
    multi: MultiProgress,
    overall: ProgressBar,
    chapters: Mutex<HashMap<Uuid, ProgressBar>>,
}

struct Inner {
    mode: Mode,
    labels: Mutex<HashMap<Uuid, String>>,
    started: std::time::Instant,
    total: Mutex<(usize, usize)>,
}

impl SeriesProgress {
    pub(crate) fn new(json: bool, quiet: bool) -> Self {
        let mode = if json {
            Mode::Json
        } else if quiet {
            Mode::Quiet
        } else if std::io::stderr().is_terminal() {
            Mode::Bars(Bars::new())
        } else {
            Mode::Lines
        };
        Self {
            inner: Arc::new(Inner {
                mode,
                labels: Mutex::new(HashMap::new()),
                started: std::time::Instant::now(),
                total: Mutex::new((0, 0)),
            }),
        }
    }

    /// Shows one event.
    pub(crate) fn event(&self, event: &SeriesEvent) {
        match &self.inner.mode {
            Mode::Json => {
                if let Some(value) = to_json(event) {
                    let _ = output::json(&value);
                }
            }
            Mode::Quiet => {}
            Mode::Lines => {
                if let Some(line) = self.line(event) {
                    output::note(&line);
                }
            }
            Mode::Bars(bars) => self.bars(bars, event),
        }
    }

    /// Clears the bars (the run ended or was interrupted).
    pub(crate) fn abandon(&self) {
        if let Mode::Bars(bars) = &self.inner.mode {
            for bar in lock(&bars.chapters).values() {
                bar.finish_and_clear();
            }
            bars.overall.abandon();
        }
    }

    fn label(&self, chapter: Uuid) -> String {
        lock(&self.inner.labels)
            .get(&chapter)
            .cloned()
            .unwrap_or_else(|| chapter.to_string()[..8].to_owned())
    }

    /// The line for an event when not on a terminal; `None` for the small ones.
    fn line(&self, event: &SeriesEvent) -> Option<String> {
        match event {
            SeriesEvent::Started {
                chapters,
                pages,
                skipped,
                ..
            } => {
                *lock(&self.inner.total) = (*chapters, 0);
                Some(format!(
                    "{chapters} chapter(s) to fetch ({pages} pages), {skipped} left out"
                ))
            }
            SeriesEvent::ChapterStarted {
                chapter,
                label,
                pages,
                ..
            } => {
                lock(&self.inner.labels).insert(*chapter, output::excerpt(label, output::ECHO_MAX));
                Some(format!(
                    "{}: {pages} pages",
                    output::excerpt(label, output::ECHO_MAX)
                ))
            }
            SeriesEvent::Chapter {
                chapter,
                event: DownloadEvent::NodeSwitched { .. },
                ..
            } => Some(format!(
                "{}: switched to another image server",
                self.label(*chapter)
            )),
            SeriesEvent::ChapterDone {
                chapter,
                path,
                pages,
                ..
            } => {
                let done = self.count_done();
                Some(format!(
                    "{}: done, {pages} pages -> {} [{done}]",
                    self.label(*chapter),
                    output::clean(&path.display().to_string())
                ))
            }
            SeriesEvent::ChapterFailed { chapter, error, .. } => Some(format!(
                "{}: failed: {}",
                self.label(*chapter),
                output::excerpt(&error.to_string(), output::LINE_MAX)
            )),
            SeriesEvent::ArchiveWritten { path, chapters, .. } => Some(format!(
                "wrote {} ({chapters} chapters)",
                output::clean(&path.display().to_string())
            )),
            _ => None,
        }
    }

    /// `3/10, ETA 2 min`.
    fn count_done(&self) -> String {
        let mut total = lock(&self.inner.total);
        total.1 += 1;
        let (all, done) = *total;
        let eta = eta(all, done, self.inner.started.elapsed());
        format!("{done}/{all}, ETA {}", human(eta))
    }

    fn bars(&self, bars: &Bars, event: &SeriesEvent) {
        match event {
            SeriesEvent::Started { chapters, .. } => {
                *lock(&self.inner.total) = (*chapters, 0);
                bars.overall.set_length(*chapters as u64);
            }
            SeriesEvent::ChapterStarted {
                chapter,
                label,
                pages,
                ..
            } => {
                let bar = bars
                    .multi
                    .insert_before(&bars.overall, ProgressBar::new(u64::from(*pages)));
                bar.set_style(style("  {prefix:30!} [{bar:25}] {pos}/{len} pages {msg}"));
                bar.set_prefix(output::excerpt(label, output::ECHO_MAX));
                lock(&self.inner.labels).insert(*chapter, output::excerpt(label, output::ECHO_MAX));
                lock(&bars.chapters).insert(*chapter, bar);
            }
            SeriesEvent::Chapter { chapter, event, .. } => {
                if let Some(bar) = lock(&bars.chapters).get(chapter) {
                    match event {
                        DownloadEvent::Started { pages, .. } => bar.set_length(*pages as u64),
                        DownloadEvent::PageDone { .. } => bar.inc(1),
                        DownloadEvent::NodeSwitched { .. } => bar.set_message("(new image server)"),
                        _ => {}
                    }
                }
            }
            SeriesEvent::ChapterDone { chapter, .. }
            | SeriesEvent::ChapterFailed { chapter, .. } => {
                if let Some(bar) = lock(&bars.chapters).remove(chapter) {
                    bar.finish_and_clear();
                }
                if let SeriesEvent::ChapterFailed { error, .. } = event {
                    bars.multi.suspend(|| {
                        output::note(&format!(
                            "{}: failed: {}",
                            self.label(*chapter),
                            output::excerpt(&error.to_string(), output::LINE_MAX)
                        ))
                    });
                }
                let done = self.count_done();
                bars.overall.inc(1);
                bars.overall.set_message(done);
            }
            _ => {}
        }
    }
}

impl Bars {
    fn new() -> Self {
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let overall = multi.add(ProgressBar::new(0));
        overall.set_style(style("{prefix:32} [{bar:25}] {pos}/{len} chapters  {msg}"));
        overall.set_prefix("library");
        overall.enable_steady_tick(Duration::from_millis(250));
        Self {
            multi,
            overall,
            chapters: Mutex::new(HashMap::new()),
        }
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .map(|style| style.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl std::fmt::Debug for SeriesProgress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SeriesProgress").finish_non_exhaustive()
    }
}
