//! What filters leave out, and why.

use super::super::SkipReason;
use super::*;

#[test]
fn filters_say_why() {
    let mut external = chapter(31, Some("3"), &[1], 0, 1);
    external.external_url = Some("https://example.com/3");
    let mut empty = chapter(41, Some("4"), &[1], 0, 1);
    empty.unavailable = true;
    let feed = [
        chapter(11, Some("1"), &[4], 10, 1),
        chapter(21, Some("2"), &[1], 10, 1),
        external,
        empty,
        chapter(51, None, &[1], 10, 1),
        chapter(61, Some("60"), &[1], 10, 1),
    ];
    let filters = Filters {
        block_groups: vec!["delta".into()],
        block_uploaders: vec![Uuid::from_u128(921).to_string()],
        no_oneshots: true,
        chapters: Some("1-10".parse().unwrap()),
        ..Filters::default()
    };
    let verdicts = select(&feed, &[], &filters, false, false);
    let why = |i: usize| match &verdicts[i] {
        Verdict::Skip(SkipReason::Filtered { why }) => why.clone(),
        other => format!("{other:?}"),
    };
    assert_eq!(why(0), "group delta blocked");
    assert!(why(1).starts_with("uploader "), "{}", why(1));
    assert_eq!(
        verdicts[2],
        Verdict::Skip(SkipReason::External {
            url: "https://example.com/3".into()
        })
    );
    assert_eq!(verdicts[3], Verdict::Skip(SkipReason::Unavailable));
    assert_eq!(why(4), "oneshot");
    assert_eq!(why(5), "chapter 60 outside 1-10");
}
