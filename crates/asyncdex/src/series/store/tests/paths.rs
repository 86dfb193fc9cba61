//! Record paths: kept below the root, UTF-8, normalised.

use std::path::Path;

use crate::series::store::error::Kind;
use crate::series::store::paths::{path_from_store, stored_path};

use super::*;

#[test]
fn paths_must_stay_below_the_root() {
    let root = TempRoot::new();
    let store = Store::open(&root.0).unwrap();
    for path in ["/abs/c1", "../c1", "a/../../c1", "", "."] {
        let record = ChapterRecord {
            path: PathBuf::from(path),
            ..chapter(1, 9, None, None)
        };
        let err = store.record_chapter(&record).unwrap_err();
        assert!(
            matches!(err.kind, Kind::InvalidPath { .. }),
            "{path}: {err}"
        );
    }
    assert!(store.chapters_in(Path::new("/abs")).is_err());
    assert_eq!(store.chapters().unwrap(), Vec::new());
    let at_root = SeriesRecord {
        folder: PathBuf::new(),
        ..series(1, "Root")
    };
    store.record_series(&at_root).unwrap();
    assert_eq!(store.series_record(at_root.manga).unwrap(), Some(at_root));
    let outside = SeriesRecord {
        folder: PathBuf::from("../x"),
        ..series(2, "Out")
    };
    assert!(store.record_series(&outside).is_err());
}

#[cfg(unix)]
#[test]
fn a_non_utf8_path_is_refused_not_mangled() {
    use std::os::unix::ffi::OsStrExt;

    let root = TempRoot::new();
    let store = Store::open(&root.0).unwrap();
    let path = PathBuf::from(std::ffi::OsStr::from_bytes(b"Manga/c\xff1"));
    let err = store
        .record_chapter(&ChapterRecord {
            path,
            ..chapter(1, 9, None, None)
        })
        .unwrap_err();
    assert!(err.to_string().contains("not valid UTF-8"), "{err}");
    assert_eq!(store.chapters().unwrap(), Vec::new());
}

#[test]
fn stored_paths_are_normalised() {
    assert_eq!(stored_path(Path::new("a/./b//c/")), Ok("a/b/c".to_owned()));
    assert_eq!(stored_path(Path::new("")), Ok(String::new()));
    assert!(stored_path(Path::new("a/../b")).is_err());
    assert!(path_from_store("/etc").is_err());
}
