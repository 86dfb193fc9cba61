//! A manga's chapters and covers, and a chapter by its at-home hash.

use uuid::Uuid;

use super::{Catalogue, ChapterRecord, CoverRecord};

impl Catalogue {
    /// The chapters of a manga, in reading order (by language, then number).
    pub fn chapters_of(&self, manga: &Uuid) -> &[ChapterRecord] {
        match self.by_manga.get(manga) {
            Some(&(a, b)) => &self.chapters[a..b],
            None => &[],
        }
    }

    /// The covers of a manga.
    pub fn covers_of(&self, manga: &Uuid) -> Vec<&CoverRecord> {
        self.covers_by_manga
            .get(manga)
            .map(|v| v.iter().map(|&i| &self.covers[i]).collect())
            .unwrap_or_default()
    }

    /// A chapter by its at-home hash.
    pub fn chapter_by_hash(&self, hash: &str) -> Option<&ChapterRecord> {
        self.by_hash.get(hash).map(|&i| &self.chapters[i])
    }
}
