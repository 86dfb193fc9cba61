//! The followed series of [`Store`]: listing, looking up and recording them.

use rusqlite::{Row, params};
use uuid::Uuid;

use super::columns::{parsed, parsed_optional};
use super::error::StoreError;
use super::open::Store;
use super::paths::path_from_store;
use super::records::SeriesRecord;
use super::times::parse_time;

const SELECT_SERIES: &str =
    "SELECT manga, title, folder, options, latest_uploaded_chapter, added_at, info FROM series";

const INSERT_SERIES: &str = "INSERT OR REPLACE INTO series (manga, title, folder, options, \
     latest_uploaded_chapter, added_at, info) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

impl Store {
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
