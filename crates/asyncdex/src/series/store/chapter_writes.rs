//! The chapter writes of [`Store`]: recording one or several chapters, forgetting one.

use uuid::Uuid;

use super::chapter_row::ChapterRow;
use super::error::StoreError;
use super::open::Store;
use super::records::ChapterRecord;

impl Store {
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
}
