//! Rebuilding an archive around the chapters it holds.

use std::fs;

use super::super::write_archive;
use super::*;

/// Chapters 1 and 3 from files, then 2 inserted between them with 1 and 3 copied.
#[test]
fn a_rebuild_copies_held_chapters_and_inserts_new_ones_in_order() {
    let dir = TempDir::new("rebuild");
    let one = as_pages(
        "png",
        &[dir.file("1a", &data(1, 3000)), dir.file("1b", &data(2, 10))],
    );
    let two = as_pages("png", &[dir.file("2a", &data(3, 400))]);
    let three = as_pages("png", &[dir.file("3a", &data(4, 9000))]);
    let target = dir.0.join("v01.cbz");
    let old = [files("c0001-", one.clone()), files("c0003-", three.clone())];
    write_archive(
        &target,
        &ArchiveSpec {
            comic_info: Some("old"),
            ..spec(&old)
        },
    )
    .unwrap();
    let before = read_back(&target);

    let new = [
        existing("c0001-"),
        files("c0002-", two.clone()),
        existing("c0003-"),
    ];
    let new_spec = ArchiveSpec {
        comic_info: Some("new"),
        ..spec(&new)
    };
    assert_eq!(write_archive(&target, &new_spec).unwrap().entries, 5);
    let after = read_back(&target);
    let names: Vec<&str> = after.iter().map(|(name, _)| name.as_str()).collect();
    let want = [
        "ComicInfo.xml",
        "c0001-001.png",
        "c0001-002.png",
        "c0002-001.png",
        "c0003-001.png",
    ];
    assert_eq!(names, want);
    assert_eq!(after[0].1, b"new");
    assert!(
        after[1..3] == before[1..3] && after[4] == before[3],
        "old bytes kept"
    );

    // The same archive as one written from the files: a rebuild leaves no trace.
    let fresh = dir.0.join("fresh.cbz");
    let all = [
        files("c0001-", one),
        files("c0002-", two),
        files("c0003-", three),
    ];
    write_archive(
        &fresh,
        &ArchiveSpec {
            comic_info: Some("new"),
            ..spec(&all)
        },
    )
    .unwrap();
    let same = fs::read(&fresh).unwrap() == fs::read(&target).unwrap();
    assert!(same, "byte-identical");
}

#[test]
fn a_one_chapter_rebuild_replaces_comic_info_and_cover_instead_of_copying_them() {
    let dir = TempDir::new("one-chapter");
    let cover = dir.file("c.png", b"cover");
    let target = dir.0.join("ch.cbz");
    let chapters = [files("", as_pages("png", &[dir.file("p", b"page")]))];
    let first = ArchiveSpec {
        comic_info: Some("a"),
        cover: Some(&cover),
        ..spec(&chapters)
    };
    write_archive(&target, &first).unwrap();
    let held = [existing("")];
    let again = ArchiveSpec {
        comic_info: Some("b"),
        cover: Some(&cover),
        ..spec(&held)
    };
    write_archive(&target, &again).unwrap();
    let entries = read_back(&target);
    let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["ComicInfo.xml", "0-cover.png", "001.png"]);
    assert_eq!(entries[0].1, b"b");
}
