//! Running a plan: fetch each chapter (the chapter download, into a staging folder), pack it
//! (a folder, or an archive), record it in the library's store.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use time::OffsetDateTime;
use uuid::Uuid;

use super::events::{SeriesEvent, SeriesEvents};
use super::job::{FOLLOWED_MARK, seen_key, series_mark};
use super::plan::{Format, Plan, PlannedChapter, PlannedSeries};
use super::store::{ChapterRecord, SeriesRecord, Store};
use super::{finish, staging};
use crate::client::MangadexClient;
use crate::download::{DownloadSummary, Emitter, PendingReports, Progress};
use crate::error::{Error, Result};
use crate::model::ImageQuality;

/// A plan being set up to run; from [`Plan::download`].
#[must_use = "a download does nothing until it is run"]
#[derive(Debug)]
pub struct PlanDownload {
    pub(super) client: MangadexClient,
    pub(super) plan: Plan,
    pub(super) chapters: usize,
    pub(super) pages: usize,
    pub(super) report_url: String,
    pub(super) uploads_url: String,
    pub(super) fsync: bool,
    pub(super) emitter: Emitter<SeriesEvent>,
    pub(super) reports: PendingReports,
}

impl Plan {
    /// Sets up running this plan with `client`.
    pub fn download(self, client: &MangadexClient) -> PlanDownload {
        PlanDownload {
            client: client.clone(),
            plan: self,
            chapters: 3,
            pages: 4,
            report_url: client.report_url().to_owned(),
            uploads_url: format!("{}/covers", client.uploads_url()),
            fsync: false,
            emitter: Emitter::default(),
            reports: PendingReports::default(),
        }
    }
}

/// A chapter that could not be fetched.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct FailedChapter {
    /// The chapter.
    pub id: Uuid,
    /// Why.
    pub error: Arc<Error>,
}

/// What a run did.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct SeriesSummary {
    /// Chapters now on disk and recorded.
    pub chapters: usize,
    /// Chapters that failed (the next run tries them again).
    pub failed: Vec<FailedChapter>,
    /// Pages of the chapters on disk.
    pub pages: usize,
    /// Pages fetched by this run (the others were already in the staging folder).
    pub fetched: usize,
    /// Bytes fetched by this run.
    pub bytes: u64,
    /// Chapters taken in compressed quality because the originals failed everywhere.
    pub data_saver_fallbacks: usize,
    /// Archives written (relative to the root).
    pub archives: Vec<PathBuf>,
    /// The MD@Home reports of this run, some perhaps still in flight.
    pub reports: PendingReports,
}

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

    /// Runs the plan. A chapter that fails does not stop the others: it is listed in
    /// [`SeriesSummary::failed`] and the next run tries it again. Dropping the future stops
    /// the run; pages already fetched wait in `root/.asyncdex/staging/` for the next one.
    ///
    /// # Errors
    ///
    /// [`Error::is_invalid_input`] for a concurrency of 0; [`Error::is_library`] when the store cannot
    /// be opened (another run holds the library, a newer version wrote it, it is damaged);
    /// [`Error::is_io`] when a file cannot be written (a full disk fails every chapter, so the
    /// run stops at the first).
    pub async fn run(self) -> Result<SeriesSummary> {
        if self.chapters == 0 || self.pages == 0 {
            return Err(Error::invalid(
                "the download concurrency must be at least 1",
            ));
        }
        let root = self.plan.root.clone();
        tokio::fs::create_dir_all(&root)
            .await
            .map_err(|e| Error::io("create directory", &root, e))?;
        let store = Arc::new(Mutex::new(Store::open(&root)?));
        let runner = Runner {
            job: &self,
            store,
            root,
        };
        runner.run().await
    }
}

/// One run's state.
pub(super) struct Runner<'r> {
    pub(super) job: &'r PlanDownload,
    pub(super) store: Arc<Mutex<Store>>,
    pub(super) root: PathBuf,
}

/// A chapter's place in the plan.
#[derive(Clone, Copy, Debug)]
pub(super) struct Slot {
    pub(super) series: usize,
    pub(super) chapter: usize,
}

/// A fetched chapter, in its staging folder.
pub(super) struct Fetched {
    pub(super) summary: DownloadSummary,
    pub(super) data_saver: bool,
}

impl Runner<'_> {
    pub(super) fn plan(&self) -> &Plan {
        &self.job.plan
    }

    pub(super) fn chapter(&self, slot: Slot) -> (&PlannedSeries, &PlannedChapter) {
        let series = &self.plan().series[slot.series];
        (series, &series.chapters[slot.chapter])
    }

    pub(super) fn emit(&self, event: SeriesEvent) {
        self.job.emitter.emit(event);
    }

    pub(super) fn with_store<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let store = self
            .store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&store)
    }

    async fn run(&self) -> Result<SeriesSummary> {
        let plan = self.plan();
        self.emit(SeriesEvent::Started {
            series: plan
                .series
                .iter()
                .filter(|s| !s.chapters.is_empty())
                .count(),
            chapters: plan.chapter_count(),
            pages: plan.page_count(),
            skipped: plan.skipped_count(),
        });
        for (index, series) in plan.series.iter().enumerate() {
            self.begin_series(series).await?;
            if series.chapters.is_empty() {
                self.series_done(index)?;
            }
        }
        let mut book = finish::Book::new(plan);
        let mut summary = SeriesSummary {
            reports: self.job.reports.clone(),
            ..SeriesSummary::default()
        };
        // Collected first: a lazy iterator of closures over borrowed series, held across the
        // awaits below, would make this future impossible to prove `Send` (so no spawning it).
        let slots: Vec<Slot> = plan
            .series
            .iter()
            .enumerate()
            .flat_map(|(s, series)| {
                (0..series.chapters.len()).map(move |c| Slot {
                    series: s,
                    chapter: c,
                })
            })
            .collect();
        let mut fetches = futures_util::stream::iter(slots)
            .map(|slot| async move { (slot, self.fetch(slot).await) })
            .buffer_unordered(self.job.chapters);
        while let Some((slot, result)) = fetches.next().await {
            self.settle(&mut book, &mut summary, slot, result).await?;
        }
        if let Some(mark) = plan.followed_mark
            && summary.failed.is_empty()
        {
            self.with_store(|s| {
                for id in &plan.followed_seen {
                    s.set_mark(&seen_key(*id), mark)?;
                }
                Ok(s.set_mark(FOLLOWED_MARK, mark)?)
            })?;
        }
        self.emit(SeriesEvent::Finished(Box::new(summary.clone())));
        Ok(summary)
    }

    /// Records the series (its folder and options) and writes its cover, before any chapter.
    async fn begin_series(&self, series: &PlannedSeries) -> Result<()> {
        let known = self.with_store(|s| Ok(s.series_record(series.info.id)?))?;
        if known.is_none() {
            let record = SeriesRecord {
                manga: series.info.id,
                title: series.info.title.clone(),
                folder: series.folder.clone(),
                options: serde_json::to_value(&series.options).unwrap_or_default(),
                // Set once every chapter is in: a run cut short must be synced again.
                latest_uploaded_chapter: None,
                added_at: OffsetDateTime::now_utc(),
                info: None,
            };
            self.with_store(|s| Ok(s.record_series(&record)?))?;
        }
        if series.options.cover && !series.chapters.is_empty() {
            staging::series_cover(self, series).await?;
        }
        Ok(())
    }

    /// Marks a series up to date: its newest chapter and feed time, for the next sync.
    pub(super) fn series_done(&self, index: usize) -> Result<()> {
        let series = &self.plan().series[index];
        let mut record = self
            .with_store(|s| Ok(s.series_record(series.info.id)?))?
            .ok_or_else(|| Error::invalid("the series vanished from the library store"))?;
        record.latest_uploaded_chapter = series.info.latest_uploaded_chapter;
        record.options = serde_json::to_value(&series.options).unwrap_or_default();
        record.info = serde_json::to_value(&series.info).ok();
        self.with_store(|s| {
            s.record_series(&record)?;
            if let Some(newest) = series.newest_publish_at {
                s.set_mark(&series_mark(series.info.id), newest)?;
            }
            Ok(())
        })?;
        self.emit(SeriesEvent::SeriesDone {
            manga: series.info.id,
            title: series.info.title.clone(),
        });
        Ok(())
    }

    /// Fetches one chapter into its staging folder; the compressed images when the originals
    /// fail everywhere.
    async fn fetch(&self, slot: Slot) -> Result<Fetched> {
        let (series, chapter) = self.chapter(slot);
        self.emit(SeriesEvent::ChapterStarted {
            manga: series.info.id,
            chapter: chapter.id,
            label: finish::label(series, chapter),
            pages: chapter.pages,
        });
        let first = if series.options.data_saver {
            ImageQuality::DataSaver
        } else {
            ImageQuality::Original
        };
        match self.download(chapter.id, first).await {
            Ok(summary) => Ok(Fetched {
                summary,
                data_saver: first == ImageQuality::DataSaver,
            }),
            Err(error) if first == ImageQuality::Original && is_node_trouble(&error) => {
                tracing::warn!(chapter = %chapter.id, %error, "originals failed on every node: taking the data-saver images");
                let summary = self.download(chapter.id, ImageQuality::DataSaver).await?;
                Ok(Fetched {
                    summary,
                    data_saver: true,
                })
            }
            Err(error) => Err(error),
        }
    }

    async fn download(&self, chapter: Uuid, quality: ImageQuality) -> Result<DownloadSummary> {
        let emitter = self.job.emitter.clone();
        self.job
            .client
            .download(chapter)
            .dir(staging::chapter_dir(&self.root, chapter, quality))
            .quality(quality)
            .concurrency(self.job.pages)
            .report_url(&self.job.report_url)
            .fsync(self.job.fsync)
            .with_reports(self.job.reports.clone())
            .progress(move |event| {
                emitter.emit(SeriesEvent::Chapter {
                    chapter,
                    event: event.clone(),
                });
            })
            .run()
            .await
    }

    /// Puts a fetched chapter in place (or counts its failure), then any archive or series
    /// it completes.
    async fn settle(
        &self,
        book: &mut finish::Book,
        summary: &mut SeriesSummary,
        slot: Slot,
        result: Result<Fetched>,
    ) -> Result<()> {
        let (_, chapter) = self.chapter(slot);
        match result {
            Ok(fetched) => book.fetched(self, summary, slot, fetched).await?,
            Err(error) if error.is_io() => return Err(error),
            Err(error) => {
                let error = Arc::new(error);
                self.emit(SeriesEvent::ChapterFailed {
                    chapter: chapter.id,
                    error: error.clone(),
                });
                summary.failed.push(FailedChapter {
                    id: chapter.id,
                    error,
                });
                book.failed(slot);
            }
        }
        book.settled(self, summary, slot).await?;
        if book.series_complete(slot.series) {
            self.series_done(slot.series)?;
        }
        Ok(())
    }
}

/// Whether another quality could help: the image nodes failed, not the API (an unknown or
/// external chapter, a rate limit, a login), the disk or the input.
fn is_node_trouble(error: &Error) -> bool {
    match error {
        http if http.is_http() => !http
            .path()
            .is_some_and(|path| path.starts_with("/at-home/")),
        other => {
            !(other.is_io()
                || other.is_invalid_input()
                || other.is_ratelimit()
                || other.is_unauthorized()
                || other.is_library()
                || other.is_locked())
        }
    }
}

/// How long covers may take to download.
pub(super) const COVER_TIMEOUT: Duration = Duration::from_secs(60);

/// A chapter's record in the library.
pub(super) fn record(
    series: &PlannedSeries,
    chapter: &PlannedChapter,
    summary: &DownloadSummary,
) -> ChapterRecord {
    ChapterRecord {
        id: chapter.id,
        manga: series.info.id,
        volume: chapter.volume.clone(),
        chapter: chapter.chapter.clone(),
        title: chapter.title.clone(),
        language: chapter.language.as_str().to_owned(),
        groups: chapter.groups.iter().map(|g| g.id).collect(),
        group_names: chapter.groups.iter().map(|g| g.name.clone()).collect(),
        uploader: chapter.uploader,
        pages: u32::try_from(summary.pages).unwrap_or(u32::MAX),
        bytes: summary.bytes,
        path: chapter.target.clone(),
        entry_prefix: chapter.entry_prefix.clone(),
        publish_at: chapter.publish_at,
        downloaded_at: OffsetDateTime::now_utc(),
    }
}

/// Whether the format gives this chapter a file or folder of its own.
pub(super) fn own_target(format: Format, chapter: &PlannedChapter) -> bool {
    chapter.entry_prefix.is_none() || format == Format::Folder
}
