//! [`ComicInfo`], the metadata of one book, field by field as the schema names them.

use super::{AgeRating, MangaFormat, PageInfo};

/// The metadata of one book (a chapter, a volume, a whole series).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ComicInfo {
    /// `Title`: the chapter's title.
    pub title: Option<String>,
    /// `Series`: the manga's title. Komga names the series after it, so keep it equal to the
    /// title the series folder is named after.
    pub series: String,
    /// An alternative title, such as the title in the translated language. Not written:
    /// schema v2.0 has no `LocalizedSeries` element (Kavita reads one alongside the v2.1
    /// draft's elements), and a document with it would not validate.
    pub localized_series: Option<String>,
    /// `Number`: the chapter number, as MangaDex writes it (`8.5`, `Extra`).
    pub number: Option<String>,
    /// `Count`: the number of the last chapter, for a completed manga. Omitted above
    /// `i32::MAX`.
    pub count: Option<u32>,
    /// `Volume`: the volume number. Written only when it is a whole number that fits an
    /// `xs:int` (`01` is written `1`); MangaDex's other volumes, such as `2.5`, are omitted.
    pub volume: Option<String>,
    /// `Summary`: the manga's description.
    pub summary: Option<String>,
    /// `Year`: of the chapter's publication.
    pub year: Option<i32>,
    /// `Month`: from 1 to 12, otherwise omitted.
    pub month: Option<u8>,
    /// `Day`: from 1 to 31, otherwise omitted.
    pub day: Option<u8>,
    /// `Writer`: the authors.
    pub writer: Vec<String>,
    /// `Penciller`: the artists.
    pub penciller: Vec<String>,
    /// The scanlation groups, written as `ScanInformation`: v2.0 has no `Translator`, and
    /// `ScanInformation` is its element for who scanned the book.
    pub translator: Vec<String>,
    /// `Genre`: the genres.
    pub genre: Vec<String>,
    /// The tags, written after the genres in `Genre` (one equal to a genre, ignoring ASCII
    /// case, is skipped): v2.0 has no `Tags`, and both Komga and Kavita read `Genre`.
    pub tags: Vec<String>,
    /// `Web`: addresses of the chapter and the manga, joined with a space; a space inside an
    /// address is written `%20`.
    pub web: Vec<String>,
    /// `PageCount`: the number of pages. Omitted above `i32::MAX`.
    pub page_count: Option<u32>,
    /// `LanguageISO`: the language as a BCP 47 tag, such as MangaDex's `en` or `pt-br`.
    pub language_iso: Option<String>,
    /// `Manga`: whether the book is a manga, and read right to left.
    pub manga: MangaFormat,
    /// `AgeRating`.
    pub age_rating: AgeRating,
    /// `BlackAndWhite`: `Yes` or `No`.
    pub black_and_white: Option<bool>,
    /// `Pages`: one entry per image, in order.
    pub pages: Vec<PageInfo>,
}
