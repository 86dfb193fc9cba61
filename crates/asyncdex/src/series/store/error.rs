//! [`StoreError`]: why the store could not be opened, read or written, and what to do.

use std::error::Error as StdError;
use std::fmt;
use std::path::{Path, PathBuf};

use super::location::Location;
use super::{DIR, FILE, LOCK};

/// Why the library store could not be opened, read or written.
///
/// Its message is one line that says what to do. Ask what happened with the `is_*` methods;
/// [`source`](StdError::source) gives the file system or SQLite error underneath, when there
/// is one.
#[derive(Debug)]
pub struct StoreError {
    pub(super) at: Location,
    pub(super) kind: Kind,
    pub(super) source: Option<Box<dyn StdError + Send + Sync>>,
}

#[derive(Debug)]
pub(super) enum Kind {
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

    /// The root has no store to read (only
    /// [`Store::open_read_only`](super::Store::open_read_only) says so).
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
