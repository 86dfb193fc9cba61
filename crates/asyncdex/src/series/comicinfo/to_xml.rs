//! [`ComicInfo::to_xml`]: each field as its element, in the schema's order, with the values
//! the schema cannot hold left out.

use super::xml::Xml;
use super::{AgeRating, ComicInfo, MangaFormat};

impl ComicInfo {
    /// The document, UTF-8, with an XML declaration; see the [module docs](super) for what is
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
pub(super) fn whole_number(volume: &str) -> Option<i32> {
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
pub(super) fn web(addresses: &[String]) -> String {
    let encoded: Vec<String> = addresses
        .iter()
        .map(|address| address.trim().replace(' ', "%20"))
        .filter(|address| !address.is_empty())
        .collect();
    encoded.join(" ")
}
