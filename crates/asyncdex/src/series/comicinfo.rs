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

use std::fmt::Write as _;

/// The namespaces every ComicInfo.xml declares (ComicRack wrote them with .NET's serializer).
const ROOT: &str = r#"<ComicInfo xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#;

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

/// Whether a book is a manga, the schema's `Manga`; `YesAndRightToLeft` also sets the reading
/// direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum MangaFormat {
    /// Not said (omitted from the document).
    #[default]
    Unknown,
    /// Not a manga.
    No,
    /// A manga read left to right.
    Yes,
    /// A manga read right to left.
    YesAndRightToLeft,
}

impl MangaFormat {
    /// The schema's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            MangaFormat::Unknown => "Unknown",
            MangaFormat::No => "No",
            MangaFormat::Yes => "Yes",
            MangaFormat::YesAndRightToLeft => "YesAndRightToLeft",
        }
    }
}

/// The schema's `AgeRating` values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum AgeRating {
    /// `Unknown` (omitted from the document).
    #[default]
    Unknown,
    /// `Adults Only 18+`.
    AdultsOnly18Plus,
    /// `Early Childhood`.
    EarlyChildhood,
    /// `Everyone`.
    Everyone,
    /// `Everyone 10+`.
    Everyone10Plus,
    /// `G`.
    G,
    /// `Kids to Adults`.
    KidsToAdults,
    /// `M`.
    M,
    /// `MA15+`.
    Ma15Plus,
    /// `Mature 17+`.
    Mature17Plus,
    /// `PG`.
    Pg,
    /// `R18+`.
    R18Plus,
    /// `Rating Pending`.
    RatingPending,
    /// `Teen`.
    Teen,
    /// `X18+`.
    X18Plus,
}

impl AgeRating {
    /// The rating for a MangaDex content rating: `safe` is `Everyone`, `suggestive` is
    /// `Teen`, `erotica` is `Mature 17+`, `pornographic` is `Adults Only 18+`, anything else
    /// `Unknown`.
    pub fn from_content_rating(content_rating: &str) -> AgeRating {
        match content_rating {
            "safe" => AgeRating::Everyone,
            "suggestive" => AgeRating::Teen,
            "erotica" => AgeRating::Mature17Plus,
            "pornographic" => AgeRating::AdultsOnly18Plus,
            _ => AgeRating::Unknown,
        }
    }

    /// The schema's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AgeRating::Unknown => "Unknown",
            AgeRating::AdultsOnly18Plus => "Adults Only 18+",
            AgeRating::EarlyChildhood => "Early Childhood",
            AgeRating::Everyone => "Everyone",
            AgeRating::Everyone10Plus => "Everyone 10+",
            AgeRating::G => "G",
            AgeRating::KidsToAdults => "Kids to Adults",
            AgeRating::M => "M",
            AgeRating::Ma15Plus => "MA15+",
            AgeRating::Mature17Plus => "Mature 17+",
            AgeRating::Pg => "PG",
            AgeRating::R18Plus => "R18+",
            AgeRating::RatingPending => "Rating Pending",
            AgeRating::Teen => "Teen",
            AgeRating::X18Plus => "X18+",
        }
    }
}

/// One page of a book, the schema's `Page`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// `Image`: the page's index in the archive, from 0. A page whose index does not fit an
    /// `xs:int` is omitted.
    pub image: u32,
    /// `Type`: what the page is; readers assume `Story` when absent.
    pub kind: Option<PageKind>,
    /// `ImageSize`: the image file's size in bytes.
    pub image_size: Option<u64>,
    /// `ImageWidth`: in pixels.
    pub image_width: Option<u32>,
    /// `ImageHeight`: in pixels.
    pub image_height: Option<u32>,
}

/// What a page is, the schema's `ComicPageType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// The front cover, the one readers show as the book's thumbnail.
    FrontCover,
    /// A second cover inside the book.
    InnerCover,
    /// A summary of previous books.
    Roundup,
    /// A page of the story.
    Story,
    /// An advertisement.
    Advertisement,
    /// An editorial page.
    Editorial,
    /// Readers' letters.
    Letters,
    /// A preview of another book.
    Preview,
    /// The back cover.
    BackCover,
    /// Anything else.
    Other,
    /// A page readers should not show.
    Deleted,
}

impl PageKind {
    /// The schema's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::FrontCover => "FrontCover",
            PageKind::InnerCover => "InnerCover",
            PageKind::Roundup => "Roundup",
            PageKind::Story => "Story",
            PageKind::Advertisement => "Advertisement",
            PageKind::Editorial => "Editorial",
            PageKind::Letters => "Letters",
            PageKind::Preview => "Preview",
            PageKind::BackCover => "BackCover",
            PageKind::Other => "Other",
            PageKind::Deleted => "Deleted",
        }
    }
}

impl ComicInfo {
    /// The document, UTF-8, with an XML declaration; see the [module docs](self) for what is
    /// written and what is left out.
    pub fn to_xml(&self) -> String {
        let mut xml = Xml::default();
        xml.text("Title", self.title.as_deref());
        xml.text("Series", Some(&self.series));
        xml.text("Number", self.number.as_deref());
        xml.int(
            "Count",
            self.count.and_then(|count| i32::try_from(count).ok()),
        );
        xml.int("Volume", self.volume.as_deref().and_then(whole_number));
        xml.text("Summary", self.summary.as_deref());
        xml.int("Year", self.year);
        xml.int("Month", in_range(self.month, 12));
        xml.int("Day", in_range(self.day, 31));
        xml.list("Writer", &self.writer);
        xml.list("Penciller", &self.penciller);
        xml.list("Genre", &genres_and_tags(&self.genre, &self.tags));
        xml.text("Web", Some(&web(&self.web)));
        xml.int(
            "PageCount",
            self.page_count.and_then(|n| i32::try_from(n).ok()),
        );
        xml.text("LanguageISO", self.language_iso.as_deref());
        xml.text("BlackAndWhite", self.black_and_white.map(yes_no));
        let manga = (self.manga != MangaFormat::Unknown).then(|| self.manga.as_str());
        xml.text("Manga", manga);
        xml.list("ScanInformation", &self.translator);
        let rating = (self.age_rating != AgeRating::Unknown).then(|| self.age_rating.as_str());
        xml.text("AgeRating", rating);
        xml.pages(&self.pages);
        xml.finish()
    }
}

/// A volume as an `xs:int`: ASCII digits only (no sign, no decimals), small enough.
fn whole_number(volume: &str) -> Option<i32> {
    let volume = volume.trim();
    if volume.is_empty() || !volume.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    volume.parse().ok()
}

/// A month or day from 1 to `max`.
fn in_range(value: Option<u8>, max: u8) -> Option<i32> {
    value
        .filter(|value| (1..=max).contains(value))
        .map(i32::from)
}

fn yes_no(value: bool) -> &'static str {
    if value { "Yes" } else { "No" }
}

/// The genres, then the tags that are not already genres.
fn genres_and_tags<'a>(genres: &'a [String], tags: &'a [String]) -> Vec<&'a str> {
    let mut all: Vec<&str> = Vec::with_capacity(genres.len() + tags.len());
    for name in genres.iter().chain(tags) {
        if !all.iter().any(|seen| seen.eq_ignore_ascii_case(name)) {
            all.push(name);
        }
    }
    all
}

/// The addresses joined with spaces, so spaces inside one are percent-encoded.
fn web(addresses: &[String]) -> String {
    let encoded: Vec<String> = addresses
        .iter()
        .map(|address| address.trim().replace(' ', "%20"))
        .filter(|address| !address.is_empty())
        .collect();
    encoded.join(" ")
}

/// The document being written: one element per line, indented by two spaces. (Writing to a
/// `String` cannot fail, hence the ignored `fmt::Result`s.)
struct Xml {
    out: String,
}

impl Default for Xml {
    fn default() -> Xml {
        Xml {
            out: format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{ROOT}\n"),
        }
    }
}

impl Xml {
    /// A text element, omitted when absent or blank.
    fn text(&mut self, name: &str, value: Option<&str>) {
        let Some(value) = value.map(escape).filter(|value| !value.trim().is_empty()) else {
            return;
        };
        let _ = writeln!(self.out, "  <{name}>{value}</{name}>");
    }

    /// A list joined with `, `; blank items are skipped.
    fn list<S: AsRef<str>>(&mut self, name: &str, items: &[S]) {
        let items: Vec<&str> = items
            .iter()
            .map(|item| item.as_ref().trim())
            .filter(|item| !item.is_empty())
            .collect();
        self.text(name, Some(&items.join(", ")));
    }

    fn int(&mut self, name: &str, value: Option<i32>) {
        if let Some(value) = value {
            let _ = writeln!(self.out, "  <{name}>{value}</{name}>");
        }
    }

    fn pages(&mut self, pages: &[PageInfo]) {
        let pages: Vec<String> = pages.iter().filter_map(page).collect();
        if pages.is_empty() {
            return;
        }
        self.out.push_str("  <Pages>\n");
        for page in pages {
            let _ = writeln!(self.out, "    {page}");
        }
        self.out.push_str("  </Pages>\n");
    }

    fn finish(mut self) -> String {
        self.out.push_str("</ComicInfo>\n");
        self.out
    }
}

/// A `Page` element, or nothing when the index does not fit the schema's `xs:int`; the other
/// attributes are dropped when they do not fit theirs.
fn page(page: &PageInfo) -> Option<String> {
    let image = i32::try_from(page.image).ok()?;
    let mut element = format!("<Page Image=\"{image}\"");
    if let Some(kind) = page.kind {
        let _ = write!(element, " Type=\"{}\"", kind.as_str());
    }
    if let Some(size) = page.image_size.and_then(|size| i64::try_from(size).ok()) {
        let _ = write!(element, " ImageSize=\"{size}\"");
    }
    if let Some(width) = page.image_width.and_then(|width| i32::try_from(width).ok()) {
        let _ = write!(element, " ImageWidth=\"{width}\"");
    }
    if let Some(height) = page
        .image_height
        .and_then(|height| i32::try_from(height).ok())
    {
        let _ = write!(element, " ImageHeight=\"{height}\"");
    }
    element.push_str(" />");
    Some(element)
}

/// Escapes text for an element or attribute, removing what XML 1.0 cannot carry at all.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            c if forbidden_in_xml(c) => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// Characters outside XML 1.0's `Char` production (a Rust string holds no surrogates).
fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| (*item).to_owned()).collect()
    }

    fn full() -> ComicInfo {
        ComicInfo {
            title: Some("The Beginning".to_owned()),
            series: "Series".to_owned(),
            localized_series: Some("Серия".to_owned()),
            number: Some("8.5".to_owned()),
            count: Some(120),
            volume: Some("02".to_owned()),
            summary: Some("Line one\nline two".to_owned()),
            year: Some(2024),
            month: Some(3),
            day: Some(31),
            writer: strings(&["Ann", "Bo"]),
            penciller: strings(&["Cy"]),
            translator: strings(&["Team A", "Team B"]),
            genre: strings(&["Action", "Drama"]),
            tags: strings(&["action", "School Life"]),
            web: strings(&[
                "https://mangadex.org/chapter/1",
                "https://mangadex.org/title/2",
            ]),
            page_count: Some(2),
            language_iso: Some("pt-br".to_owned()),
            manga: MangaFormat::YesAndRightToLeft,
            age_rating: AgeRating::Teen,
            black_and_white: Some(true),
            pages: vec![
                PageInfo {
                    image: 0,
                    kind: Some(PageKind::FrontCover),
                    image_size: Some(1024),
                    image_width: Some(800),
                    image_height: Some(1200),
                },
                PageInfo {
                    image: 1,
                    ..PageInfo::default()
                },
            ],
        }
    }

    #[test]
    fn full_document_in_schema_order() {
        let expected = r#"<?xml version="1.0" encoding="utf-8"?>
<ComicInfo xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Title>The Beginning</Title>
  <Series>Series</Series>
  <Number>8.5</Number>
  <Count>120</Count>
  <Volume>2</Volume>
  <Summary>Line one
line two</Summary>
  <Year>2024</Year>
  <Month>3</Month>
  <Day>31</Day>
  <Writer>Ann, Bo</Writer>
  <Penciller>Cy</Penciller>
  <Genre>Action, Drama, School Life</Genre>
  <Web>https://mangadex.org/chapter/1 https://mangadex.org/title/2</Web>
  <PageCount>2</PageCount>
  <LanguageISO>pt-br</LanguageISO>
  <BlackAndWhite>Yes</BlackAndWhite>
  <Manga>YesAndRightToLeft</Manga>
  <ScanInformation>Team A, Team B</ScanInformation>
  <AgeRating>Teen</AgeRating>
  <Pages>
    <Page Image="0" Type="FrontCover" ImageSize="1024" ImageWidth="800" ImageHeight="1200" />
    <Page Image="1" />
  </Pages>
</ComicInfo>
"#;
        assert_eq!(full().to_xml(), expected);
    }

    #[test]
    fn absent_values_are_omitted() {
        let xml = ComicInfo::default().to_xml();
        assert_eq!(
            xml,
            format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{ROOT}\n</ComicInfo>\n")
        );
        let blank = ComicInfo {
            series: "S".to_owned(),
            title: Some("  ".to_owned()),
            summary: Some("\u{1}\u{2}".to_owned()),
            writer: strings(&["", " "]),
            web: strings(&[""]),
            black_and_white: Some(false),
            ..ComicInfo::default()
        };
        let xml = blank.to_xml();
        assert!(
            xml.contains("  <Series>S</Series>\n  <BlackAndWhite>No</BlackAndWhite>\n</ComicInfo>"),
            "{xml}"
        );
    }

    #[test]
    fn text_is_escaped() {
        let info = ComicInfo {
            series: r#"<script>alert("x")</script> & 'co'"#.to_owned(),
            ..ComicInfo::default()
        };
        assert!(info.to_xml().contains(
            "<Series>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;co&apos;</Series>"
        ));
    }

    #[test]
    fn characters_xml_forbids_are_removed() {
        let info = ComicInfo {
            series: "a\u{0}b\u{8}c\u{b}d\u{c}e\u{1f}f\u{fffe}g\u{ffff}h\ti\nj\rk\u{7f}l😀م"
                .to_owned(),
            ..ComicInfo::default()
        };
        assert!(
            info.to_xml()
                .contains("<Series>abcdefgh\ti\nj\rk\u{7f}l😀م</Series>")
        );
    }

    #[test]
    fn numbers_outside_the_schema_types_are_omitted() {
        let info = ComicInfo {
            series: "S".to_owned(),
            count: Some(u32::MAX),
            volume: Some("2.5".to_owned()),
            month: Some(13),
            day: Some(0),
            page_count: Some(u32::MAX),
            pages: vec![
                PageInfo {
                    image: u32::MAX,
                    ..PageInfo::default()
                },
                PageInfo {
                    image: 3,
                    image_size: Some(u64::MAX),
                    image_width: Some(u32::MAX),
                    image_height: Some(7),
                    kind: None,
                },
            ],
            ..ComicInfo::default()
        };
        let xml = info.to_xml();
        for element in ["Count", "Volume", "Month", "Day", "PageCount"] {
            assert!(!xml.contains(element), "{element} in {xml}");
        }
        assert!(
            xml.contains("  <Pages>\n    <Page Image=\"3\" ImageHeight=\"7\" />\n  </Pages>\n")
        );
        for volume in ["-1", "+1", "1e3", "", "99999999999", "Extra"] {
            assert_eq!(whole_number(volume), None, "{volume}");
        }
        assert_eq!(whole_number(" 007 "), Some(7));
    }

    #[test]
    fn web_addresses_are_space_separated() {
        let addresses = strings(&["https://a.example/x y", " ", "https://b.example/"]);
        assert_eq!(
            web(&addresses),
            "https://a.example/x%20y https://b.example/"
        );
    }

    #[test]
    fn content_ratings() {
        let cases = [
            ("safe", "Everyone"),
            ("suggestive", "Teen"),
            ("erotica", "Mature 17+"),
            ("pornographic", "Adults Only 18+"),
            ("unrated", "Unknown"),
        ];
        for (rating, expected) in cases {
            assert_eq!(AgeRating::from_content_rating(rating).as_str(), expected);
        }
    }

    #[test]
    fn localized_series_is_not_written() {
        assert!(!full().to_xml().contains("Серия"));
    }
}
