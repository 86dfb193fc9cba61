//! Recording, replacing and forgetting chapters.

use super::*;

#[test]
fn a_store_moves_between_threads_and_its_errors_everywhere() {
    fn send<T: Send>() {}
    fn send_sync<T: Send + Sync + 'static>() {}
    send::<Store>();
    send_sync::<StoreError>();
}

#[test]
fn every_chapter_field_comes_back() {
    let root = TempRoot::new();
    let store = Store::open(&root.0).unwrap();
    let full = ChapterRecord {
        entry_prefix: Some("v01/c010.5/".to_owned()),
        ..chapter(1, 9, Some("1"), Some("10.5"))
    };
    let bare = ChapterRecord {
        volume: None,
        chapter: None,
        title: None,
        groups: Vec::new(),
        group_names: Vec::new(),
        uploader: None,
        pages: 0,
        bytes: 0,
        ..chapter(2, 9, None, None)
    };
    store.record_chapter(&full).unwrap();
    store.record_chapter(&bare).unwrap();
    assert_eq!(store.chapter(full.id).unwrap(), Some(full));
    assert_eq!(store.chapter(bare.id).unwrap(), Some(bare));
    assert_eq!(store.chapter(Uuid::from_u128(3)).unwrap(), None);
}

#[test]
fn the_largest_sizes_and_page_counts_come_back() {
    let root = TempRoot::new();
    let store = Store::open(&root.0).unwrap();
    let big = ChapterRecord {
        pages: u32::MAX,
        bytes: i64::MAX.unsigned_abs(),
        ..chapter(1, 9, None, None)
    };
    store.record_chapter(&big).unwrap();
    assert_eq!(store.chapter(big.id).unwrap(), Some(big));
}

#[test]
fn what_does_not_fit_is_refused_without_writing() {
    let root = TempRoot::new();
    let store = Store::open(&root.0).unwrap();
    let huge = ChapterRecord {
        bytes: u64::MAX,
        ..chapter(1, 9, None, None)
    };
    let err = store.record_chapter(&huge).unwrap_err();
    assert!(
        err.to_string().contains("more than the store can count"),
        "{err}"
    );
    let ancient = ChapterRecord {
        publish_at: datetime!(-0001-01-01 00:00 UTC),
        ..chapter(2, 9, None, None)
    };
    let err = store.record_chapter(&ancient).unwrap_err();
    assert!(
        err.to_string().contains("outside the years 0 to 9999"),
        "{err}"
    );
    // A bad record in a batch stops the whole batch before anything is written.
    let err = store
        .record_chapters(&[chapter(3, 9, None, None), huge])
        .unwrap_err();
    assert!(!err.is_corrupt());
    assert_eq!(store.chapters().unwrap(), Vec::new());
}

#[test]
fn a_record_replaces_the_one_under_its_id() {
    let root = TempRoot::new();
    let store = Store::open(&root.0).unwrap();
    let first = chapter(1, 9, Some("1"), Some("1"));
    store.record_chapter(&first).unwrap();
    let moved = ChapterRecord {
        path: PathBuf::from("elsewhere/c1.cbz"),
        ..first
    };
    store.record_chapter(&moved).unwrap();
    assert_eq!(store.chapters().unwrap(), vec![moved]);
}

#[test]
fn forgetting_a_chapter_says_whether_there_was_one() {
    let root = TempRoot::new();
    let store = Store::open(&root.0).unwrap();
    store
        .record_chapter(&chapter(1, 9, None, Some("1")))
        .unwrap();
    assert!(store.forget_chapter(Uuid::from_u128(1)).unwrap());
    assert!(!store.forget_chapter(Uuid::from_u128(1)).unwrap());
    assert_eq!(store.chapter(Uuid::from_u128(1)).unwrap(), None);
}
