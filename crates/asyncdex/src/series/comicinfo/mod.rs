//! `ComicInfo.xml`, the metadata file Komga, Kavita and most comic readers look for at the
//! root of a CBZ archive, written against the ComicInfo schema v2.0.
//!
//! ```
//! use asyncdex::series::comicinfo::{AgeRating, ComicInfo, MangaFormat};
//!
//! let info = ComicInfo {
//!     title: Some("The Beginning".to_owned()),
//!     series: "Tom & Jerry".to_owned(),
//!     number: Some("8.5".to_owned()),
//!     volume: Some("2".to_owned()),
//!     writer: vec!["Ann".to_owned(), "Bo".to_owned()],
//!     manga: MangaFormat::YesAndRightToLeft,
//!     age_rating: AgeRating::from_content_rating("safe"),
//!     ..ComicInfo::default()
//! };
//! let xml = info.to_xml();
//! assert!(xml.contains("  <Series>Tom &amp; Jerry</Series>\n  <Number>8.5</Number>\n"));
//! assert!(xml.contains("<Volume>2</Volume>"));
//! assert!(xml.contains("<Writer>Ann, Bo</Writer>"));
//! assert!(xml.contains("<AgeRating>Everyone</AgeRating>"));
//! ```
//!
//! The document follows the schema (shipped with the tests, which validate generated
//! documents against it with `xmllint`):
//!
//! - elements come in the order of the schema's `xs:sequence`, which validators enforce;
//! - absent values, empty strings and lists, and the `Unknown` of enumerations are omitted;
//! - lists are joined with `, `, the ComicInfo convention for several people or genres;
//!   several `Web` addresses are joined with a space, as the schema's documentation says;
//! - numbers must fit the schema's `xs:int`: a value that does not is omitted (see each
//!   field);
//! - text is escaped, and the characters XML 1.0 forbids (control characters other than tab,
//!   line feed and carriage return; U+FFFE and U+FFFF) are removed.
//!
//! Version 2.0 has no `Translator` or `Tags` element (the v2.1 draft adds them) and no
//! `LocalizedSeries` (Kavita's own element): a document with them would not validate. The
//! scanlation group goes in `ScanInformation` and tags join the genres (see
//! [`ComicInfo::translator`] and [`ComicInfo::tags`]); the localized title is kept for a
//! later v2.1 writer but not written.

mod age_rating;
mod comic_info;
mod escape;
mod manga_format;
mod page;
#[cfg(test)]
mod tests;
mod to_xml;
mod xml;

pub use self::age_rating::AgeRating;
pub use self::comic_info::ComicInfo;
pub use self::manga_format::MangaFormat;
pub use self::page::{PageInfo, PageKind};
