//! Selecting chapters by manga and by path, in library order.

use std::path::Path;

use super::*;

#[test]
fn chapters_of_and_in_select_and_order() {
    let root = TempRoot::new();
    let store = Store::open(&root.0).unwrap();
    let archive = PathBuf::from("Manga/Manga v01.cbz");
    let in_archive = |n, number: &str| ChapterRecord {
        path: archive.clone(),
        entry_prefix: Some(format!("c{number}/")),
        ..chapter(n, 9, Some("1"), Some(number))
    };
    let (ten, two, other) = (
        in_archive(1, "10"),
        in_archive(2, "2"),
        chapter(3, 9, None, Some("11")),
    );
    store
        .record_chapters(&[ten.clone(), other.clone(), two.clone()])
        .unwrap();
    store
        .record_chapter(&chapter(4, 8, None, Some("1")))
        .unwrap();
    assert_eq!(
        store.chapters_in(&archive).unwrap(),
        vec![two.clone(), ten.clone()]
    );
    assert_eq!(
        store
            .chapters_in(Path::new("./Manga//Manga v01.cbz"))
            .unwrap()
            .len(),
        2
    );
    assert_eq!(store.chapters_in(Path::new("Manga")).unwrap(), Vec::new());
    assert_eq!(
        store.chapters_of(Uuid::from_u128(9)).unwrap(),
        vec![two, ten, other]
    );
    assert_eq!(store.chapters_of(Uuid::from_u128(7)).unwrap(), Vec::new());
}
