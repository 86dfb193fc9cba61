//! The seeded catalogue: manga, chapters, authors, groups, covers, tags, users, custom lists.
//!
//! Everything is derived from one `u64` seed (see
//! [`MockServerBuilder::seed`](crate::MockServerBuilder::seed)), so ids are stable from run to
//! run. The data is generated on first use (a few milliseconds).
//!
//! Shape facts tests can rely on:
//! - [`MANGA_COUNT`] generated manga, then the showcase series (below) as the last manga;
//!   [`Catalogue::big_feed_manga`] has 600 English chapters (`safe`, for feed pagination
//!   tests); some manga have no chapter at all;
//! - chapters in `en`, `ja`, `fr`, `es-la`, `pt-br`, `de`, `ru`, `it`, `id`, `vi`; a few are
//!   external (`externalUrl` set, 0 pages);
//! - every content rating occurs (`pornographic` manga are hidden by the default filter);
//! - every chapter is published by [`Catalogue::clock_end`] except the showcase's chapter 12.
//!
//! # The showcase series
//! [`Catalogue::showcase_manga`]: "Showcase: The Archivist's Lantern" (apostrophe and colon on
//! purpose), original language `ja`, `suggestive`, `ongoing`, demographic `seinen`, year 2021;
//! authors Hoshizora Mio (also the artist) and Kuroda Ren, artist Amane Yuzu (authors of this
//! series only); tags Drama, Fantasy, Mystery, Slice of Life (genres) and Magic (theme); four
//! covers: volumes 1, 2 and 3, and the main cover (no volume), all `{uuid}.jpg`, locale `ja`.
//!
//! Its chapters come from catalogue groups picked by role, given by [`Catalogue::showcase`]
//! ([`Showcase`]): A, B and C are English fan groups, D an official publisher, plus a French
//! and a Latin-American Spanish group, each named like no other catalogue group whenever the
//! catalogue allows it (it does with [`DEFAULT_SEED`](crate::DEFAULT_SEED)), so tests may
//! select them by name too.
//! Fetch a chapter with [`Catalogue::showcase_chapter`], by language, number and one of its
//! groups: `cat.showcase_chapter("en", Some("3"), cat.showcase().group_b)`. Days count from
//! English chapter 1; every chapter is published (and created) at noon UTC of its day.
//!
//! | lang | vol | ch | group(s) | pages | day | title |
//! |---|---|---|---|---|---|---|
//! | en | 1 | 1 | A | 5 | 0 | The Lamplighter's Apprentice |
//! | en | 1 | 2 | A | 6 | 7 | Ink and Ember |
//! | en | 1 | 2 | C | 4 (fewer) | 8 (newer) | Ink and Ember |
//! | en | 1 | 3 | A | 5 | 14 | `Who? Me: "Yes" <No>/Maybe*` |
//! | en | 1 | 3 | B | 8 (more) | 15 | `Who? Me: "Yes" <No>/Maybe*` |
//! | en | 1 | 4 | A | 6 | 21 | The Catalogue of Lost Things |
//! | en | 1 | 4.5 | A | 3 | 24 | Interlude: Tea Under the Stacks |
//! | en | 2 | 5 | A | 7 | 28 | A Map Without Edges |
//! | en | 2 | 6 | B only | 6 | 35 | The Night Shift |
//! | en | 2 | 7 | A | 5 | 42 | Glass Spines |
//! | en | 2 | 7 | B | 5 (same) | 43 (newer) | Glass Spines |
//! | en | 2 | 8 | A and C (one chapter) | 6 | 49 | 300 characters ("The Very Long Night of the Archivist, ...") |
//! | en | none | 9 | A | 4 | 56 | none |
//! | en | none | 10 | A | 7 | 63 | What the Lantern Saw |
//! | en | none | 10 | D, uploaded by [`Showcase::other_uploader`] | 6 | 64 | What the Lantern Saw |
//! | en | none | none (oneshot) | A | 8 | 66 | Side Story: Lantern Festival |
//! | en | none | 11 | D (external: `externalUrl` set) | 0 | 70 | Official Release: The Reading Room |
//! | en | none | 12 | A | 5 | 93 (after [`Catalogue::clock_end`]) | Dawn at the Archive |
//! | fr | 1 | 1 | French group | 4 | 10 | L'apprentie de l'allumeur |
//! | fr | 1 | 2 | French group | 5 | 17 | Encre et braise |
//! | fr | 1 | 3 | French group | 6 | 24 | `Qui ? Moi : "Oui" <Non>/Peut-être*` |
//! | es-la | 1 | 1 | Spanish group | 5 | 30 | La aprendiz del farolero |
//!
//! [`Catalogue::chapters_of`] lists them in this order. Every chapter but one is uploaded by
//! [`Showcase::uploader`]. Chapter 12 is published 30 days after A's chapter 10 and 20 days
//! after the catalogue clock's end (day 73 is the first midnight after it): with
//! [`MockServer::set_release_time`](crate::MockServer::set_release_time) between the two, a
//! test sees the series without chapter 12, then with it.

use std::collections::HashMap;

use uuid::Uuid;

use crate::util::{Rng, mix};

mod chapters;
mod index;
mod lists;
mod people;
mod records;
mod series;
mod showcase;
mod words;

pub(crate) use records::PageNames;
pub use records::{
    AuthorRecord, ChapterRecord, CoverRecord, GroupRecord, ListRecord, MangaRecord, TagRecord,
    UserRecord,
};
pub use showcase::Showcase;

/// Number of generated manga in every catalogue; the showcase series comes after them, so a
/// catalogue has `MANGA_COUNT + 1` manga.
pub const MANGA_COUNT: usize = 320;
/// Number of chapters of [`Catalogue::big_feed_manga`].
pub const BIG_FEED_CHAPTERS: usize = 600;

/// Which collection an id belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Manga,
    Chapter,
    Author,
    Group,
    Cover,
    Tag,
    User,
    List,
}

/// The seeded, read-only catalogue.
#[derive(Debug)]
pub struct Catalogue {
    seed: u64,
    /// Tags.
    pub tags: Vec<TagRecord>,
    /// Users.
    pub users: Vec<UserRecord>,
    /// Authors and artists.
    pub authors: Vec<AuthorRecord>,
    /// Scanlation groups.
    pub groups: Vec<GroupRecord>,
    /// Manga.
    pub manga: Vec<MangaRecord>,
    /// Chapters, grouped by manga, each manga's chapters in reading order.
    pub chapters: Vec<ChapterRecord>,
    /// Covers.
    pub covers: Vec<CoverRecord>,
    /// Public custom lists.
    pub lists: Vec<ListRecord>,
    index: HashMap<Uuid, (Kind, usize)>,
    by_manga: HashMap<Uuid, (usize, usize)>,
    covers_by_manga: HashMap<Uuid, Vec<usize>>,
    by_hash: HashMap<String, usize>,
    showcase: Showcase,
    clock_end: i64,
}

impl Catalogue {
    /// The catalogue of `seed`. Every step draws from one random stream, in this order; the
    /// ids and values tests rely on depend on it.
    pub(crate) fn generate(seed: u64) -> Self {
        let mut rng = Rng::new(mix(seed ^ 0x00C0_FFEE));
        let tags = people::tags();
        let users = people::users(seed, &mut rng);
        let mut authors = people::authors(seed, &mut rng);
        let groups = people::groups(seed, &mut rng, &users);
        let series::Generated {
            mut manga,
            mut chapters,
            mut covers,
            mut by_manga,
        } = series::generate(
            &mut rng,
            seed,
            &people::People {
                tags: &tags,
                users: &users,
                authors: &authors,
                groups: &groups,
                groups_by_language: people::groups_by_language(&groups),
            },
        );
        let lists = lists::generate(&mut rng, seed, &manga, &users);
        // The showcase comes last, so the generated data above stays what it was.
        let clock_end = chapters
            .iter()
            .map(|c| c.publish_at)
            .max()
            .unwrap_or(words::EPOCH);
        let parts = showcase::build(seed, &users, &groups, &tags, clock_end);
        authors.extend(parts.authors);
        covers.extend(parts.covers);
        let span = (chapters.len(), chapters.len() + parts.chapters.len());
        by_manga.insert(parts.manga.id, span);
        chapters.extend(parts.chapters);
        manga.push(parts.manga);
        let mut catalogue = Self {
            seed,
            tags,
            users,
            authors,
            groups,
            manga,
            chapters,
            covers,
            lists,
            index: HashMap::new(),
            by_manga,
            covers_by_manga: HashMap::new(),
            by_hash: HashMap::new(),
            showcase: parts.showcase,
            clock_end,
        };
        catalogue.index();
        catalogue
    }

    /// The seed this catalogue was generated from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub(crate) fn kind_of(&self, id: &Uuid) -> Option<(Kind, usize)> {
        self.index.get(id).copied()
    }

    fn get<'a, T>(&'a self, items: &'a [T], kind: Kind, id: &Uuid) -> Option<&'a T> {
        match self.kind_of(id) {
            Some((k, i)) if k == kind => items.get(i),
            _ => None,
        }
    }

    /// A manga by id.
    pub fn manga_by_id(&self, id: &Uuid) -> Option<&MangaRecord> {
        self.get(&self.manga, Kind::Manga, id)
    }

    /// A chapter by id.
    pub fn chapter_by_id(&self, id: &Uuid) -> Option<&ChapterRecord> {
        self.get(&self.chapters, Kind::Chapter, id)
    }

    /// An author by id.
    pub fn author_by_id(&self, id: &Uuid) -> Option<&AuthorRecord> {
        self.get(&self.authors, Kind::Author, id)
    }

    /// A scanlation group by id.
    pub fn group_by_id(&self, id: &Uuid) -> Option<&GroupRecord> {
        self.get(&self.groups, Kind::Group, id)
    }

    /// A cover by id.
    pub fn cover_by_id(&self, id: &Uuid) -> Option<&CoverRecord> {
        self.get(&self.covers, Kind::Cover, id)
    }

    /// A cover by its id, or the main cover of the manga with that id (`/cover/{mangaOrCoverId}`
    /// takes either).
    pub fn cover_or_main_cover(&self, id: &Uuid) -> Option<&CoverRecord> {
        self.cover_by_id(id)
            .or_else(|| self.cover_by_id(&self.manga_by_id(id)?.cover))
    }

    /// A tag by id.
    pub fn tag_by_id(&self, id: &Uuid) -> Option<&TagRecord> {
        self.get(&self.tags, Kind::Tag, id)
    }

    /// A catalogue user by id.
    pub fn user_by_id(&self, id: &Uuid) -> Option<&UserRecord> {
        self.get(&self.users, Kind::User, id)
    }

    /// A catalogue custom list by id.
    pub fn list_by_id(&self, id: &Uuid) -> Option<&ListRecord> {
        self.get(&self.lists, Kind::List, id)
    }

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

    /// The manga with [`BIG_FEED_CHAPTERS`] English chapters (content rating `safe`).
    pub fn big_feed_manga(&self) -> &MangaRecord {
        &self.manga[0]
    }

    /// The showcase series (the last manga; see the [module docs](self) for its chapters).
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

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn deterministic_and_big_enough() {
        let a = Catalogue::generate(1);
        let b = Catalogue::generate(1);
        assert_eq!(a.manga.len(), MANGA_COUNT + 1);
        assert_eq!(a.manga[5].id, b.manga[5].id);
        assert_eq!(a.chapters.len(), b.chapters.len());
        assert_eq!(a.chapters_of(&a.manga[0].id).len(), BIG_FEED_CHAPTERS);
        let c = Catalogue::generate(2);
        assert_ne!(a.manga[5].id, c.manga[5].id);
        assert!(a.chapters.iter().any(|c| c.external_url.is_some()));
        for rating in ["safe", "suggestive", "erotica", "pornographic"] {
            assert!(a.manga.iter().any(|m| m.content_rating == rating));
        }
        let titles: HashSet<_> = a.manga.iter().map(|m| &m.title).collect();
        assert_eq!(titles.len(), MANGA_COUNT + 1);
        let ch = a.chapter_with_pages();
        assert_eq!(ch.data_files().len(), ch.pages as usize);
        assert_eq!(a.chapter_by_hash(&ch.hash).map(|c| c.id), Some(ch.id));
    }
}
