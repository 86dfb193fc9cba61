//! The records tests reach for by role: the big feed, the showcase series, the clock's end, a
//! chapter with pages.

use uuid::Uuid;

#[cfg(doc)]
use super::BIG_FEED_CHAPTERS;
use super::{Catalogue, ChapterRecord, MANGA_COUNT, MangaRecord, Showcase};

impl Catalogue {
    /// The manga with [`BIG_FEED_CHAPTERS`] English chapters (content rating `safe`).
    pub fn big_feed_manga(&self) -> &MangaRecord {
        &self.manga[0]
    }

    /// The showcase series (the last manga; see the [module docs](crate::catalogue) for its chapters).
    pub fn showcase_manga(&self) -> &MangaRecord {
        &self.manga[MANGA_COUNT]
    }

    /// The groups and users of the showcase series' chapters, by role.
    pub fn showcase(&self) -> &Showcase {
        &self.showcase
    }

    /// The showcase chapter in `language` numbered `chapter` (`None`: the oneshot) that
    /// `group` worked on, if the table has one.
    pub fn showcase_chapter(
        &self,
        language: &str,
        chapter: Option<&str>,
        group: Uuid,
    ) -> Option<&ChapterRecord> {
        self.chapters_of(&self.showcase.manga).iter().find(|c| {
            c.language == language && c.chapter.as_deref() == chapter && c.groups.contains(&group)
        })
    }

    /// The catalogue clock's end (UNIX seconds): the newest `publishAt` of the generated
    /// chapters. Every chapter is published by then except the showcase's chapter 12, 20 days
    /// later.
    pub fn clock_end(&self) -> i64 {
        self.clock_end
    }

    /// The first chapter that has pages (for at-home and download tests).
    pub fn chapter_with_pages(&self) -> &ChapterRecord {
        self.chapters
            .iter()
            .find(|c| c.pages > 0 && c.external_url.is_none())
            .unwrap_or(&self.chapters[0])
    }
}
