//! What the store records: downloaded chapters and followed series.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// One downloaded chapter: what it is and where its files live.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChapterRecord {
    /// The chapter's MangaDex id: the key of the record.
    pub id: Uuid,
    /// The manga it belongs to.
    pub manga: Uuid,
    /// Its volume number as MangaDex gives it (`"1"`, `"2.5"`), `None` when it has none.
    pub volume: Option<String>,
    /// Its chapter number as MangaDex gives it (`"10"`, `"10.5"`), `None` for a oneshot.
    pub chapter: Option<String>,
    /// Its title, when it has one.
    pub title: Option<String>,
    /// Its translated language, e.g. `en` or `pt-br`.
    pub language: String,
    /// The scanlation groups credited, in MangaDex's order.
    pub groups: Vec<Uuid>,
    /// The names of those groups when it was downloaded, in the same order.
    pub group_names: Vec<String>,
    /// The user who uploaded it, when known.
    pub uploader: Option<Uuid>,
    /// How many pages were saved.
    pub pages: u32,
    /// How many bytes of pages were saved.
    pub bytes: u64,
    /// Where it lives, relative to the root: a folder of pages or an archive. Absolute paths
    /// and `..` are refused.
    pub path: PathBuf,
    /// Inside an archive holding several chapters, the prefix of this chapter's entries.
    pub entry_prefix: Option<String>,
    /// When MangaDex published it.
    pub publish_at: OffsetDateTime,
    /// When it was downloaded.
    pub downloaded_at: OffsetDateTime,
}

/// One series the library follows, with what `sync` needs to plan it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesRecord {
    /// The manga's MangaDex id: the key of the record.
    pub manga: Uuid,
    /// Its title when it was added.
    pub title: String,
    /// Its folder, relative to the root (empty for the root itself). Absolute paths and `..`
    /// are refused.
    pub folder: PathBuf,
    /// The options it is downloaded with, as JSON; the store keeps them without looking in.
    pub options: serde_json::Value,
    /// The most recently uploaded chapter seen by the last sync, if any.
    pub latest_uploaded_chapter: Option<Uuid>,
    /// When the library started following it.
    pub added_at: OffsetDateTime,
    /// Its metadata as the last download planned it (a [`SeriesInfo`](crate::series::SeriesInfo) as
    /// JSON; the store keeps it without looking in): a re-run that finds nothing new in the
    /// feed plans from it instead of asking the API again.
    pub info: Option<serde_json::Value>,
}
