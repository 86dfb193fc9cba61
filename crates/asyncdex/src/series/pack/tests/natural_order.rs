//! Entry names sort in reading order both byte by byte and naturally, as readers sort.

use std::cmp::Ordering;

use super::super::{COVER_STEM, chapter_prefix};

/// Natural order, as readers sort: digit runs by value, everything else byte by byte.
fn natural(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    let run = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (ra, rb) = (run(a), run(b));
                let value = |s: &[u8]| {
                    let start = s.iter().position(|&c| c != b'0').unwrap_or(s.len());
                    (s.len() - start, s[start..].to_vec())
                };
                let order = value(&a[..ra]).cmp(&value(&b[..rb]));
                if order.is_ne() {
                    return order;
                }
                (a, b) = (&a[ra..], &b[rb..]);
            }
            (x, y) if x != y => return x.cmp(&y),
            _ => (a, b) = (&a[1..], &b[1..]),
        }
    }
}

#[test]
fn the_cover_sorts_first_and_pages_in_reading_order_bytewise_and_naturally() {
    let chapters: [(Option<&str>, Option<usize>); 12] = [
        (Some("0"), None),
        (Some("1"), None),
        (Some("1.5"), None),
        (Some("1"), Some(2)),
        (Some("1"), Some(10)),
        (Some("2"), None),
        (Some("10"), None),
        (Some("999"), None),
        (Some("12345"), None),
        (Some("Extra"), None),
        (None, None),
        (None, Some(2)),
    ];
    let mut written = vec![format!("{COVER_STEM}.jpg")];
    for (chapter, rank) in chapters {
        let prefix = chapter_prefix(chapter, rank);
        written.extend((1..=11).map(|page| format!("{prefix}{page:03}.png")));
    }
    let mut bytewise = written.clone();
    bytewise.sort();
    assert_eq!(bytewise, written);
    let mut naturally = written.clone();
    naturally.sort_by(|a, b| natural(a, b));
    assert_eq!(naturally, written);

    // A one-chapter archive: pages named by the chapter download, even page zero.
    let pages = [
        "0-cover.png",
        "0.png",
        "000.png",
        "001.png",
        "002.png",
        "010.png",
        "100.png",
    ];
    for order in [str::cmp, natural] {
        let mut sorted = pages;
        sorted.sort_by(|a, b| order(a, b));
        assert_eq!(sorted[0], "0-cover.png");
    }
}
