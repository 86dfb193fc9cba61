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

use std::cmp::Ordering;
use std::error::Error as StdError;
use std::fmt;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use rusqlite::types::Type;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, Params, Row, params};
use serde::{Deserialize, Serialize};
use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};
use uuid::Uuid;

use super::select::compare_numbers;

/// The folder, under the root, that holds the store and its lock.
const DIR: &str = ".asyncdex";
/// The database file, in [`DIR`].
const FILE: &str = "library.sqlite3";
/// The lock file, in [`DIR`].
const LOCK: &str = "lock";

/// How long a statement waits for the database to be free. Only one writer runs per root, so
/// this covers readers meeting a checkpoint: short waits, never a queue.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The schema migrations, in order: entry `i` takes a store from version `i` to `i + 1`.
/// Append only: stores out there already ran the released entries, so those never change.
const MIGRATIONS: &[&str] = &[SCHEMA_V1, SCHEMA_V2];

/// Version 1: chapters, followed series and sync watermarks.
const SCHEMA_V1: &str = "
CREATE TABLE chapter (
    id            TEXT PRIMARY KEY NOT NULL,
    manga         TEXT NOT NULL,
    volume        TEXT,
    chapter       TEXT,
    title         TEXT,
    language      TEXT NOT NULL,
    groups        TEXT NOT NULL,
    group_names   TEXT NOT NULL,
    uploader      TEXT,
    pages         INTEGER NOT NULL,
    bytes         INTEGER NOT NULL,
    path          TEXT NOT NULL,
    entry_prefix  TEXT,
    publish_at    TEXT NOT NULL,
    downloaded_at TEXT NOT NULL
);
CREATE INDEX chapter_by_manga ON chapter (manga);
CREATE INDEX chapter_by_path ON chapter (path);
CREATE TABLE series (
    manga                   TEXT PRIMARY KEY NOT NULL,
    title                   TEXT NOT NULL,
    folder                  TEXT NOT NULL,
    options                 TEXT NOT NULL,
    latest_uploaded_chapter TEXT,
    added_at                TEXT NOT NULL
);
CREATE TABLE mark (
    key TEXT PRIMARY KEY NOT NULL,
    at  TEXT NOT NULL
);
";

/// Version 2: each series keeps its metadata as the last download planned it, so that a
/// re-run with nothing new asks only for the feed.
const SCHEMA_V2: &str = "ALTER TABLE series ADD COLUMN info TEXT;";

const SELECT_CHAPTERS: &str = "SELECT id, manga, volume, chapter, title, language, groups, \
     group_names, uploader, pages, bytes, path, entry_prefix, publish_at, downloaded_at \
     FROM chapter";

const INSERT_CHAPTER: &str = "INSERT OR REPLACE INTO chapter (id, manga, volume, chapter, \
     title, language, groups, group_names, uploader, pages, bytes, path, entry_prefix, \
     publish_at, downloaded_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

const SELECT_SERIES: &str =
    "SELECT manga, title, folder, options, latest_uploaded_chapter, added_at, info FROM series";

const INSERT_SERIES: &str = "INSERT OR REPLACE INTO series (manga, title, folder, options, \
     latest_uploaded_chapter, added_at, info) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/// Stored times: RFC 3339 in UTC with a fixed-width fraction, so that text order is time
/// order.
const STORED_TIME: &[BorrowedFormatItem<'_>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:9]Z");

/// The library store of one output root. See the [module docs](self).
///
/// A store opened with [`Store::open`] is the root's only writer until it is dropped; one
/// opened with [`Store::open_read_only`] only reads (its writes fail with a [`StoreError`]).
pub struct Store {
    at: Location,
    // Declared before `lock` so that it closes (and checkpoints its WAL) while the lock is
    // still held: fields drop in declaration order.
    conn: Connection,
    // Held only to keep the OS lock: dropping the file releases it. `None` when read-only.
    lock: Option<File>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("root", &self.at.root)
            .field("read_only", &self.lock.is_none())
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the store of `root` for reading and writing, creating `<root>/.asyncdex/` and the
    /// database when missing and bringing an older schema up to date.
    ///
    /// # Errors
    ///
    /// [`StoreError::is_locked`] when another store (in this process or another) has the root
    /// open for writing; [`StoreError::is_too_new`] when a newer asyncdex wrote the file;
    /// [`StoreError::is_corrupt`] when the file is not a SQLite database (it is left as it is);
    /// otherwise a file system or SQLite failure.
    pub fn open(root: &Path) -> Result<Store, StoreError> {
        let at = Location::new(root);
        let dir = root.join(DIR);
        fs::create_dir_all(&dir).map_err(|e| at.io(format!("create {}", dir.display()), e))?;
        let lock = at.lock()?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = at.connect(flags)?;
        // Read before anything writes: a file that is not ours fails here, untouched.
        let version = at.schema_version(&conn)?;
        let latest = latest(MIGRATIONS);
        if version > latest {
            return Err(at.error(
                Kind::TooNew {
                    found: version,
                    known: latest,
                },
                None,
            ));
        }
        configure_writer(&conn).map_err(|e| at.sqlite(e))?;
        migrate(&mut conn, version, MIGRATIONS).map_err(|e| at.sqlite(e))?;
        Ok(Store {
            at,
            conn,
            lock: Some(lock),
        })
    }

    /// Opens the store of `root` for reading only, without the writer's lock: it works while
    /// a writer runs, and sees each of its transactions whole or not at all.
    ///
    /// # Errors
    ///
    /// [`StoreError::is_not_found`] when the root has no store yet; [`StoreError::is_too_new`]
    /// and [`StoreError::is_corrupt`] as for [`Store::open`]; an error saying to run `sync`
    /// when an older asyncdex wrote the file (reading cannot upgrade it).
    pub fn open_read_only(root: &Path) -> Result<Store, StoreError> {
        let at = Location::new(root);
        match fs::metadata(&at.file) {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(at.error(Kind::NotFound, None));
            }
            Err(e) => return Err(at.io(format!("read {}", at.file.display()), e)),
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = at.connect(flags)?;
        let version = at.schema_version(&conn)?;
        at.check_readable(version, latest(MIGRATIONS))?;
        Ok(Store {
            at,
            conn,
            lock: None,
        })
    }

    /// The output root this store belongs to.
    pub fn root(&self) -> &Path {
        &self.at.root
    }

    /// The chapter recorded under `id`, if any.
    ///
    /// # Errors
    ///
    /// A SQLite failure, or [`StoreError::is_corrupt`] when the stored row does not decode.
    pub fn chapter(&self, id: Uuid) -> Result<Option<ChapterRecord>, StoreError> {
        let sql = format!("{SELECT_CHAPTERS} WHERE id = ?1");
        let mut found = self.query_chapters(&sql, [id.to_string()])?;
        Ok(found.pop())
    }

    /// Every recorded chapter, ordered by manga, volume, chapter number and language.
    ///
    /// Volume and chapter numbers compare the way a reader counts (`"2"` < `"10"` <
    /// `"10.5"`); chapters without a volume or a number come after the numbered ones.
    ///
    /// # Errors
    ///
    /// As for [`Store::chapter`].
    pub fn chapters(&self) -> Result<Vec<ChapterRecord>, StoreError> {
        self.query_chapters(SELECT_CHAPTERS, [])
    }

    /// The recorded chapters of one manga, in the order of [`Store::chapters`].
    ///
    /// # Errors
    ///
    /// As for [`Store::chapter`].
    pub fn chapters_of(&self, manga: Uuid) -> Result<Vec<ChapterRecord>, StoreError> {
        let sql = format!("{SELECT_CHAPTERS} WHERE manga = ?1");
        self.query_chapters(&sql, [manga.to_string()])
    }

    /// The chapters recorded as living in `path` (a folder of pages or an archive, relative to
    /// the root), e.g. the chapters of one volume archive, in the order of
    /// [`Store::chapters`]. `a/./b` and `a/b` name the same place.
    ///
    /// # Errors
    ///
    /// [`StoreError`] of kind InvalidPath when `path` is absolute, climbs with `..`, is empty
    /// or is not UTF-8; otherwise as for [`Store::chapter`].
    pub fn chapters_in(&self, path: &Path) -> Result<Vec<ChapterRecord>, StoreError> {
        let path = self.at.chapter_path(path)?;
        let sql = format!("{SELECT_CHAPTERS} WHERE path = ?1");
        self.query_chapters(&sql, [path])
    }

    /// Records one chapter, replacing what was recorded under its id.
    ///
    /// # Errors
    ///
    /// InvalidPath when its path is not relative to the root (see [`Store::chapters_in`]);
    /// a record error when a value does not fit the store (a size past `i64::MAX` bytes, a
    /// time outside years 0 to 9999); a SQLite failure (a read-only store, a full disk).
    pub fn record_chapter(&self, chapter: &ChapterRecord) -> Result<(), StoreError> {
        let row = ChapterRow::encode(&self.at, chapter)?;
        row.insert(&self.conn).map_err(|e| self.at.sqlite(e))
    }

    /// Records several chapters in one transaction: all of them or, on any error, none (a
    /// rebuilt volume archive records all its chapters at once). Each replaces what was
    /// recorded under its id.
    ///
    /// # Errors
    ///
    /// As for [`Store::record_chapter`]; every record is checked before anything is written.
    pub fn record_chapters(&self, chapters: &[ChapterRecord]) -> Result<(), StoreError> {
        let rows = chapters
            .iter()
            .map(|chapter| ChapterRow::encode(&self.at, chapter))
            .collect::<Result<Vec<_>, _>>()?;
        self.in_transaction(|conn| rows.iter().try_for_each(|row| row.insert(conn)))
    }

    /// Forgets the chapter recorded under `id` (its files are gone), so that the next `sync`
    /// fetches it again. Returns whether there was one.
    ///
    /// # Errors
    ///
    /// A SQLite failure.
    pub fn forget_chapter(&self, id: Uuid) -> Result<bool, StoreError> {
        let deleted = self
            .conn
            .execute("DELETE FROM chapter WHERE id = ?1", [id.to_string()])
            .map_err(|e| self.at.sqlite(e))?;
        Ok(deleted > 0)
    }

    /// Every followed series, by title (case-insensitively for ASCII), then by manga id.
    ///
    /// # Errors
    ///
    /// A SQLite failure, or [`StoreError::is_corrupt`] when a stored row does not decode.
    pub fn series(&self) -> Result<Vec<SeriesRecord>, StoreError> {
        let sql = format!("{SELECT_SERIES} ORDER BY title COLLATE NOCASE, manga");
        self.query(&sql, [], series_from_row)
    }

    /// The series recorded for `manga`, if the library follows it.
    ///
    /// # Errors
    ///
    /// As for [`Store::series`].
    pub fn series_record(&self, manga: Uuid) -> Result<Option<SeriesRecord>, StoreError> {
        let sql = format!("{SELECT_SERIES} WHERE manga = ?1");
        let mut found = self.query(&sql, [manga.to_string()], series_from_row)?;
        Ok(found.pop())
    }

    /// Records a followed series, replacing what was recorded for its manga.
    ///
    /// # Errors
    ///
    /// InvalidPath when its folder is absolute, climbs with `..` or is not UTF-8 (an empty
    /// folder is the root itself); a record error for a time outside years 0 to 9999; a SQLite
    /// failure.
    pub fn record_series(&self, series: &SeriesRecord) -> Result<(), StoreError> {
        let folder = self.at.relative_path(&series.folder)?;
        let options = serde_json::to_string(&series.options).map_err(|e| {
            self.at
                .invalid_record(format!("its options are not JSON: {e}"))
        })?;
        let added_at = self.at.stored_time(series.added_at)?;
        let info = series.info.as_ref().map(serde_json::Value::to_string);
        self.conn
            .execute(
                INSERT_SERIES,
                params![
                    series.manga.to_string(),
                    series.title,
                    folder,
                    options,
                    series.latest_uploaded_chapter.map(|id| id.to_string()),
                    added_at,
                    info,
                ],
            )
            .map(drop)
            .map_err(|e| self.at.sqlite(e))
    }

    /// The sync watermark under `key` (e.g. `"followed"` or `"manga:<uuid>"`), if set.
    ///
    /// # Errors
    ///
    /// A SQLite failure, or [`StoreError::is_corrupt`] when the stored time does not parse.
    pub fn mark(&self, key: &str) -> Result<Option<OffsetDateTime>, StoreError> {
        self.conn
            .query_row("SELECT at FROM mark WHERE key = ?1", [key], |row| {
                parsed(row, 0, parse_time)
            })
            .optional()
            .map_err(|e| self.at.sqlite(e))
    }

    /// Sets the sync watermark under `key` to `at`, replacing the one there.
    ///
    /// # Errors
    ///
    /// A record error for a time outside years 0 to 9999; a SQLite failure.
    pub fn set_mark(&self, key: &str, at: OffsetDateTime) -> Result<(), StoreError> {
        let at = self.at.stored_time(at)?;
        self.conn
            .execute(
                "INSERT OR REPLACE INTO mark (key, at) VALUES (?1, ?2)",
                params![key, at],
            )
            .map(drop)
            .map_err(|e| self.at.sqlite(e))
    }

    fn query_chapters<P: Params>(
        &self,
        sql: &str,
        params: P,
    ) -> Result<Vec<ChapterRecord>, StoreError> {
        let mut chapters = self.query(sql, params, chapter_from_row)?;
        chapters.sort_by(library_order);
        Ok(chapters)
    }

    fn query<T, P: Params>(
        &self,
        sql: &str,
        params: P,
        decode: fn(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, StoreError> {
        let run = || {
            let mut statement = self.conn.prepare_cached(sql)?;
            let rows = statement.query_map(params, decode)?;
            rows.collect::<rusqlite::Result<Vec<T>>>()
        };
        run().map_err(|e| self.at.sqlite(e))
    }

    fn in_transaction(
        &self,
        write: impl FnOnce(&Connection) -> rusqlite::Result<()>,
    ) -> Result<(), StoreError> {
        let run = || {
            // Dropped without commit on an error, which rolls back.
            let transaction = self.conn.unchecked_transaction()?;
            write(&transaction)?;
            transaction.commit()
        };
        run().map_err(|e| self.at.sqlite(e))
    }
}

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
    /// Its metadata as the last download planned it (a [`SeriesInfo`](super::SeriesInfo) as
    /// JSON; the store keeps it without looking in): a re-run that finds nothing new in the
    /// feed plans from it instead of asking the API again.
    pub info: Option<serde_json::Value>,
}

/// Why the library store could not be opened, read or written.
///
/// Its message is one line that says what to do. Ask what happened with the `is_*` methods;
/// [`source`](StdError::source) gives the file system or SQLite error underneath, when there
/// is one.
#[derive(Debug)]
pub struct StoreError {
    at: Location,
    kind: Kind,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

#[derive(Debug)]
enum Kind {
    Locked,
    TooNew { found: u32, known: u32 },
    Outdated { found: u32, known: u32 },
    NotFound,
    Corrupt { detail: String },
    InvalidPath { path: PathBuf, why: &'static str },
    InvalidRecord { detail: String },
    Io { action: String },
    Sqlite,
}

impl StoreError {
    /// Another store, in this process or another one, has the root open for writing.
    pub fn is_locked(&self) -> bool {
        matches!(self.kind, Kind::Locked)
    }

    /// A newer asyncdex wrote the store, with a schema this one does not know.
    pub fn is_too_new(&self) -> bool {
        matches!(self.kind, Kind::TooNew { .. })
    }

    /// The root has no store to read (only [`Store::open_read_only`] says so).
    pub fn is_not_found(&self) -> bool {
        matches!(self.kind, Kind::NotFound)
    }

    /// The store file is damaged, or is not a SQLite database at all. It is left as it was.
    pub fn is_corrupt(&self) -> bool {
        matches!(self.kind, Kind::Corrupt { .. })
    }

    /// The store file this error is about: `<root>/.asyncdex/library.sqlite3`.
    pub fn path(&self) -> &Path {
        &self.at.file
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.at.file.display();
        let root = self.at.root.display();
        let cause = self
            .source
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        match &self.kind {
            Kind::Locked => write!(
                f,
                "another asyncdex is working on the library in {root}: wait for it to finish \
                 (the lock is {})",
                self.at.root.join(DIR).join(LOCK).display()
            ),
            Kind::TooNew { found, known } => write!(
                f,
                "the library store {file} was written by a newer asyncdex (schema {found}, this \
                 one knows up to {known}): upgrade asyncdex"
            ),
            Kind::Outdated { found, known } => write!(
                f,
                "the library store {file} was written by an older asyncdex (schema {found}, this \
                 one reads {known}): run sync on {root} to upgrade it"
            ),
            Kind::NotFound => write!(
                f,
                "no library in {root} (no {DIR}/{FILE}): download something into it first"
            ),
            Kind::Corrupt { detail } => write!(
                f,
                "the library store {file} is damaged ({detail}): move it away and run sync again \
                 to rebuild it"
            ),
            Kind::InvalidPath { path, why } => write!(
                f,
                "the path \"{}\" cannot go in the library store {file}: {why}",
                path.display()
            ),
            Kind::InvalidRecord { detail } => write!(
                f,
                "cannot record this in the library store {file}: {detail}"
            ),
            Kind::Io { action } => write!(
                f,
                "cannot {action} for the library store {file} ({cause}): check that the folder \
                 exists and is writable"
            ),
            Kind::Sqlite => write!(
                f,
                "the library store {file} could not be used ({cause}): check that the disk has \
                 room and that the folder and the file are writable"
            ),
        }
    }
}

impl StdError for StoreError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

/// Where a store lives; everything an error needs to say so.
#[derive(Debug, Clone)]
struct Location {
    root: PathBuf,
    file: PathBuf,
}

impl Location {
    fn new(root: &Path) -> Location {
        Location {
            root: root.to_path_buf(),
            file: root.join(DIR).join(FILE),
        }
    }

    fn error(&self, kind: Kind, source: Option<Box<dyn StdError + Send + Sync>>) -> StoreError {
        StoreError {
            at: self.clone(),
            kind,
            source,
        }
    }

    fn io(&self, action: String, error: io::Error) -> StoreError {
        self.error(Kind::Io { action }, Some(Box::new(error)))
    }

    fn invalid_record(&self, detail: String) -> StoreError {
        self.error(Kind::InvalidRecord { detail }, None)
    }

    /// A SQLite failure, told apart: a damaged file or a stored value that does not decode
    /// means the file needs rebuilding; anything else is the machine's trouble.
    fn sqlite(&self, error: rusqlite::Error) -> StoreError {
        let damaged = match &error {
            rusqlite::Error::SqliteFailure(failure, _) => {
                matches!(
                    failure.code,
                    ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt
                )
            }
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::Utf8Error(..) => true,
            _ => false,
        };
        let kind = if damaged {
            Kind::Corrupt {
                detail: error.to_string(),
            }
        } else {
            Kind::Sqlite
        };
        self.error(kind, Some(Box::new(error)))
    }

    /// Takes the root's writer lock, or says who has it.
    fn lock(&self) -> Result<File, StoreError> {
        let path = self.root.join(DIR).join(LOCK);
        let lock = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| self.io(format!("open the lock {}", path.display()), e))?;
        match lock.try_lock() {
            Ok(()) => Ok(lock),
            Err(TryLockError::WouldBlock) => Err(self.error(Kind::Locked, None)),
            Err(TryLockError::Error(e)) => Err(self.io(format!("lock {}", path.display()), e)),
        }
    }

    fn connect(&self, flags: OpenFlags) -> Result<Connection, StoreError> {
        let conn = Connection::open_with_flags(&self.file, flags).map_err(|e| self.sqlite(e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| self.sqlite(e))?;
        Ok(conn)
    }

    fn schema_version(&self, conn: &Connection) -> Result<u32, StoreError> {
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.sqlite(e))?;
        u32::try_from(version).map_err(|_| {
            let detail = format!("its schema version {version} is not one asyncdex writes");
            self.error(Kind::Corrupt { detail }, None)
        })
    }

    /// Whether a reader, which cannot migrate, can use a store at `version`.
    fn check_readable(&self, version: u32, latest: u32) -> Result<(), StoreError> {
        let kind = match version.cmp(&latest) {
            Ordering::Equal => return Ok(()),
            Ordering::Greater => Kind::TooNew {
                found: version,
                known: latest,
            },
            // Version 0 is a file no writer ever finished creating: nothing was recorded.
            Ordering::Less if version == 0 => Kind::NotFound,
            Ordering::Less => Kind::Outdated {
                found: version,
                known: latest,
            },
        };
        Err(self.error(kind, None))
    }

    /// A chapter's path as stored; a chapter always lives somewhere below the root.
    fn chapter_path(&self, path: &Path) -> Result<String, StoreError> {
        match self.relative_path(path)? {
            stored if stored.is_empty() => Err(self.error(
                Kind::InvalidPath {
                    path: path.to_path_buf(),
                    why: "a chapter lives in a file or folder below the library root, not in \
                          the root itself: give that file or folder",
                },
                None,
            )),
            stored => Ok(stored),
        }
    }

    fn relative_path(&self, path: &Path) -> Result<String, StoreError> {
        stored_path(path).map_err(|why| {
            self.error(
                Kind::InvalidPath {
                    path: path.to_path_buf(),
                    why,
                },
                None,
            )
        })
    }

    fn stored_time(&self, at: OffsetDateTime) -> Result<String, StoreError> {
        stored_time(at).ok_or_else(|| {
            self.invalid_record(format!(
                "the time {at} is outside the years 0 to 9999 the store can hold"
            ))
        })
    }
}

/// Sets what the writer's connection needs. WAL lets readers run beside the writer and
/// keeps the file whole across crashes; `synchronous=NORMAL` is durable enough under WAL (a
/// power cut may lose the last transactions, never the file).
fn configure_writer(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")
}

/// The schema version that `migrations` lead to.
fn latest(migrations: &[&str]) -> u32 {
    u32::try_from(migrations.len()).unwrap_or(u32::MAX)
}

/// Brings a store from schema `from` to the last of `migrations`, one transaction per step,
/// so that a crash between steps leaves a store at a version it can go on from.
fn migrate(conn: &mut Connection, from: u32, migrations: &[&str]) -> rusqlite::Result<()> {
    for (version, sql) in (1u32..)
        .zip(migrations)
        .filter(|(version, _)| *version > from)
    {
        let transaction = conn.transaction()?;
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", version)?;
        transaction.commit()?;
    }
    Ok(())
}

/// A record path as stored: its components joined by `/`, `.` dropped. Refuses what does not
/// stay below the root, and what would not come back the same (a non-UTF-8 name).
fn stored_path(path: &Path) -> Result<String, &'static str> {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(
                part.to_str()
                    .ok_or("the path is not valid UTF-8: rename the file or folder")?,
            ),
            Component::CurDir => {}
            Component::ParentDir => {
                return Err(
                    "the path climbs out with `..`: give it relative to the library \
                            root, without `..`",
                );
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err("the path is absolute: give it relative to the library root");
            }
        }
    }
    Ok(parts.join("/"))
}

/// A stored path read back, checked as on the way in: a hand-edited store must not point a
/// sync outside its root.
fn path_from_store(text: &str) -> Result<PathBuf, &'static str> {
    stored_path(Path::new(text)).map(PathBuf::from)
}

/// `at` as stored, or `None` when it falls outside years 0 to 9999 (which RFC 3339 cannot
/// write).
fn stored_time(at: OffsetDateTime) -> Option<String> {
    let utc = at.checked_to_offset(UtcOffset::UTC)?;
    if !(0..=9999).contains(&utc.year()) {
        return None;
    }
    utc.format(STORED_TIME).ok()
}

fn parse_time(text: &str) -> Result<OffsetDateTime, time::error::Parse> {
    OffsetDateTime::parse(text, &Rfc3339)
}

/// A chapter, ready for the database: every value that needs converting, converted.
struct ChapterRow<'a> {
    record: &'a ChapterRecord,
    groups: String,
    group_names: String,
    bytes: i64,
    path: String,
    publish_at: String,
    downloaded_at: String,
}

impl<'a> ChapterRow<'a> {
    fn encode(at: &Location, record: &'a ChapterRecord) -> Result<ChapterRow<'a>, StoreError> {
        let json = |what: &str, value: Result<String, serde_json::Error>| {
            value.map_err(|e| at.invalid_record(format!("its {what} are not JSON: {e}")))
        };
        let bytes = i64::try_from(record.bytes).map_err(|_| {
            at.invalid_record(format!(
                "chapter {} is {} bytes, more than the store can count",
                record.id, record.bytes
            ))
        })?;
        Ok(ChapterRow {
            record,
            groups: json("groups", serde_json::to_string(&record.groups))?,
            group_names: json("group names", serde_json::to_string(&record.group_names))?,
            bytes,
            path: at.chapter_path(&record.path)?,
            publish_at: at.stored_time(record.publish_at)?,
            downloaded_at: at.stored_time(record.downloaded_at)?,
        })
    }

    fn insert(&self, conn: &Connection) -> rusqlite::Result<()> {
        let record = self.record;
        conn.prepare_cached(INSERT_CHAPTER)?.execute(params![
            record.id.to_string(),
            record.manga.to_string(),
            record.volume,
            record.chapter,
            record.title,
            record.language,
            self.groups,
            self.group_names,
            record.uploader.map(|id| id.to_string()),
            record.pages,
            self.bytes,
            self.path,
            record.entry_prefix,
            self.publish_at,
            self.downloaded_at,
        ])?;
        Ok(())
    }
}

fn chapter_from_row(row: &Row<'_>) -> rusqlite::Result<ChapterRecord> {
    Ok(ChapterRecord {
        id: parsed(row, 0, Uuid::parse_str)?,
        manga: parsed(row, 1, Uuid::parse_str)?,
        volume: row.get(2)?,
        chapter: row.get(3)?,
        title: row.get(4)?,
        language: row.get(5)?,
        groups: parsed(row, 6, |text| serde_json::from_str(text))?,
        group_names: parsed(row, 7, |text| serde_json::from_str(text))?,
        uploader: parsed_optional(row, 8, Uuid::parse_str)?,
        pages: row.get(9)?,
        bytes: unsigned(row, 10)?,
        path: parsed(row, 11, path_from_store)?,
        entry_prefix: row.get(12)?,
        publish_at: parsed(row, 13, parse_time)?,
        downloaded_at: parsed(row, 14, parse_time)?,
    })
}

fn series_from_row(row: &Row<'_>) -> rusqlite::Result<SeriesRecord> {
    Ok(SeriesRecord {
        manga: parsed(row, 0, Uuid::parse_str)?,
        title: row.get(1)?,
        folder: parsed(row, 2, path_from_store)?,
        options: parsed(row, 3, |text| serde_json::from_str(text))?,
        latest_uploaded_chapter: parsed_optional(row, 4, Uuid::parse_str)?,
        added_at: parsed(row, 5, parse_time)?,
        info: parsed_optional(row, 6, |text| serde_json::from_str(text))?,
    })
}

/// The text in column `index`, parsed; a value that does not parse is a conversion failure,
/// which [`Location::sqlite`] reports as a damaged store naming the column.
fn parsed<T, E>(
    row: &Row<'_>,
    index: usize,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> rusqlite::Result<T>
where
    E: fmt::Display,
{
    let text: String = row.get(index)?;
    parse(&text).map_err(|e| bad_value(row, index, Type::Text, &e))
}

fn parsed_optional<T, E>(
    row: &Row<'_>,
    index: usize,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> rusqlite::Result<Option<T>>
where
    E: fmt::Display,
{
    let text: Option<String> = row.get(index)?;
    text.map(|text| parse(&text).map_err(|e| bad_value(row, index, Type::Text, &e)))
        .transpose()
}

fn unsigned(row: &Row<'_>, index: usize) -> rusqlite::Result<u64> {
    let value: i64 = row.get(index)?;
    u64::try_from(value).map_err(|e| bad_value(row, index, Type::Integer, &e))
}

fn bad_value(row: &Row<'_>, index: usize, kind: Type, why: &dyn fmt::Display) -> rusqlite::Error {
    let column = row.as_ref().column_name(index).unwrap_or("?");
    rusqlite::Error::FromSqlConversionFailure(
        index,
        kind,
        format!("column {column} holds a bad value: {why}").into(),
    )
}

/// The order of [`Store::chapters`]: reading order within each manga, with the same number
/// order as the plan's.
fn library_order(a: &ChapterRecord, b: &ChapterRecord) -> Ordering {
    a.manga
        .cmp(&b.manga)
        .then_with(|| compare_numbers(a.volume.as_deref(), b.volume.as_deref()))
        .then_with(|| compare_numbers(a.chapter.as_deref(), b.chapter.as_deref()))
        .then_with(|| a.language.cmp(&b.language))
        .then_with(|| a.id.cmp(&b.id))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

    use serde_json::json;
    use time::macros::datetime;

    use super::*;

    /// A fresh folder under the system's temp dir, removed when dropped.
    struct TempRoot(PathBuf);

    impl TempRoot {
        fn new() -> TempRoot {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let n = NEXT.fetch_add(1, AtomicOrdering::Relaxed);
            let dir = std::env::temp_dir()
                .join(format!("asyncdex-store-unit-{}-{n}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            TempRoot(dir)
        }
    }

    impl Drop for TempRoot {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn chapter(n: u128, manga: u128, volume: Option<&str>, number: Option<&str>) -> ChapterRecord {
        ChapterRecord {
            id: Uuid::from_u128(n),
            manga: Uuid::from_u128(manga),
            volume: volume.map(str::to_owned),
            chapter: number.map(str::to_owned),
            title: Some(format!("Chapter {n}")),
            language: "en".to_owned(),
            groups: vec![Uuid::from_u128(100), Uuid::from_u128(101)],
            group_names: vec!["First Scans".to_owned(), "Ünïcode “group”".to_owned()],
            uploader: Some(Uuid::from_u128(200)),
            pages: 24,
            bytes: 5_000_000_000,
            path: PathBuf::from(format!("Manga {manga}/c{n}")),
            entry_prefix: None,
            publish_at: datetime!(2024-05-01 12:00:00 UTC),
            downloaded_at: datetime!(2024-05-02 08:30:15.123456789 +02:00),
        }
    }

    fn series(manga: u128, title: &str) -> SeriesRecord {
        SeriesRecord {
            manga: Uuid::from_u128(manga),
            title: title.to_owned(),
            folder: PathBuf::from(title),
            options: json!({"language": ["en"], "pack": "volume", "nested": {"n": 1.5}}),
            latest_uploaded_chapter: Some(Uuid::from_u128(manga + 1)),
            added_at: datetime!(2023-12-31 23:59:59.5 -05:00),
            info: None,
        }
    }

    #[test]
    fn a_store_moves_between_threads_and_its_errors_everywhere() {
        fn send<T: Send>() {}
        fn send_sync<T: Send + Sync + 'static>() {}
        send::<Store>();
        send_sync::<StoreError>();
    }

    #[test]
    fn every_chapter_field_comes_back() {
        let root = TempRoot::new();
        let store = Store::open(&root.0).unwrap();
        let full = ChapterRecord {
            entry_prefix: Some("v01/c010.5/".to_owned()),
            ..chapter(1, 9, Some("1"), Some("10.5"))
        };
        let bare = ChapterRecord {
            volume: None,
            chapter: None,
            title: None,
            groups: Vec::new(),
            group_names: Vec::new(),
            uploader: None,
            pages: 0,
            bytes: 0,
            ..chapter(2, 9, None, None)
        };
        store.record_chapter(&full).unwrap();
        store.record_chapter(&bare).unwrap();
        assert_eq!(store.chapter(full.id).unwrap(), Some(full));
        assert_eq!(store.chapter(bare.id).unwrap(), Some(bare));
        assert_eq!(store.chapter(Uuid::from_u128(3)).unwrap(), None);
    }

    #[test]
    fn the_largest_sizes_and_page_counts_come_back() {
        let root = TempRoot::new();
        let store = Store::open(&root.0).unwrap();
        let big = ChapterRecord {
            pages: u32::MAX,
            bytes: i64::MAX.unsigned_abs(),
            ..chapter(1, 9, None, None)
        };
        store.record_chapter(&big).unwrap();
        assert_eq!(store.chapter(big.id).unwrap(), Some(big));
    }

    #[test]
    fn what_does_not_fit_is_refused_without_writing() {
        let root = TempRoot::new();
        let store = Store::open(&root.0).unwrap();
        let huge = ChapterRecord {
            bytes: u64::MAX,
            ..chapter(1, 9, None, None)
        };
        let err = store.record_chapter(&huge).unwrap_err();
        assert!(
            err.to_string().contains("more than the store can count"),
            "{err}"
        );
        let ancient = ChapterRecord {
            publish_at: datetime!(-0001-01-01 00:00 UTC),
            ..chapter(2, 9, None, None)
        };
        let err = store.record_chapter(&ancient).unwrap_err();
        assert!(
            err.to_string().contains("outside the years 0 to 9999"),
            "{err}"
        );
        // A bad record in a batch stops the whole batch before anything is written.
        let err = store
            .record_chapters(&[chapter(3, 9, None, None), huge])
            .unwrap_err();
        assert!(!err.is_corrupt());
        assert_eq!(store.chapters().unwrap(), Vec::new());
    }

    #[test]
    fn a_record_replaces_the_one_under_its_id() {
        let root = TempRoot::new();
        let store = Store::open(&root.0).unwrap();
        let first = chapter(1, 9, Some("1"), Some("1"));
        store.record_chapter(&first).unwrap();
        let moved = ChapterRecord {
            path: PathBuf::from("elsewhere/c1.cbz"),
            ..first
        };
        store.record_chapter(&moved).unwrap();
        assert_eq!(store.chapters().unwrap(), vec![moved]);
    }

    #[test]
    fn forgetting_a_chapter_says_whether_there_was_one() {
        let root = TempRoot::new();
        let store = Store::open(&root.0).unwrap();
        store
            .record_chapter(&chapter(1, 9, None, Some("1")))
            .unwrap();
        assert!(store.forget_chapter(Uuid::from_u128(1)).unwrap());
        assert!(!store.forget_chapter(Uuid::from_u128(1)).unwrap());
        assert_eq!(store.chapter(Uuid::from_u128(1)).unwrap(), None);
    }

    #[test]
    fn chapters_of_and_in_select_and_order() {
        let root = TempRoot::new();
        let store = Store::open(&root.0).unwrap();
        let archive = PathBuf::from("Manga/Manga v01.cbz");
        let in_archive = |n, number: &str| ChapterRecord {
            path: archive.clone(),
            entry_prefix: Some(format!("c{number}/")),
            ..chapter(n, 9, Some("1"), Some(number))
        };
        let (ten, two, other) = (
            in_archive(1, "10"),
            in_archive(2, "2"),
            chapter(3, 9, None, Some("11")),
        );
        store
            .record_chapters(&[ten.clone(), other.clone(), two.clone()])
            .unwrap();
        store
            .record_chapter(&chapter(4, 8, None, Some("1")))
            .unwrap();
        assert_eq!(
            store.chapters_in(&archive).unwrap(),
            vec![two.clone(), ten.clone()]
        );
        assert_eq!(
            store
                .chapters_in(Path::new("./Manga//Manga v01.cbz"))
                .unwrap()
                .len(),
            2
        );
        assert_eq!(store.chapters_in(Path::new("Manga")).unwrap(), Vec::new());
        assert_eq!(
            store.chapters_of(Uuid::from_u128(9)).unwrap(),
            vec![two, ten, other]
        );
        assert_eq!(store.chapters_of(Uuid::from_u128(7)).unwrap(), Vec::new());
    }

    #[test]
    fn paths_must_stay_below_the_root() {
        let root = TempRoot::new();
        let store = Store::open(&root.0).unwrap();
        for path in ["/abs/c1", "../c1", "a/../../c1", "", "."] {
            let record = ChapterRecord {
                path: PathBuf::from(path),
                ..chapter(1, 9, None, None)
            };
            let err = store.record_chapter(&record).unwrap_err();
            assert!(
                matches!(err.kind, Kind::InvalidPath { .. }),
                "{path}: {err}"
            );
        }
        assert!(store.chapters_in(Path::new("/abs")).is_err());
        assert_eq!(store.chapters().unwrap(), Vec::new());
        let at_root = SeriesRecord {
            folder: PathBuf::new(),
            ..series(1, "Root")
        };
        store.record_series(&at_root).unwrap();
        assert_eq!(store.series_record(at_root.manga).unwrap(), Some(at_root));
        let outside = SeriesRecord {
            folder: PathBuf::from("../x"),
            ..series(2, "Out")
        };
        assert!(store.record_series(&outside).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_non_utf8_path_is_refused_not_mangled() {
        use std::os::unix::ffi::OsStrExt;

        let root = TempRoot::new();
        let store = Store::open(&root.0).unwrap();
        let path = PathBuf::from(std::ffi::OsStr::from_bytes(b"Manga/c\xff1"));
        let err = store
            .record_chapter(&ChapterRecord {
                path,
                ..chapter(1, 9, None, None)
            })
            .unwrap_err();
        assert!(err.to_string().contains("not valid UTF-8"), "{err}");
        assert_eq!(store.chapters().unwrap(), Vec::new());
    }

    #[test]
    fn stored_paths_are_normalised() {
        assert_eq!(stored_path(Path::new("a/./b//c/")), Ok("a/b/c".to_owned()));
        assert_eq!(stored_path(Path::new("")), Ok(String::new()));
        assert!(stored_path(Path::new("a/../b")).is_err());
        assert!(path_from_store("/etc").is_err());
    }

    #[test]
    fn series_come_back_by_title_and_are_replaced() {
        let root = TempRoot::new();
        let store = Store::open(&root.0).unwrap();
        let (b, a) = (series(1, "beta"), series(2, "Alpha"));
        store.record_series(&b).unwrap();
        store.record_series(&a).unwrap();
        assert_eq!(store.series().unwrap(), vec![a.clone(), b.clone()]);
        let bare = SeriesRecord {
            latest_uploaded_chapter: None,
            options: json!(null),
            ..b
        };
        store.record_series(&bare).unwrap();
        assert_eq!(store.series_record(bare.manga).unwrap(), Some(bare.clone()));
        assert_eq!(store.series().unwrap(), vec![a, bare]);
        assert_eq!(store.series_record(Uuid::from_u128(3)).unwrap(), None);
    }

    #[test]
    fn marks_are_set_read_and_replaced() {
        let root = TempRoot::new();
        let store = Store::open(&root.0).unwrap();
        assert_eq!(store.mark("followed").unwrap(), None);
        store
            .set_mark("followed", datetime!(2024-01-01 00:00 +09:00))
            .unwrap();
        store
            .set_mark("manga:x", datetime!(2024-02-01 00:00 UTC))
            .unwrap();
        assert_eq!(
            store.mark("followed").unwrap(),
            Some(datetime!(2023-12-31 15:00 UTC))
        );
        store
            .set_mark("followed", datetime!(2024-03-01 00:00:00.000000001 UTC))
            .unwrap();
        assert_eq!(
            store.mark("followed").unwrap(),
            Some(datetime!(2024-03-01 00:00:00.000000001 UTC))
        );
        assert_eq!(
            store.mark("manga:x").unwrap(),
            Some(datetime!(2024-02-01 00:00 UTC))
        );
    }

    #[test]
    fn stored_times_sort_as_text_in_time_order() {
        let times = [
            datetime!(2024-01-01 00:00:00 UTC),
            datetime!(2024-01-01 00:00:00.5 UTC),
            datetime!(2024-01-01 00:00:01 UTC),
            datetime!(2024-01-01 01:00:00 +02:00),
        ];
        let mut stored: Vec<String> = times.iter().map(|t| stored_time(*t).unwrap()).collect();
        assert_eq!(stored[0], "2024-01-01T00:00:00.000000000Z");
        stored.sort();
        let mut by_time = times.to_vec();
        by_time.sort();
        let back: Vec<OffsetDateTime> = stored.iter().map(|s| parse_time(s).unwrap()).collect();
        assert_eq!(back, by_time);
    }

    #[test]
    fn migrations_run_in_order_and_only_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        let steps = ["CREATE TABLE one (a)", "CREATE TABLE two (b)"];
        migrate(&mut conn, 0, &steps[..1]).unwrap();
        let version = |conn: &Connection| -> u32 {
            conn.pragma_query_value(None, "user_version", |row| row.get(0))
                .unwrap()
        };
        assert_eq!(version(&conn), 1);
        // A second run from version 1 applies only the new step (re-running the first fails).
        migrate(&mut conn, 1, &steps).unwrap();
        assert_eq!(version(&conn), 2);
        conn.execute_batch("SELECT a FROM one; SELECT b FROM two")
            .unwrap();
    }

    #[test]
    fn a_failed_migration_leaves_the_previous_version_whole() {
        let mut conn = Connection::open_in_memory().unwrap();
        let steps = ["CREATE TABLE one (a)", "CREATE TABLE two (b); NOT SQL"];
        assert!(migrate(&mut conn, 0, &steps).is_err());
        let version: u32 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, 1);
        assert!(conn.execute_batch("SELECT b FROM two").is_err());
    }

    #[test]
    fn readers_refuse_what_they_cannot_read() {
        let at = Location::new(Path::new("/lib"));
        assert!(at.check_readable(2, 2).is_ok());
        assert!(at.check_readable(3, 2).unwrap_err().is_too_new());
        assert!(at.check_readable(0, 2).unwrap_err().is_not_found());
        let outdated = at.check_readable(1, 2).unwrap_err();
        assert_eq!(
            outdated.to_string(),
            format!(
                "the library store {} was written by an older asyncdex (schema 1, this one \
                 reads 2): run sync on /lib to upgrade it",
                Path::new("/lib/.asyncdex/library.sqlite3").display()
            )
        );
    }

    #[test]
    fn a_read_only_store_refuses_writes() {
        let root = TempRoot::new();
        drop(Store::open(&root.0).unwrap());
        let reader = Store::open_read_only(&root.0).unwrap();
        let err = reader
            .record_chapter(&chapter(1, 9, None, None))
            .unwrap_err();
        assert!(err.source().is_some());
        assert!(!err.is_corrupt());
        assert_eq!(
            format!("{reader:?}"),
            format!("Store {{ root: {:?}, read_only: true, .. }}", root.0)
        );
    }

    #[test]
    fn a_hand_edited_bad_value_reads_as_damage() {
        let root = TempRoot::new();
        let store = Store::open(&root.0).unwrap();
        store.record_chapter(&chapter(1, 9, None, None)).unwrap();
        store
            .conn
            .execute("UPDATE chapter SET publish_at = 'yesterday'", [])
            .unwrap();
        let err = store.chapters().unwrap_err();
        assert!(err.is_corrupt(), "{err}");
        assert!(err.to_string().contains("column publish_at"), "{err}");
        store
            .conn
            .execute(
                "UPDATE chapter SET path = '/etc', publish_at = downloaded_at",
                [],
            )
            .unwrap();
        assert!(store.chapter(Uuid::from_u128(1)).unwrap_err().is_corrupt());
    }
}
