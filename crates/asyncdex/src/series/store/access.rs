//! Opening a store's file: the writer lock, the connection, and the schema version it is at.

use std::cmp::Ordering;
use std::fs::{File, OpenOptions, TryLockError};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::error::{Kind, StoreError};
use super::location::Location;
use super::{DIR, LOCK};

/// How long a statement waits for the database to be free. Only one writer runs per root, so
/// this covers readers meeting a checkpoint: short waits, never a queue.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl Location {
    /// Takes the root's writer lock, or says who has it.
    pub(super) fn lock(&self) -> Result<File, StoreError> {
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

    pub(super) fn connect(&self, flags: OpenFlags) -> Result<Connection, StoreError> {
        let conn = Connection::open_with_flags(&self.file, flags).map_err(|e| self.sqlite(e))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(|e| self.sqlite(e))?;
        Ok(conn)
    }

    pub(super) fn schema_version(&self, conn: &Connection) -> Result<u32, StoreError> {
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(|e| self.sqlite(e))?;
        u32::try_from(version).map_err(|_| {
            let detail = format!("its schema version {version} is not one asyncdex writes");
            self.error(Kind::Corrupt { detail }, None)
        })
    }

    /// Whether a reader, which cannot migrate, can use a store at `version`.
    pub(super) fn check_readable(&self, version: u32, latest: u32) -> Result<(), StoreError> {
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
}
