//! The catalogue as the routes see it at the release time
//! ([`MockServer::set_release_time`](crate::MockServer::set_release_time)): chapters published
//! after it do not exist yet, and each manga's newest chapter is the newest one out.

use std::ops::Deref;

use uuid::Uuid;

use crate::catalogue::{Catalogue, ChapterRecord, MangaRecord};

/// The release time meaning "none set": every chapter is out.
pub(crate) const ALL_RELEASED: i64 = i64::MAX;

/// The catalogue at one release time (UNIX seconds). It derefs to the [`Catalogue`] for
/// everything the release time does not change (manga, groups, users ...).
#[derive(Debug, Clone, Copy)]
pub(crate) struct View<'a> {
    cat: &'a Catalogue,
    until: i64,
}

impl Deref for View<'_> {
    type Target = Catalogue;

    fn deref(&self) -> &Catalogue {
        self.cat
    }
}

impl<'a> View<'a> {
    pub(crate) fn new(cat: &'a Catalogue, until: i64) -> Self {
        Self { cat, until }
    }

    /// The whole catalogue, for borrows that outlive the view.
    pub(crate) fn catalogue(&self) -> &'a Catalogue {
        self.cat
    }

    /// Whether the chapter is out: published at or before the release time.
    pub(crate) fn released(&self, c: &ChapterRecord) -> bool {
        c.publish_at <= self.until
    }

    /// A chapter by id, if it is out.
    pub(crate) fn released_chapter(&self, id: &Uuid) -> Option<&'a ChapterRecord> {
        self.cat.chapter_by_id(id).filter(|c| self.released(c))
    }

    /// The chapters of a manga that are out, in reading order.
    pub(crate) fn released_chapters_of(
        &self,
        manga: &Uuid,
    ) -> impl Iterator<Item = &'a ChapterRecord> + use<'a> {
        let until = self.until;
        self.cat
            .chapters_of(manga)
            .iter()
            .filter(move |c| c.publish_at <= until)
    }

    /// The manga's newest chapter that is out, with its publish time (0 without one): what
    /// `latestUploadedChapter` shows and `order[latestUploadedChapter]` sorts by.
    pub(crate) fn latest(&self, m: &MangaRecord) -> (i64, Option<Uuid>) {
        if m.latest_chapter_at <= self.until {
            // Every chapter is out: the catalogue's own answer.
            return (m.latest_chapter_at, m.latest_chapter);
        }
        newest(self.released_chapters_of(&m.id))
    }
}

/// The newest of these chapters and its publish time, `(0, None)` without any; the first of
/// equally new chapters wins, as when the catalogue was generated.
fn newest<'a>(chapters: impl Iterator<Item = &'a ChapterRecord>) -> (i64, Option<Uuid>) {
    chapters.fold((0, None), |(at, id), c| match id {
        Some(_) if c.publish_at <= at => (at, id),
        _ => (c.publish_at, Some(c.id)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_is_the_newest_released_chapter() {
        let cat = Catalogue::generate(crate::DEFAULT_SEED);
        for m in &cat.manga {
            let all = cat.chapters_of(&m.id).iter();
            assert_eq!(
                newest(all),
                (m.latest_chapter_at, m.latest_chapter),
                "{}",
                m.title
            );
        }
        let show = cat.showcase_manga();
        let before = View::new(&cat, cat.clock_end());
        let (at, id) = before.latest(show);
        assert!(at <= cat.clock_end() && at > 0);
        assert_ne!(id, show.latest_chapter);
        let out = before.released_chapters_of(&show.id).map(|c| c.publish_at);
        assert_eq!(Some(at), out.max());
        assert_eq!(View::new(&cat, 0).latest(show), (0, None));
        assert!(
            before
                .released_chapter(&show.latest_chapter.unwrap())
                .is_none()
        );
    }
}
