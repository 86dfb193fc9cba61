//! The library store: what a library root holds, so that `sync` fetches only what is new.
//!
//! One store per output root, at `<root>/.asyncdex/library.sqlite3`. It records, keyed by
//! chapter UUID rather than by path (a user who moves or renames files does not get them
//! fetched again), which chapters were downloaded and where; the series the library follows,
//! with the options they were downloaded with, so `sync` can plan them again; and sync
//! watermarks.
//!
//! ```
//! use std::path::PathBuf;
//!
//! use asyncdex::series::store::{ChapterRecord, Store};
//! use time::macros::datetime;
//! use uuid::Uuid;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let root = std::env::temp_dir().join(format!("asyncdex-store-doc-{}", std::process::id()));
//! let store = Store::open(&root)?;
//! let chapter = ChapterRecord {
//!     id: Uuid::from_u128(1),
//!     manga: Uuid::from_u128(2),
//!     volume: Some("1".to_owned()),
//!     chapter: Some("10.5".to_owned()),
//!     title: Some("Intermission".to_owned()),
//!     language: "en".to_owned(),
//!     groups: vec![Uuid::from_u128(3)],
//!     group_names: vec!["Some Scans".to_owned()],
//!     uploader: None,
//!     pages: 18,
//!     bytes: 4_200_000,
//!     path: PathBuf::from("Some Manga/Some Manga v01.cbz"),
//!     entry_prefix: Some("c010.5/".to_owned()),
//!     publish_at: datetime!(2024-05-01 12:00 UTC),
//!     downloaded_at: datetime!(2024-05-02 08:30 UTC),
//! };
//! store.record_chapter(&chapter)?;
//! assert_eq!(store.chapter(chapter.id)?, Some(chapter.clone()));
//! assert_eq!(store.chapters_in(&chapter.path)?, vec![chapter]);
//!
//! // One writer per root: a second store on the same root is refused while this one lives.
//! assert!(Store::open(&root).unwrap_err().is_locked());
//! // Readers are not: `asyncdex library` reads while a download writes.
//! assert_eq!(Store::open_read_only(&root)?.chapters()?.len(), 1);
//!
//! drop(store);
//! std::fs::remove_dir_all(&root)?;
//! # Ok(())
//! # }
//! ```
//!
//! # On disk
//!
//! SQLite in WAL mode with `synchronous=NORMAL`: a crash (or `kill -9`) at any point leaves a
//! store that opens, holding every transaction committed before the last few. Each write that
//! must be all-or-nothing is one transaction. The schema version lives in `PRAGMA
//! user_version` and moves forward through an ordered list of migrations, one transaction
//! each. Times are RFC 3339 text in UTC with nine fractional digits (so text order is time
//! order), UUIDs are hyphenated text, lists are JSON text, and paths are UTF-8 text relative
//! to the root with `/` between components: the file reads fine with the `sqlite3` tool.
//!
//! # One writer per root
//!
//! [`Store::open`] holds an exclusive OS lock on `<root>/.asyncdex/lock` for as long as the
//! store lives; the OS drops it when the process ends, however it ends, so a crash never
//! leaves a stale lock behind. [`Store::open_read_only`] takes no lock.
//!
//! The lock belongs to the open file, and a child process starts as a copy of its parent,
//! open files included, until it runs its program (which closes them). So a store dropped
//! while another thread is starting a child can stay locked for that moment.

mod access;
mod chapter_queries;
mod chapter_row;
mod chapter_writes;
mod columns;
mod error;
mod location;
mod marks;
mod open;
mod paths;
mod records;
mod schema;
mod series;
mod statements;
#[cfg(test)]
mod tests;
mod times;

pub use self::error::StoreError;
pub use self::open::Store;
pub use self::records::{ChapterRecord, SeriesRecord};

/// The folder, under the root, that holds the store and its lock.
const DIR: &str = ".asyncdex";
/// The database file, in [`DIR`].
const FILE: &str = "library.sqlite3";
/// The lock file, in [`DIR`].
const LOCK: &str = "lock";
