//! What the writer refuses, and the old archive it then leaves whole.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::super::write_archive;
use super::*;

/// Writes an archive holding `c0001-`, then fails to replace it with the chapters `new`
/// makes from a page file that exists: the old archive must stay byte-identical, and no
/// temporary file be left.
fn fails_and_keeps_the_old_archive(
    tag: &str,
    new: impl FnOnce(&Path) -> Vec<ArchiveChapter>,
) -> io::Error {
    let dir = TempDir::new(tag);
    let page = dir.file("p", &data(9, 5000));
    let target = dir.0.join("old.cbz");
    let old = [files(
        "c0001-",
        as_pages("png", std::slice::from_ref(&page)),
    )];
    write_archive(&target, &spec(&old)).unwrap();
    let before = fs::read(&target).unwrap();
    let error = write_archive(&target, &spec(&new(&page))).unwrap_err();
    assert!(
        fs::read(&target).unwrap() == before,
        "the old archive is intact"
    );
    assert_eq!(dir.names(), ["old.cbz"], "no temporary file left");
    error
}

/// A chapter of one page file.
fn one_page(prefix: &str, name: &str, path: &Path) -> ArchiveChapter {
    files(prefix, vec![(name.to_owned(), path.to_owned())])
}

#[test]
fn a_missing_page_file_leaves_the_old_archive_whole() {
    let error = fails_and_keeps_the_old_archive("missing-page", |page| {
        let missing = (
            String::from("002.png"),
            PathBuf::from("/nonexistent/page.png"),
        );
        let last = as_pages("png", &[page.to_owned()])
            .into_iter()
            .chain([missing]);
        vec![
            existing("c0001-"),
            one_page("c0002-", "001.png", page),
            files("c0003-", last.collect()),
        ]
    });
    assert_eq!(error.kind(), io::ErrorKind::NotFound);
    assert!(
        error.to_string().contains("/nonexistent/page.png"),
        "{error}"
    );
}

#[test]
fn an_existing_chapter_the_old_archive_lacks_is_an_error() {
    let error = fails_and_keeps_the_old_archive("missing-prefix", |page| {
        vec![
            existing("c0001-"),
            one_page("c0002-", "001.png", page),
            existing("c0009-"),
        ]
    });
    assert_eq!(error.kind(), io::ErrorKind::NotFound);
    assert!(error.to_string().contains("\"c0009-\""), "{error}");

    let dir = TempDir::new("no-old");
    let target = dir.0.join("none.cbz");
    let error = write_archive(&target, &spec(&[existing("c0001-")])).unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::NotFound);
    assert!(dir.names().is_empty());
}

#[test]
fn names_outside_the_archive_root_and_overlapping_prefixes_are_refused() {
    let cases = [
        ("", "../evil.png"),
        ("", "a/b.png"),
        ("", "/etc/passwd"),
        ("", "a\\b.png"),
        ("", "nul\0.png"),
        ("", ""),
        ("../", "001.png"),
        ("c0001-", ".."),
    ];
    for (prefix, name) in cases {
        let error =
            fails_and_keeps_the_old_archive("hostile", |page| vec![one_page(prefix, name, page)]);
        assert_eq!(
            error.kind(),
            io::ErrorKind::InvalidInput,
            "{prefix:?} {name:?}"
        );
    }
    let error = fails_and_keeps_the_old_archive("overlap", |page| {
        vec![existing("c0008-"), one_page("c0008-2-", "001.png", page)]
    });
    assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
    assert!(
        error.to_string().contains("\"c0008-\" begins \"c0008-2-\""),
        "{error}"
    );
}

#[test]
fn a_cover_needs_an_image_extension() {
    let dir = TempDir::new("cover");
    let cover = dir.file("cover", b"x");
    let target = dir.0.join("v.cbz");
    let spec = ArchiveSpec {
        cover: Some(&cover),
        ..spec(&[])
    };
    let error = write_archive(&target, &spec).unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
    assert!(dir.names().is_empty());
}
