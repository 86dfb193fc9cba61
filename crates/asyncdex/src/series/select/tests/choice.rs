//! Which version of a chapter is taken: preferred groups, continuity, pages, upload time,
//! languages, every group.

use super::super::SkipReason;
use super::*;

#[test]
fn a_preferred_group_wins_over_everything_else() {
    let feed = [
        chapter(11, Some("1"), &[1], 30, 9),
        chapter(12, Some("1"), &[2], 10, 1),
    ];
    let filters = Filters {
        prefer_groups: vec!["beta".into()],
        ..Filters::default()
    };
    assert_eq!(taken(&feed, &[], &filters, false), [12]);
    assert_eq!(taken(&feed, &[], &Filters::default(), false), [11]);
}

#[test]
fn continuity_keeps_the_previous_chapters_group() {
    // Chapter 1 only by Beta; chapter 2 by Alpha (more pages, newer) and by Beta.
    let feed = [
        chapter(11, Some("1"), &[2], 10, 1),
        chapter(21, Some("2"), &[1], 40, 9),
        chapter(22, Some("2"), &[2], 10, 2),
    ];
    assert_eq!(taken(&feed, &[], &Filters::default(), false), [11, 22]);
    // A preference overrides continuity.
    let filters = Filters {
        prefer_groups: vec!["alpha".into()],
        ..Filters::default()
    };
    assert_eq!(taken(&feed, &[], &filters, false), [11, 21]);
}

#[test]
fn continuity_follows_what_the_library_already_holds() {
    let held = [Held {
        id: Uuid::from_u128(11),
        volume: Some("1".into()),
        chapter: Some("1".into()),
        title: None,
        language: EN,
        groups: vec![Uuid::from_u128(3)],
        path: "S/c001.cbz".into(),
    }];
    let feed = [
        chapter(11, Some("1"), &[3], 10, 1),
        chapter(21, Some("2"), &[1], 40, 9),
        chapter(22, Some("2"), &[3], 10, 2),
    ];
    let verdicts = select(&feed, &held, &Filters::default(), false, false);
    assert_eq!(
        verdicts[0],
        Verdict::Skip(SkipReason::AlreadyThere {
            path: "S/c001.cbz".into()
        })
    );
    assert_eq!(
        verdicts[1],
        Verdict::Skip(SkipReason::Duplicate {
            kept: Uuid::from_u128(22)
        })
    );
    assert_eq!(verdicts[2], Verdict::Take);
}

#[test]
fn most_pages_then_newest_then_smallest_id() {
    let pages = [
        chapter(11, Some("1"), &[1], 10, 9),
        chapter(12, Some("1"), &[2], 20, 1),
    ];
    assert_eq!(taken(&pages, &[], &Filters::default(), false), [12]);
    let newest = [
        chapter(11, Some("1"), &[1], 20, 1),
        chapter(12, Some("1"), &[2], 20, 5),
    ];
    assert_eq!(taken(&newest, &[], &Filters::default(), false), [12]);
    let tie = [
        chapter(12, Some("1"), &[1], 20, 1),
        chapter(11, Some("1"), &[2], 20, 1),
    ];
    assert_eq!(taken(&tie, &[], &Filters::default(), false), [11]);
}

#[test]
fn the_first_preferred_language_that_has_the_chapter_wins() {
    let mut fr1 = chapter(12, Some("1"), &[1], 50, 9);
    fr1.language = &FR;
    let mut fr2 = chapter(22, Some("2"), &[1], 50, 9);
    fr2.language = &FR;
    let feed = [chapter(11, Some("1"), &[1], 5, 1), fr1, fr2];
    let filters = Filters {
        languages: vec![EN, FR],
        ..Filters::default()
    };
    assert_eq!(taken(&feed, &[], &filters, false), [11, 22]);
    let every = Filters {
        languages: vec![],
        ..Filters::default()
    };
    assert_eq!(taken(&feed, &[], &every, false), [11, 12, 22]);
}

#[test]
fn all_groups_keeps_every_version() {
    let feed = [
        chapter(11, Some("1"), &[1], 10, 1),
        chapter(12, Some("1"), &[2], 20, 1),
    ];
    assert_eq!(taken(&feed, &[], &Filters::default(), true), [11, 12]);
}
