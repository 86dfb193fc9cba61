//! The showcase series: one crafted manga whose chapters exercise what a whole-series download
//! or a library sync must decide (duplicates by group, gaps, decimals, oneshots, external
//! chapters, languages, a chapter not out yet, titles that are not valid file names). The
//! table is in the [catalogue docs](super); nothing here is random, and nothing here draws
//! from the generator's random stream, so the generated part of the catalogue stays the same.
//!
//! [`build`] puts together the parts: the cast, the chapter table, the authors and covers, and
//! the manga record.

mod authors_and_covers;
mod cast;
mod manga;
mod row;
mod table;
#[cfg(test)]
mod tests;

use self::authors_and_covers::{authors, covers};
pub use self::cast::Showcase;
use self::manga::manga;
use self::row::chapter;
use self::table::{ROWS, day_zero};
use super::{
    AuthorRecord, ChapterRecord, CoverRecord, GroupRecord, MangaRecord, TagRecord, UserRecord,
};

/// The showcase's records, to append to the generated catalogue.
#[derive(Debug)]
pub(super) struct Parts {
    pub(super) showcase: Showcase,
    pub(super) manga: MangaRecord,
    pub(super) authors: Vec<AuthorRecord>,
    pub(super) chapters: Vec<ChapterRecord>,
    pub(super) covers: Vec<CoverRecord>,
}

/// Builds the showcase series; `clock_end` is the newest `publishAt` of the generated chapters.
pub(super) fn build(
    seed: u64,
    users: &[UserRecord],
    groups: &[GroupRecord],
    tags: &[TagRecord],
    clock_end: i64,
) -> Parts {
    let showcase = Showcase::cast(seed, users, groups);
    let start = day_zero(clock_end);
    let chapters: Vec<ChapterRecord> = ROWS
        .iter()
        .enumerate()
        .map(|(i, r)| chapter(seed, &showcase, start, i as u64, r))
        .collect();
    let authors = authors(seed, start);
    let covers = covers(seed, &showcase, start);
    let manga = manga(&showcase, &chapters, &authors, &covers, tags, start);
    Parts {
        showcase,
        manga,
        authors,
        chapters,
        covers,
    }
}
