//! Generated ComicInfo.xml documents validate against the ComicInfo v2.0 schema.
//!
//! The validator is `xmllint` (Debian and Ubuntu: `apt-get install -y libxml2-utils`). Without
//! it the tests fail: a skipped validation would let an invalid document ship.

#[allow(
    dead_code,
    reason = "shared by several test files, each using part of it"
)]
mod support;

use asyncdex::series::comicinfo::{AgeRating, ComicInfo, MangaFormat, PageInfo, PageKind};
use support::validate;

fn assert_valid(info: &ComicInfo) {
    let xml = info.to_xml();
    if let Err(report) = validate(&xml) {
        panic!("invalid against ComicInfo v2.0:\n{report}\n{xml}");
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

/// Every field set.
fn full() -> ComicInfo {
    ComicInfo {
        title: Some("The Beginning".to_owned()),
        series: "Series".to_owned(),
        localized_series: Some("Серия".to_owned()),
        number: Some("8.5".to_owned()),
        count: Some(120),
        volume: Some("2".to_owned()),
        summary: Some("Line one\r\nline two".to_owned()),
        year: Some(2024),
        month: Some(12),
        day: Some(31),
        writer: strings(&["Ann", "Bo"]),
        penciller: strings(&["Cy"]),
        translator: strings(&["Team A"]),
        genre: strings(&["Action"]),
        tags: strings(&["School Life"]),
        web: strings(&[
            "https://mangadex.org/chapter/1",
            "https://mangadex.org/title/2",
        ]),
        page_count: Some(3),
        language_iso: Some("en".to_owned()),
        manga: MangaFormat::YesAndRightToLeft,
        age_rating: AgeRating::from_content_rating("pornographic"),
        black_and_white: Some(false),
        pages: vec![
            PageInfo {
                image: 0,
                kind: Some(PageKind::FrontCover),
                image_size: Some(123_456),
                image_width: Some(800),
                image_height: Some(1200),
            },
            PageInfo {
                image: 1,
                kind: Some(PageKind::Story),
                ..PageInfo::default()
            },
            PageInfo {
                image: 2,
                kind: Some(PageKind::Deleted),
                image_size: Some(u64::MAX),
                ..PageInfo::default()
            },
        ],
    }
}

#[test]
fn full_document_is_valid() {
    assert_valid(&full());
}

#[test]
fn every_enumeration_value_is_valid() {
    let ratings = [
        AgeRating::Unknown,
        AgeRating::AdultsOnly18Plus,
        AgeRating::EarlyChildhood,
        AgeRating::Everyone,
        AgeRating::Everyone10Plus,
        AgeRating::G,
        AgeRating::KidsToAdults,
        AgeRating::M,
        AgeRating::Ma15Plus,
        AgeRating::Mature17Plus,
        AgeRating::Pg,
        AgeRating::R18Plus,
        AgeRating::RatingPending,
        AgeRating::Teen,
        AgeRating::X18Plus,
    ];
    let formats = [MangaFormat::No, MangaFormat::Yes];
    let kinds = [
        PageKind::InnerCover,
        PageKind::Roundup,
        PageKind::Advertisement,
        PageKind::Editorial,
        PageKind::Letters,
        PageKind::Preview,
        PageKind::BackCover,
        PageKind::Other,
    ];
    for (i, age_rating) in ratings.into_iter().enumerate() {
        let pages = kinds
            .into_iter()
            .zip(0..)
            .map(|(kind, image)| PageInfo {
                image,
                kind: Some(kind),
                ..PageInfo::default()
            })
            .collect();
        assert_valid(&ComicInfo {
            series: "S".to_owned(),
            age_rating,
            manga: formats[i % formats.len()],
            black_and_white: Some(i % 2 == 0),
            pages,
            ..ComicInfo::default()
        });
    }
}

#[test]
fn minimal_documents_are_valid() {
    assert_valid(&ComicInfo::default());
    assert_valid(&ComicInfo {
        series: "Series".to_owned(),
        ..ComicInfo::default()
    });
}

#[test]
fn hostile_text_is_valid() {
    let hostile = "<script>alert('x')</script> & \"quotes\" ]]> \u{0}\u{1}\u{8}\u{b}\u{c}\u{1b}\u{7f}\u{85}\u{fffe}\u{ffff} 😀 مرحبا \u{202e}evil";
    let text = || Some(hostile.to_owned());
    let info = ComicInfo {
        title: text(),
        series: hostile.to_owned(),
        localized_series: text(),
        number: text(),
        volume: Some("2.5".to_owned()),
        summary: text(),
        year: Some(i32::MIN),
        month: Some(u8::MAX),
        day: Some(0),
        count: Some(u32::MAX),
        page_count: Some(u32::MAX),
        writer: strings(&[hostile, hostile]),
        penciller: strings(&[hostile]),
        translator: strings(&[hostile]),
        genre: strings(&[hostile]),
        tags: strings(&[hostile]),
        web: strings(&[hostile]),
        language_iso: text(),
        pages: vec![PageInfo {
            image: u32::MAX,
            ..PageInfo::default()
        }],
        ..ComicInfo::default()
    };
    let xml = info.to_xml();
    assert!(!xml.contains("<Volume>"), "2.5 is not an xs:int:\n{xml}");
    assert_valid(&info);
}

/// The validation can fail: a document with two elements swapped is rejected, because the
/// schema is a sequence.
#[test]
fn elements_out_of_order_are_rejected() {
    let xml = full().to_xml();
    let title = "  <Title>The Beginning</Title>\n";
    let series = "  <Series>Series</Series>\n";
    assert!(xml.contains(&format!("{title}{series}")), "{xml}");
    let swapped = xml.replacen(&format!("{title}{series}"), &format!("{series}{title}"), 1);
    let report = match validate(&swapped) {
        Ok(()) => panic!("xmllint accepted elements out of order:\n{swapped}"),
        Err(report) => report,
    };
    assert!(report.contains("Title"), "{report}");
}
