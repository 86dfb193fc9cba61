//! A chapter as a database row: encoded for writing, decoded when read.

use rusqlite::{Connection, Row, params};
use uuid::Uuid;

use super::columns::{parsed, parsed_optional, unsigned};
use super::error::StoreError;
use super::location::Location;
use super::paths::path_from_store;
use super::records::ChapterRecord;
use super::times::parse_time;

const INSERT_CHAPTER: &str = "INSERT OR REPLACE INTO chapter (id, manga, volume, chapter, \
     title, language, groups, group_names, uploader, pages, bytes, path, entry_prefix, \
     publish_at, downloaded_at) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

/// A chapter, ready for the database: every value that needs converting, converted.
pub(super) struct ChapterRow<'a> {
    record: &'a ChapterRecord,
    groups: String,
    group_names: String,
    bytes: i64,
    path: String,
    publish_at: String,
    downloaded_at: String,
}

impl<'a> ChapterRow<'a> {
    pub(super) fn encode(
        at: &Location,
        record: &'a ChapterRecord,
    ) -> Result<ChapterRow<'a>, StoreError> {
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

    pub(super) fn insert(&self, conn: &Connection) -> rusqlite::Result<()> {
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

pub(super) fn chapter_from_row(row: &Row<'_>) -> rusqlite::Result<ChapterRecord> {
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
