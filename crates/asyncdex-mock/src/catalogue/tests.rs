use std::collections::HashSet;

use super::*;

#[test]
fn deterministic_and_big_enough() {
    let a = Catalogue::generate(1);
    let b = Catalogue::generate(1);
    assert_eq!(a.manga.len(), MANGA_COUNT + 1);
    assert_eq!(a.manga[5].id, b.manga[5].id);
    assert_eq!(a.chapters.len(), b.chapters.len());
    assert_eq!(a.chapters_of(&a.manga[0].id).len(), BIG_FEED_CHAPTERS);
    let c = Catalogue::generate(2);
    assert_ne!(a.manga[5].id, c.manga[5].id);
    assert!(a.chapters.iter().any(|c| c.external_url.is_some()));
    for rating in ["safe", "suggestive", "erotica", "pornographic"] {
        assert!(a.manga.iter().any(|m| m.content_rating == rating));
    }
    let titles: HashSet<_> = a.manga.iter().map(|m| &m.title).collect();
    assert_eq!(titles.len(), MANGA_COUNT + 1);
    let ch = a.chapter_with_pages();
    assert_eq!(ch.data_files().len(), ch.pages as usize);
    assert_eq!(a.chapter_by_hash(&ch.hash).map(|c| c.id), Some(ch.id));
}
