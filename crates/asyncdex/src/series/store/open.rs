//! The [`Store`] itself: opening a root's store as its writer or as a reader.

use std::fmt;
use std::fs::{self, File};
use std::io;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::DIR;
use super::error::{Kind, StoreError};
use super::location::Location;
use super::schema::{MIGRATIONS, configure_writer, latest, migrate};

/// The library store of one output root. See the [module docs](super).
///
/// A store opened with [`Store::open`] is the root's only writer until it is dropped; one
/// opened with [`Store::open_read_only`] only reads (its writes fail with a [`StoreError`]).
pub struct Store {
    pub(super) at: Location,
    // Declared before `lock` so that it closes (and checkpoints its WAL) while the lock is
    // still held: fields drop in declaration order.
    pub(super) conn: Connection,
    // Held only to keep the OS lock: dropping the file releases it. `None` when read-only.
    pub(super) lock: Option<File>,
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
}
