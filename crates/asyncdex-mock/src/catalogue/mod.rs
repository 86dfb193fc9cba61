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

mod chapters;
mod generate;
mod index;
mod landmarks;
mod lists;
mod lookup;
mod people;
mod records;
mod relations;
mod series;
mod showcase;
#[cfg(test)]
mod tests;
mod words;

pub(crate) use lookup::Kind;

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
