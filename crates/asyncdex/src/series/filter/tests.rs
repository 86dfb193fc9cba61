//! Tests of ranges and of group matching.

use super::{Filters, Named, NumberRange};

#[test]
fn ranges_parse_and_contain() {
    let cases = [
        ("1-10.5", "1", true),
        ("1-10.5", "10.5", true),
        ("1-10.5", "10.6", false),
        ("1-10.5", "0.5", false),
        ("12-", "12", true),
        ("12-", "11.9", false),
        ("-5", "0", true),
        ("-5", "5.1", false),
        ("7", "7", true),
        ("7", "7.5", false),
        (" 2 - 3 ", "2.5", true),
    ];
    for (range, number, inside) in cases {
        let parsed: NumberRange = range.parse().unwrap();
        assert_eq!(parsed.contains(number), inside, "{range} contains {number}");
    }
    let any: NumberRange = "0-".parse().unwrap();
    assert!(!any.contains("Extra") && !any.contains("") && !any.contains("NaN"));
}

#[test]
fn bad_ranges_say_what_is_wrong() {
    for (input, why) in [
        ("10-1", "impossible"),
        ("a-3", "not a number"),
        ("-", "no number"),
        ("", "no number"),
        ("1-2-3", "not a number"),
        ("-3-", "not a number"),
        ("inf", "not a number"),
    ] {
        let error = input.parse::<NumberRange>().unwrap_err().to_string();
        assert!(error.starts_with(why), "{input}: {error}");
        assert!(error.contains("1-10.5, 12- or -5"), "{error}");
    }
}

#[test]
fn ranges_round_trip_through_serde() {
    for text in ["1-10.5", "12-", "-5", "7"] {
        let range: NumberRange = text.parse().unwrap();
        let json = serde_json::to_string(&range).unwrap();
        assert_eq!(json, format!("{text:?}"));
        assert_eq!(serde_json::from_str::<NumberRange>(&json).unwrap(), range);
    }
    assert!(serde_json::from_str::<NumberRange>("\"9-2\"").is_err());
}

#[test]
fn groups_match_by_id_or_name_ignoring_case() {
    let id = uuid::Uuid::new_v4();
    let group = Named {
        id,
        name: Some("Lantern Scans"),
    };
    assert!(group.is("lantern scans") && group.is(&id.to_string()) && !group.is("other"));
    let filters = Filters {
        prefer_groups: vec!["nobody".into(), "LANTERN SCANS".into()],
        block_groups: vec![id.to_string()],
        ..Filters::default()
    };
    assert_eq!(filters.preference(&[group]), Some(1));
    assert_eq!(filters.blocks_group(&[group]), Some(id.to_string()));
    assert_eq!(filters.blocks_uploader(None), None);
}
