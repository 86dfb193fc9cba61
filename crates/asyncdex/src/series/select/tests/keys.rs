//! Chapter keys: normalised numbers, volumes that reset, oneshots, reading order.

use super::super::chapter_key::ChapterKey;
use super::*;

#[test]
fn numbers_are_normalised_and_volumes_only_count_when_numbers_reset() {
    let mut other_volume = chapter(12, Some("01.0"), &[2], 20, 1);
    other_volume.volume = None;
    let feed = [chapter(11, Some("1"), &[1], 10, 1), other_volume];
    assert_eq!(taken(&feed, &[], &Filters::default(), false), [12]);
    let both = select(&feed, &[], &Filters::default(), false, true);
    assert_eq!(both, [Verdict::Take, Verdict::Take]);
}

#[test]
fn oneshots_of_one_title_are_one_chapter() {
    let mut a = chapter(11, None, &[1], 10, 1);
    a.title = Some("Side Story");
    let mut b = chapter(12, None, &[2], 12, 1);
    b.title = Some("side story ");
    let mut c = chapter(13, None, &[2], 12, 1);
    c.title = Some("Another");
    assert_eq!(taken(&[a, b, c], &[], &Filters::default(), false), [12, 13]);
}

#[test]
fn reading_order_puts_numbers_first_and_decimals_between() {
    let mut keys: Vec<ChapterKey> = ["10", "2", "8.5", "Extra", "8"]
        .iter()
        .map(|n| ChapterKey::of(None, Some(n), None, Uuid::nil(), false))
        .collect();
    keys.push(ChapterKey::of(None, None, Some("Side"), Uuid::nil(), false));
    keys.sort_by(ChapterKey::reading_order);
    let shown: Vec<String> = keys
        .iter()
        .map(|k| match k {
            ChapterKey::Numbered { number, .. } => number.clone(),
            ChapterKey::Oneshot(t) => format!("oneshot {t}"),
        })
        .collect();
    assert_eq!(shown, ["2", "8", "8.5", "10", "extra", "oneshot side"]);
}
