//! The chapter queries of [`Store`], in library order.

use std::cmp::Ordering;
use std::path::Path;

use rusqlite::Params;
use uuid::Uuid;

use super::chapter_row::chapter_from_row;
use super::error::StoreError;
use super::open::Store;
use super::records::ChapterRecord;
use crate::series::select::compare_numbers;

const SELECT_CHAPTERS: &str = "SELECT id, manga, volume, chapter, title, language, groups, \
     group_names, uploader, pages, bytes, path, entry_prefix, publish_at, downloaded_at \
     FROM chapter";

impl Store {
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

    fn query_chapters<P: Params>(
        &self,
        sql: &str,
        params: P,
    ) -> Result<Vec<ChapterRecord>, StoreError> {
        let mut chapters = self.query(sql, params, chapter_from_row)?;
        chapters.sort_by(library_order);
        Ok(chapters)
    }
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
