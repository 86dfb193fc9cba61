//! Values: escaped text, forbidden characters, numbers the schema cannot hold, addresses,
//! ratings.

use super::super::to_xml::{web, whole_number};
use super::*;

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
        series: "a\u{0}b\u{8}c\u{b}d\u{c}e\u{1f}f\u{fffe}g\u{ffff}h\ti\nj\rk\u{7f}l😀م".to_owned(),
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
    assert!(xml.contains("  <Pages>\n    <Page Image=\"3\" ImageHeight=\"7\" />\n  </Pages>\n"));
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
