//! `client.series(id)`, `client.list_series(id)`, `client.followed_series()` and
//! `client.sync(root)`: a series download being set up, and the plan it makes.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use time::OffsetDateTime;
use uuid::Uuid;

use super::filter::Filters;
use super::naming::Naming;
use super::plan::{Format, Plan, PlannedSeries, SeriesInfo, SeriesOptions};
use super::planner::{self, SeriesInput};
use super::select::SkipReason;
use super::source::{self, FeedQuery, Source};
use super::store::{SeriesRecord, Store};
use crate::client::MangadexClient;
use crate::error::{Error, Result};
use crate::model::{Chapter, Language, Manga};

/// The store's watermark key for the followed feed.
pub(crate) const FOLLOWED_MARK: &str = "followed";

/// The store's watermark key for one series' feed.
pub(crate) fn series_mark(manga: Uuid) -> String {
    format!("manga:{manga}")
}

impl MangadexClient {
    /// A whole manga on disk; see [`crate::series`].
    pub fn series(&self, manga: Uuid) -> SeriesJob {
        SeriesJob::new(self.clone(), Source::Manga { id: manga })
    }

    /// Every manga of a custom list on disk.
    pub fn list_series(&self, list: Uuid) -> SeriesJob {
        SeriesJob::new(self.clone(), Source::List { id: list })
    }

    /// Every manga the logged-in user follows on disk (needs credentials).
    pub fn followed_series(&self) -> SeriesJob {
        SeriesJob::new(self.clone(), Source::Followed)
    }

    /// Brings a library up to date: the new chapters of every series its store records (each
    /// with the options it was downloaded with), and with [`followed`](SeriesJob::followed)
    /// those of the followed feed too. Asks only for what is new: a series whose newest
    /// chapter did not change costs no request of its own (one `GET /manga` covers 100).
    pub fn sync(&self, root: impl Into<PathBuf>) -> SeriesJob {
        SeriesJob::new(self.clone(), Source::Library).root(root)
    }
}

/// A series download or sync being set up: [`plan`](Self::plan) it, then
/// [`download`](Plan::download) the plan.
#[must_use = "a series job does nothing until it is planned"]
#[derive(Debug)]
pub struct SeriesJob {
    client: MangadexClient,
    source: Source,
    root: PathBuf,
    options: SeriesOptions,
    followed: bool,
    full: bool,
}

impl SeriesJob {
    fn new(client: MangadexClient, source: Source) -> Self {
        Self {
            client,
            source,
            root: PathBuf::from("."),
            options: SeriesOptions::default(),
            followed: false,
            full: false,
        }
    }

    /// The library's root directory (default: the current directory); each series gets a
    /// folder in it, and the store lives in `root/.asyncdex/`.
    pub fn root(mut self, root: impl Into<PathBuf>) -> Self {
        self.root = root.into();
        self
    }

    /// Every option at once (for a sync: the options of series new to the library).
    pub fn options(mut self, options: SeriesOptions) -> Self {
        self.options = options;
        self
    }

    /// Which chapters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.options.filters = filters;
        self
    }

    /// Languages in order of preference.
    pub fn languages(mut self, languages: impl IntoIterator<Item = Language>) -> Self {
        self.options.filters.languages = languages.into_iter().collect();
        self
    }

    /// Folders or archives.
    pub fn format(mut self, format: Format) -> Self {
        self.options.format = format;
        self
    }

    /// Folder and file names.
    pub fn naming(mut self, naming: Naming) -> Self {
        self.options.naming = naming;
        self
    }

    /// Keep every group's version of a chapter.
    pub fn all_groups(mut self, all: bool) -> Self {
        self.options.all_groups = all;
        self
    }

    /// A sync also takes the new chapters of the followed feed (needs credentials).
    pub fn followed(mut self, followed: bool) -> Self {
        self.followed = followed;
        self
    }

    /// A sync reads every series' whole feed again instead of only what is new (finds
    /// chapters published with a date before the last sync, and repairs a library whose
    /// files were deleted along with `--verify`).
    pub fn full(mut self, full: bool) -> Self {
        self.full = full;
        self
    }

    /// Builds the plan: asks the API for the feeds and metadata, reads what the library
    /// already holds, chooses, names. Changes nothing on disk.
    ///
    /// # Errors
    ///
    /// The API's errors (e.g. [`Error::is_http`] 404 for an unknown manga or list,
    /// [`Error::is_unauthorized`] for the followed feed without credentials);
    /// [`Error::is_library`] when the library's store cannot be read.
    pub async fn plan(self) -> Result<Plan> {
        // Behind a mutex, locked for one statement at a time and never across an await: the
        // store's connection is not `Sync`, and the plan's future must be `Send` to be spawned.
        let store = planner::read_store(&self.root)?.map(Mutex::new);
        let records = match &store {
            Some(store) => lock(store).series()?,
            None => Vec::new(),
        };
        let inputs = match self.source {
            Source::Manga { id } => self.one_manga(id, &records).await?,
            Source::List { id } => self.list(id, &records).await?,
            Source::Followed => self.followed_series(&records).await?,
            Source::Library => self.library(store.as_ref(), &records).await?,
        };
        let followed_mark = inputs.followed_mark;
        let followed_seen = inputs.followed_seen;
        let mut folders: Vec<PathBuf> = records.iter().map(|r| r.folder.clone()).collect();
        let mut series = Vec::with_capacity(inputs.series.len());
        let mut stale = Vec::new();
        for input in inputs.series {
            // Planned from the library's copy of the metadata: enough to see that nothing is
            // new; a series with work is planned again with fresh metadata below.
            let kept = input
                .stored
                .then(|| (input.chapters.clone(), input.options.clone()));
            let planned = plan_one(
                store.as_ref().map(lock).as_deref(),
                &records,
                &mut folders,
                input,
            )?;
            if let Some(kept) = kept.filter(|_| !planned.chapters.is_empty()) {
                stale.push((series.len(), kept));
            }
            series.push(planned);
        }
        self.refresh(store.as_ref(), &records, &mut folders, &mut series, stale)
            .await?;
        for planned in &mut series {
            let wants_covers = planned.options.cover && planned.options.format == Format::CbzVolume;
            if wants_covers && !planned.chapters.is_empty() {
                planned.info.volume_covers =
                    source::volume_covers(&self.client, planned.info.id).await?;
            }
        }
        Ok(Plan {
            root: self.root,
            source: self.source,
            series,
            followed_mark,
            followed_seen,
        })
    }

    /// Plans again, with metadata fetched now (one `GET /manga` per 100), the series that were
    /// planned from the library's copy and have chapters to fetch: names and ComicInfo come
    /// from what MangaDex says today. A series MangaDex no longer knows keeps its copy.
    async fn refresh(
        &self,
        store: Option<&Mutex<Store>>,
        records: &[SeriesRecord],
        folders: &mut Vec<PathBuf>,
        series: &mut [PlannedSeries],
        stale: Vec<(usize, (Vec<Chapter>, SeriesOptions))>,
    ) -> Result<()> {
        if stale.is_empty() {
            return Ok(());
        }
        let ids = stale.iter().map(|(index, _)| series[*index].info.id);
        let fresh = source::manga(&self.client, ids.collect::<Vec<_>>()).await?;
        for (index, (chapters, options)) in stale {
            if let Some(manga) = fresh.iter().find(|m| m.id == series[index].info.id) {
                let input = Input::fetched(manga, chapters, options);
                series[index] = plan_one(store.map(lock).as_deref(), records, folders, input)?;
            }
        }
        Ok(())
    }

    fn feed_query(&self, since: Option<OffsetDateTime>) -> FeedQuery {
        FeedQuery {
            languages: self.options.filters.languages.clone(),
            since,
        }
    }

    async fn one_manga(&self, id: Uuid, records: &[SeriesRecord]) -> Result<Inputs> {
        if let Some(info) = stored_info(records, id) {
            let chapters = source::manga_feed(&self.client, id, &self.feed_query(None)).await?;
            return Ok(Inputs::single(Input {
                info,
                stored: true,
                chapters,
                options: self.options.clone(),
            }));
        }
        let manga = source::manga(&self.client, [id])
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| Error::invalid(format!("no manga {id} on MangaDex")))?;
        let chapters = source::manga_feed(&self.client, id, &self.feed_query(None)).await?;
        Ok(Inputs::single(Input::fetched(
            &manga,
            chapters,
            self.options.clone(),
        )))
    }

    async fn list(&self, id: Uuid, records: &[SeriesRecord]) -> Result<Inputs> {
        let list = self.client.list().get(id).send().await?.data;
        let ids: Vec<Uuid> = list.manga_ids().collect();
        let chapters = source::list_feed(&self.client, id, &self.feed_query(None)).await?;
        let series = self
            .inputs(ids, source::by_manga(chapters), records, |_| {
                self.options.clone()
            })
            .await?;
        Ok(Inputs {
            series,
            ..Inputs::default()
        })
    }

    /// The inputs of the series `ids`, in that order, each with its chapters from `by_manga`:
    /// the library's copy of the metadata where it has one, the rest fetched (one
    /// `GET /manga` per 100). Ids MangaDex does not know are left out.
    async fn inputs(
        &self,
        ids: Vec<Uuid>,
        mut by_manga: BTreeMap<Uuid, Vec<Chapter>>,
        records: &[SeriesRecord],
        options: impl Fn(Uuid) -> SeriesOptions,
    ) -> Result<Vec<Input>> {
        let mut stored: BTreeMap<Uuid, SeriesInfo> = ids
            .iter()
            .filter_map(|id| Some((*id, stored_info(records, *id)?)))
            .collect();
        let missing: Vec<Uuid> = ids
            .iter()
            .copied()
            .filter(|id| !stored.contains_key(id))
            .collect();
        let fetched = if missing.is_empty() {
            Vec::new()
        } else {
            source::manga(&self.client, missing).await?
        };
        let input = |id: Uuid| {
            let chapters = by_manga.remove(&id).unwrap_or_default();
            if let Some(info) = stored.remove(&id) {
                return Some(Input {
                    info,
                    stored: true,
                    chapters,
                    options: options(id),
                });
            }
            let manga = fetched.iter().find(|m| m.id == id)?;
            Some(Input::fetched(manga, chapters, options(id)))
        };
        Ok(ids.into_iter().filter_map(input).collect())
    }

    /// The followed feed since `since`, by manga, and the newest publication time in it.
    /// Asks in every language any series of the library wants.
    async fn followed_chapters(
        &self,
        since: Option<OffsetDateTime>,
        records: &[SeriesRecord],
    ) -> Result<Followed> {
        let mut query = self.feed_query(since);
        let wanted = records.iter().map(|r| options_of(r).filters.languages);
        for languages in wanted {
            if languages.is_empty() || query.languages.is_empty() {
                query.languages.clear();
                break;
            }
            for language in languages {
                if !query.languages.contains(&language) {
                    query.languages.push(language);
                }
            }
        }
        let chapters = source::followed_feed(&self.client, &query).await?;
        let newest = chapters.iter().map(|c| c.attributes.publish_at).max();
        let at_mark = chapters
            .iter()
            .filter(|c| Some(c.attributes.publish_at) == newest)
            .map(|c| c.id)
            .collect();
        Ok(Followed {
            by_manga: source::by_manga(chapters),
            mark: newest.or(since),
            at_mark,
        })
    }

    /// Every manga of the followed feed.
    async fn followed_series(&self, records: &[SeriesRecord]) -> Result<Inputs> {
        let Followed {
            by_manga,
            mark,
            at_mark,
        } = self.followed_chapters(None, records).await?;
        let ids = by_manga.keys().copied().collect();
        let series = self
            .inputs(ids, by_manga, records, |id| {
                self.followed_options(records, id)
            })
            .await?;
        Ok(Inputs {
            series,
            followed_mark: mark,
            followed_seen: at_mark,
        })
    }

    /// The options of a series of the followed feed: the library's, or this job's for a
    /// series new to it; marked as followed either way.
    fn followed_options(&self, records: &[SeriesRecord], manga: Uuid) -> SeriesOptions {
        let mut options = records
            .iter()
            .find(|r| r.manga == manga)
            .map_or_else(|| self.options.clone(), options_of);
        options.followed = true;
        options
    }

    /// A sync: the library's series whose newest chapter changed, and the followed feed.
    /// One `GET /manga` per 100 series tells which changed.
    async fn library(
        &self,
        store: Option<&Mutex<Store>>,
        records: &[SeriesRecord],
    ) -> Result<Inputs> {
        let Some(store) = store else {
            if self.followed {
                return self.followed_series(records).await;
            }
            return Err(Error::invalid(format!(
                "no library in {}: download a series into it first (or sync --followed)",
                self.root.display()
            )));
        };
        let Followed {
            by_manga: mut followed,
            mark: followed_mark,
            at_mark: followed_seen,
        } = self.new_followed(store, records).await?;
        let mut ids: Vec<Uuid> = records
            .iter()
            .filter(|r| !self.covered(&options_of(r)))
            .map(|r| r.manga)
            .collect();
        // A series of the library with new chapters in the followed feed is planned from the
        // library's copy of its metadata (asked again only if a chapter is to be fetched).
        let mut series = Vec::new();
        for (id, chapters) in std::mem::take(&mut followed) {
            match stored_info(records, id).filter(|_| !self.full && !ids.contains(&id)) {
                Some(info) => series.push(Input {
                    info,
                    stored: true,
                    chapters,
                    options: self.followed_options(records, id),
                }),
                None => {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                    followed.insert(id, chapters);
                }
            }
        }
        let manga = if ids.is_empty() {
            Vec::new()
        } else {
            source::manga(&self.client, ids).await?
        };
        for m in manga {
            let from_feed = followed.remove(&m.id);
            let options = match &from_feed {
                Some(_) => self.followed_options(records, m.id),
                None => records
                    .iter()
                    .find(|r| r.manga == m.id)
                    .map_or_else(|| self.options.clone(), options_of),
            };
            let mut chapters = from_feed.unwrap_or_default();
            let record = records.iter().find(|r| r.manga == m.id);
            if let Some(record) = record.filter(|_| !self.covered(&options)) {
                let feed = self.new_in_feed(store, &m, record, &options).await?;
                chapters.retain(|c| !feed.iter().any(|f| f.id == c.id));
                chapters.extend(feed);
            }
            series.push(Input::fetched(&m, chapters, options));
        }
        Ok(Inputs {
            series,
            followed_mark,
            followed_seen,
        })
    }

    /// Whether the followed feed covers a series with these options in this sync: then it
    /// needs no check of its own (unless the sync is full); new chapters of the others show
    /// in their `latestUploadedChapter`.
    fn covered(&self, options: &SeriesOptions) -> bool {
        self.followed && options.followed && !self.full
    }

    /// For a sync with `followed`: the followed feed since its watermark (all of it for a
    /// full sync), without the chapters the library already knows.
    async fn new_followed(
        &self,
        store: &Mutex<Store>,
        records: &[SeriesRecord],
    ) -> Result<Followed> {
        if !self.followed {
            return Ok(Followed::default());
        }
        let since = if self.full {
            None
        } else {
            lock(store).mark(FOLLOWED_MARK)?
        };
        let mut followed = self.followed_chapters(since, records).await?;
        forget_known(&lock(store), &mut followed.by_manga)?;
        Ok(followed)
    }

    /// The chapters of a listed series published since its watermark, when its newest
    /// chapter changed (its whole feed for a full sync); nothing, without a request, when
    /// it did not.
    async fn new_in_feed(
        &self,
        store: &Mutex<Store>,
        manga: &Manga,
        record: &SeriesRecord,
        options: &SeriesOptions,
    ) -> Result<Vec<Chapter>> {
        let changed = manga.attributes.latest_uploaded_chapter != record.latest_uploaded_chapter;
        if !self.full && !changed {
            return Ok(Vec::new());
        }
        let since = if self.full {
            None
        } else {
            lock(store).mark(&series_mark(manga.id))?
        };
        let query = FeedQuery {
            languages: options.filters.languages.clone(),
            since,
        };
        source::manga_feed(&self.client, manga.id, &query).await
    }
}

fn lock(store: &Mutex<Store>) -> MutexGuard<'_, Store> {
    // The store's methods do not panic while it is locked; were one to, the connection is
    // still usable, so a poisoned lock is taken as it is.
    store.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The plan of one series from its input: choose, name, and skip what its rating excludes.
fn plan_one(
    store: Option<&Store>,
    records: &[SeriesRecord],
    folders: &mut Vec<PathBuf>,
    input: Input,
) -> Result<PlannedSeries> {
    let Input {
        info,
        mut chapters,
        options,
        ..
    } = input;
    let held = match store {
        Some(store) => store.chapters_of(info.id)?,
        None => Vec::new(),
    };
    let rating = info.content_rating.clone();
    let allowed = options.filters.content_ratings.contains(&rating);
    let folder = match records.iter().find(|r| r.manga == info.id) {
        Some(record) => record.folder.clone(),
        None => {
            let folder = planner::series_folder(&info, &options, folders);
            folders.push(folder.clone());
            folder
        }
    };
    let rejected = if allowed {
        Vec::new()
    } else {
        std::mem::take(&mut chapters)
    };
    let mut planned = planner::plan_series(
        SeriesInput {
            info,
            chapters,
            options,
            held,
        },
        folder,
    );
    let why = format!("content rating {rating} not wanted");
    planned.skipped.extend(
        rejected
            .iter()
            .map(|c| planner::skipped_entry(c, SkipReason::Filtered { why: why.clone() })),
    );
    Ok(planned)
}

/// The options a series was downloaded with; the defaults when the store holds options this
/// version cannot read (written by a newer one), with a warning.
pub(crate) fn options_of(record: &SeriesRecord) -> SeriesOptions {
    serde_json::from_value(record.options.clone()).unwrap_or_else(|error| {
        tracing::warn!(manga = %record.manga, %error, "unreadable series options in the library store: using the defaults");
        SeriesOptions::default()
    })
}

/// The metadata a series was last downloaded with, if the library's store holds a copy this
/// version can read.
fn stored_info(records: &[SeriesRecord], manga: Uuid) -> Option<SeriesInfo> {
    let record = records.iter().find(|r| r.manga == manga)?;
    serde_json::from_value(record.info.clone()?).ok()
}

/// One series to plan: its metadata, its feed and its options.
struct Input {
    info: SeriesInfo,
    /// The metadata is the library's copy, not asked of the API for this plan.
    stored: bool,
    chapters: Vec<Chapter>,
    options: SeriesOptions,
}

impl Input {
    fn fetched(manga: &Manga, chapters: Vec<Chapter>, options: SeriesOptions) -> Self {
        Self {
            info: planner::series_info(manga, &options),
            stored: false,
            chapters,
            options,
        }
    }
}

/// What the plan is made from: each series with its feed and options.
#[derive(Default)]
struct Inputs {
    series: Vec<Input>,
    followed_mark: Option<OffsetDateTime>,
    followed_seen: Vec<Uuid>,
}

/// The followed feed by manga, its newest publication time, and the chapters at that time.
#[derive(Default)]
struct Followed {
    by_manga: BTreeMap<Uuid, Vec<Chapter>>,
    mark: Option<OffsetDateTime>,
    at_mark: Vec<Uuid>,
}

/// The store's key that marks a chapter seen at the followed feed's watermark.
pub(crate) fn seen_key(chapter: Uuid) -> String {
    format!("seen:{chapter}")
}

/// Drops the chapters the library already knows: recorded, or seen at the last watermark.
/// The feed is asked from the watermark on (inclusive, so nothing published in that same
/// second is missed), so the chapters at the watermark come again: without this, a library
/// with nothing new would still fetch their series' metadata.
fn forget_known(store: &Store, followed: &mut BTreeMap<Uuid, Vec<Chapter>>) -> Result<()> {
    for chapters in followed.values_mut() {
        let mut kept = Vec::with_capacity(chapters.len());
        for chapter in chapters.drain(..) {
            let known = store.chapter(chapter.id)?.is_some()
                || store.mark(&seen_key(chapter.id))?.is_some();
            if !known {
                kept.push(chapter);
            }
        }
        *chapters = kept;
    }
    followed.retain(|_, chapters| !chapters.is_empty());
    Ok(())
}

impl Inputs {
    fn single(input: Input) -> Self {
        Self {
            series: vec![input],
            ..Self::default()
        }
    }
}
