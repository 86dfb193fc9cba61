//! The sync watermarks of [`Store`]: one time per key.

use rusqlite::{OptionalExtension, params};
use time::OffsetDateTime;

use super::columns::parsed;
use super::error::StoreError;
use super::open::Store;
use super::times::parse_time;

impl Store {
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
}
