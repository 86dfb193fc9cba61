//! `client.series(id)`, `client.list_series(id)`, `client.followed_series()` and
//! `client.sync(root)`: a series download being set up, and the plan it makes.

use std::collections::BTreeMap;
use std::path::PathBuf;

use time::OffsetDateTime;
use uuid::Uuid;

use super::filter::Filters;
use super::naming::Naming;
use super::plan::{Format, Plan, PlannedSeries, SeriesOptions};
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
    pub fn series(&self, manga: Uuid) -> SeriesJob<'_> {
        SeriesJob::new(self, Source::Manga { id: manga })
    }

    /// Every manga of a custom list on disk.
    pub fn list_series(&self, list: Uuid) -> SeriesJob<'_> {
        SeriesJob::new(self, Source::List { id: list })
    }

    /// Every manga the logged-in user follows on disk (needs credentials).
    pub fn followed_series(&self) -> SeriesJob<'_> {
        SeriesJob::new(self, Source::Followed)
    }

    /// Brings a library up to date: the new chapters of every series its store records (each
    /// with the options it was downloaded with), and with [`followed`](SeriesJob::followed)
    /// those of the followed feed too. Asks only for what is new: a series whose newest
    /// chapter did not change costs no request of its own (one `GET /manga` covers 100).
    pub fn sync(&self, root: impl Into<PathBuf>) -> SeriesJob<'_> {
        SeriesJob::new(self, Source::Library).root(root)
    }
}

/// A series download or sync being set up: [`plan`](Self::plan) it, then
/// [`download`](Plan::download) the plan.
#[must_use = "a series job does nothing until it is planned"]
#[derive(Debug)]
pub struct SeriesJob<'a> {
    client: &'a MangadexClient,
    source: Source,
    root: PathBuf,
    options: SeriesOptions,
    followed: bool,
    full: bool,
}

impl<'a> SeriesJob<'a> {
    fn new(client: &'a MangadexClient, source: Source) -> Self {
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
    /// The API's errors (e.g. [`Error::Http`] 404 for an unknown manga or list,
    /// [`Error::Unauthorized`] for the followed feed without credentials);
    /// [`Error::Library`] when the library's store cannot be read.
    pub async fn plan(self) -> Result<Plan> {
        let store = planner::read_store(&self.root)?;
        let records = match &store {
            Some(store) => store.series()?,
            None => Vec::new(),
        };
        let inputs = match self.source {
            Source::Manga { id } => self.one_manga(id).await?,
            Source::List { id } => self.list(id).await?,
            Source::Followed => self.followed_series(&records).await?,
            Source::Library => self.library(store.as_ref(), &records).await?,
        };
        let followed_mark = inputs.followed_mark;
        let followed_seen = inputs.followed_seen;
        let mut folders: Vec<PathBuf> = records.iter().map(|r| r.folder.clone()).collect();
        let mut series = Vec::with_capacity(inputs.series.len());
        for (manga, chapters, options) in inputs.series {
            let planned = self
                .plan_one(
                    store.as_ref(),
                    &records,
                    &mut folders,
                    &manga,
                    chapters,
                    options,
                )
                .await?;
            series.push(planned);
        }
        Ok(Plan {
            root: self.root,
            source: self.source,
            series,
            followed_mark,
            followed_seen,
        })
    }

    async fn plan_one(
        &self,
        store: Option<&Store>,
        records: &[SeriesRecord],
        folders: &mut Vec<PathBuf>,
        manga: &Manga,
        mut chapters: Vec<Chapter>,
        options: SeriesOptions,
    ) -> Result<PlannedSeries> {
        let held = match store {
            Some(store) => store.chapters_of(manga.id)?,
            None => Vec::new(),
        };
        let rating = &manga.attributes.content_rating;
        let allowed = options.filters.content_ratings.contains(rating);
        let info = planner::series_info(manga, &options);
        let folder = match records.iter().find(|r| r.manga == manga.id) {
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
        let wants_covers = options.cover && options.format == Format::CbzVolume;
        let mut planned = planner::plan_series(
            SeriesInput {
                manga,
                chapters,
                options,
                held,
            },
            folder,
        );
        if wants_covers && !planned.chapters.is_empty() {
            planned.info.volume_covers = source::volume_covers(self.client, manga.id).await?;
        }
        let why = format!("content rating {rating} not wanted");
        planned.skipped.extend(
            rejected
                .iter()
                .map(|c| planner::skipped_entry(c, SkipReason::Filtered { why: why.clone() })),
        );
        Ok(planned)
    }

    fn feed_query(&self, since: Option<OffsetDateTime>) -> FeedQuery {
        FeedQuery {
            languages: self.options.filters.languages.clone(),
            since,
        }
    }

    async fn one_manga(&self, id: Uuid) -> Result<Inputs> {
        let manga = source::manga(self.client, [id])
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| Error::invalid(format!("no manga {id} on MangaDex")))?;
        let chapters = source::manga_feed(self.client, id, &self.feed_query(None)).await?;
        Ok(Inputs::single(manga, chapters, self.options.clone()))
    }

    async fn list(&self, id: Uuid) -> Result<Inputs> {
        let list = self.client.list().get(id).send().await?.data;
        let ids: Vec<Uuid> = list.manga_ids().collect();
        let chapters = source::list_feed(self.client, id, &self.feed_query(None)).await?;
        let mut by_manga = source::by_manga(chapters);
        let manga = source::manga(self.client, ids).await?;
        Ok(Inputs {
            series: manga
                .into_iter()
                .map(|m| {
                    let chapters = by_manga.remove(&m.id).unwrap_or_default();
                    (m, chapters, self.options.clone())
                })
                .collect(),
            ..Inputs::default()
        })
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
        let chapters = source::followed_feed(self.client, &query).await?;
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
            mut by_manga,
            mark,
            at_mark,
        } = self.followed_chapters(None, records).await?;
        let manga = source::manga(self.client, by_manga.keys().copied()).await?;
        let series = manga
            .into_iter()
            .map(|m| {
                let chapters = by_manga.remove(&m.id).unwrap_or_default();
                let options = self.followed_options(records, m.id);
                (m, chapters, options)
            })
            .collect();
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
    async fn library(&self, store: Option<&Store>, records: &[SeriesRecord]) -> Result<Inputs> {
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
        } = if self.followed {
            let since = if self.full {
                None
            } else {
                store.mark(FOLLOWED_MARK)?
            };
            self.followed_chapters(since, records).await?
        } else {
            Followed::default()
        };
        forget_known(store, &mut followed)?;
        // Series the followed feed covers need no check of their own (unless the sync is
        // full); new chapters of the others show in their `latestUploadedChapter`.
        let covered = |options: &SeriesOptions| self.followed && options.followed && !self.full;
        let ids: Vec<Uuid> = records
            .iter()
            .filter(|r| !covered(&options_of(r)) || followed.contains_key(&r.manga))
            .map(|r| r.manga)
            .chain(followed.keys().copied())
            .collect();
        let manga = if ids.is_empty() {
            Vec::new()
        } else {
            source::manga(self.client, ids).await?
        };
        let mut series = Vec::with_capacity(manga.len());
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
            if let Some(record) = record.filter(|_| !covered(&options)) {
                let changed =
                    m.attributes.latest_uploaded_chapter != record.latest_uploaded_chapter;
                if self.full || changed {
                    let since = if self.full {
                        None
                    } else {
                        store.mark(&series_mark(m.id))?
                    };
                    let query = FeedQuery {
                        languages: options.filters.languages.clone(),
                        since,
                    };
                    let feed = source::manga_feed(self.client, m.id, &query).await?;
                    chapters.retain(|c| !feed.iter().any(|f| f.id == c.id));
                    chapters.extend(feed);
                }
            }
            series.push((m, chapters, options));
        }
        Ok(Inputs {
            series,
            followed_mark,
            followed_seen,
        })
    }
}

/// The options a series was downloaded with; the defaults when the store holds options this
/// version cannot read (written by a newer one), with a warning.
pub(crate) fn options_of(record: &SeriesRecord) -> SeriesOptions {
    serde_json::from_value(record.options.clone()).unwrap_or_else(|error| {
        tracing::warn!(manga = %record.manga, %error, "unreadable series options in the library store: using the defaults");
        SeriesOptions::default()
    })
}

/// What the plan is made from: each series with its feed and options.
#[derive(Default)]
struct Inputs {
    series: Vec<(Manga, Vec<Chapter>, SeriesOptions)>,
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
    fn single(manga: Manga, chapters: Vec<Chapter>, options: SeriesOptions) -> Self {
        Self {
            series: vec![(manga, chapters, options)],
            ..Self::default()
        }
    }
}
