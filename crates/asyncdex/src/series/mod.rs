//! Whole series on disk, named for your reader, kept current.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::model::Language;
//! use asyncdex::series::{Format, Preset, Naming};
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::new()?;
//! let manga = "a1c7c817-4e59-43b7-9365-09675a149a6f".parse().unwrap();
//! // 1. Plan: what will be fetched, where it goes, and what is left out and why.
//! let plan = client
//!     .series(manga)
//!     .root("library")
//!     .languages([Language::English, Language::French]) // each chapter in the first it exists in
//!     .format(Format::CbzVolume)
//!     .naming(Naming::preset(Preset::Kavita))
//!     .plan()
//!     .await?;
//! println!("{} chapters, {} left out", plan.chapter_count(), plan.skipped_count());
//! // 2. Run it: chapters are fetched, packed with a ComicInfo.xml, and recorded in the
//! //    library's store (library/.asyncdex/library.sqlite3).
//! let summary = plan.download(&client).run().await?;
//! println!("{} chapters on disk, {} failed", summary.chapters, summary.failed.len());
//! // 3. Later: only what is new, in one request per 100 series when nothing is.
//! let plan = client.sync("library").plan().await?;
//! plan.download(&client).run().await?;
//! # Ok(())
//! # }
//! ```
//!
//! # The pipeline
//! - **Source** ([`Source`]): a manga's feed, a custom list's feed, the followed feed, or
//!   (for [`sync`](crate::MangadexClient::sync)) the series the library already holds.
//! - **Plan** ([`Plan`]): [`Filters`] first (languages in order of preference, chapter and
//!   volume ranges, blocked groups and uploaders, oneshots, content ratings); then one version
//!   per chapter (see below); then names from the [`naming`] templates. Plain data: serialize
//!   it, show it (`--dry-run`), edit it, run it later.
//! - **Fetch**: each chapter is the chapter download of [`crate::download`] (bounded
//!   concurrency, node switches, MD@Home reports), into `root/.asyncdex/staging/`. Every page
//!   is checked against the SHA-256 in its MangaDex file name, when fetched and when a later
//!   run finds it. When the originals fail on every node, the compressed images are taken.
//! - **Pack** ([`Format`]): a folder per chapter, a CBZ per chapter, per volume, or one for
//!   the series; each archive with a [`comicinfo`] `ComicInfo.xml`. Archives are written to a
//!   temporary file and renamed: a volume archive that gains a chapter is rebuilt around the
//!   entries it holds, and the old one stays whole until the new one is complete.
//! - **Record** ([`store`]): the library's SQLite store, keyed by chapter id, so files a user
//!   moves or renames are not fetched again; one writer at a time.
//!
//! # One version per chapter
//! Several groups often release the same chapter. The one taken is, in order: in the earliest
//! preferred language; by a preferred group; by the group of the previous chapter taken
//! (continuity); the one with the most pages; the newest upload.
//! [`all_groups`](SeriesJob::all_groups) keeps every version, under names that never collide.

pub mod comicinfo;
mod events;
mod filter;
mod finish;
mod job;
pub mod naming;
pub(crate) mod pack;
mod plan;
mod planner;
mod run;
mod select;
mod source;
mod staging;
pub mod store;

pub use self::events::{SeriesEvent, SeriesEvents};
pub use self::filter::{Filters, NumberRange, RangeError};
pub use self::job::SeriesJob;
pub use self::naming::{Naming, Preset, Template, TemplateError};
pub use self::plan::{
    Format, FormatError, GroupName, Plan, PlannedChapter, PlannedSeries, SeriesInfo, SeriesOptions,
    SkippedChapter,
};
pub use self::run::{FailedChapter, PlanDownload, SeriesSummary};
pub use self::select::SkipReason;
pub use self::source::Source;
pub use self::store::{Store, StoreError};
