//! Chapter prefixes: their shape, their order, and that none begins another.

use std::cmp::Ordering;

use super::super::chapter_prefix;
use super::super::prefix::split_number;
use super::random::Random;

#[test]
fn prefixes_look_like_this() {
    let cases = [
        (Some("8"), None, "c0008-"),
        (Some("08"), None, "c0008-"),
        (Some(" 8.5 "), None, "c0008.5-"),
        (Some("0"), None, "c0000-"),
        (Some("1234"), None, "c1234-"),
        (Some("12345"), None, "c~12345-"),
        (Some("8"), Some(2), "c0008~02-"),
        (Some("8"), Some(123), "c0008~~123-"),
        (Some("Extra"), None, "nExtra-"),
        (Some("Side story/2"), Some(3), "nSide%20story%2F2~03-"),
        (Some("1."), None, "n1%2E-"),
        (Some("é"), None, "n%C3%A9-"),
        (None, None, "oneshot-"),
        (Some("  "), None, "oneshot-"),
        (None, Some(2), "oneshot~02-"),
    ];
    for (chapter, rank, want) in cases {
        assert_eq!(chapter_prefix(chapter, rank), want, "{chapter:?} {rank:?}");
    }
}

/// The reading order two chapters must have, where it is defined: numbers by value, then
/// names, then oneshots; a chapter's versions after it and in rank order; a version
/// before the next integer.
fn reading_order(
    (a, a_rank): &(Option<String>, Option<usize>),
    (b, b_rank): &(Option<String>, Option<usize>),
) -> Option<Ordering> {
    let class = |c: &Option<String>| match c.as_deref().map(split_number) {
        Some(Some(_)) => 0,
        Some(None) => 1,
        None => 2,
    };
    let by_class = class(a).cmp(&class(b));
    if by_class.is_ne() {
        return Some(by_class);
    }
    if a == b {
        return Some(a_rank.cmp(b_rank));
    }
    let (Some((a_int, a_dec)), Some((b_int, b_dec))) = (
        a.as_deref().and_then(split_number),
        b.as_deref().and_then(split_number),
    ) else {
        return None;
    };
    let value = |digits: &str| {
        let digits = digits.trim_start_matches('0');
        (digits.len(), digits.to_owned())
    };
    let by_int = value(a_int).cmp(&value(b_int));
    if by_int.is_ne() {
        return Some(by_int);
    }
    let fraction = |dec: Option<&str>| dec.unwrap_or("").trim_end_matches('0').to_owned();
    let by_fraction = fraction(a_dec).cmp(&fraction(b_dec));
    (a_rank.is_none() && b_rank.is_none() && by_fraction.is_ne()).then_some(by_fraction)
}

#[test]
fn prefixes_sort_in_reading_order_and_never_begin_one_another() {
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let chapters: Vec<_> = (0..400).map(|_| random.chapter()).collect();
    let prefixes: Vec<String> = chapters
        .iter()
        .map(|(chapter, rank)| chapter_prefix(chapter.as_deref(), *rank))
        .collect();
    for (a, pa) in chapters.iter().zip(&prefixes) {
        for (b, pb) in chapters.iter().zip(&prefixes) {
            if let Some(order) = reading_order(a, b) {
                assert_eq!(pa.cmp(pb), order, "{a:?} {pa} / {b:?} {pb}");
            }
            assert!(pa == pb || !pb.starts_with(pa.as_str()), "{pa} begins {pb}");
        }
    }
    // Whole entry names: sorting them keeps each chapter's pages together and in order.
    let mut unique = prefixes;
    unique.sort();
    unique.dedup();
    let written: Vec<String> = unique
        .iter()
        .flat_map(|prefix| (1..=12).map(move |page| format!("{prefix}{page:03}.png")))
        .collect();
    let mut sorted = written.clone();
    sorted.sort();
    assert_eq!(sorted, written);
}
