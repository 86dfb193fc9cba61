//! Archives written from files read back whole, with the right names, bytes and times.

use std::fs;
use std::path::Path;

use time::macros::datetime;

use super::super::entry_options::zip_time;
use super::super::temp_file::sync_directory;
use super::super::{Packed, archive_entries, write_archive};
use super::*;

#[test]
fn entries_come_back_in_order_with_their_bytes() {
    let dir = TempDir::new("round-trip");
    let cover = dir.file("cover.JPG", &data(0, 1000));
    let one = [dir.file("a1", &data(1, 70_000)), dir.file("a2", &[])];
    let two = [dir.file("b1", &data(2, 5))];
    let chapters = [
        files("c0001-", as_pages("png", &one)),
        files("c0001.5-", as_pages("jpg", &two)),
    ];
    let target = dir.0.join("book.cbz");
    let spec = ArchiveSpec {
        comic_info: Some("<ComicInfo/>"),
        cover: Some(&cover),
        ..spec(&chapters)
    };
    let packed = write_archive(&target, &spec).unwrap();
    let expected = [
        ("ComicInfo.xml", b"<ComicInfo/>".to_vec()),
        ("0-cover.jpg", data(0, 1000)),
        ("c0001-001.png", data(1, 70_000)),
        ("c0001-002.png", Vec::new()),
        ("c0001.5-001.jpg", data(2, 5)),
    ];
    let entries = read_back(&target);
    let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        expected.iter().map(|(name, _)| *name).collect::<Vec<_>>()
    );
    for ((name, bytes), (_, want)) in entries.iter().zip(&expected) {
        assert!(bytes == want, "bytes of {name}");
    }
    assert_eq!(archive_entries(&target).unwrap(), names);
    let bytes = fs::metadata(&target).unwrap().len();
    assert_eq!(packed, Packed { entries: 5, bytes });
    assert_eq!(dir.names(), ["book.cbz"], "no temporary file left");
}

#[test]
fn fsync_flushes_the_archive_and_its_directory() {
    assert!(
        sync_directory(Path::new("relative.cbz")).is_ok(),
        "the current directory"
    );
    let dir = TempDir::new("fsync");
    let chapters = [files("", as_pages("png", &[dir.file("p", b"page")]))];
    let target = dir.0.join("x.cbz");
    write_archive(
        &target,
        &ArchiveSpec {
            fsync: true,
            ..spec(&chapters)
        },
    )
    .unwrap();
    assert_eq!(archive_entries(&target).unwrap(), ["001.png"]);
}

#[test]
fn times_are_clamped_to_what_zip_holds() {
    let time = zip_time(MODIFIED);
    assert_eq!((time.timepart(), time.datepart()), (0x6DAF, 0x586F));
    let early = zip_time(datetime!(1970-01-01 0:00 UTC));
    assert_eq!((early.timepart(), early.datepart()), (0, 0x21));
    let late = zip_time(datetime!(2200-01-01 0:00 UTC));
    assert_eq!((late.timepart(), late.datepart()), (0xBF7D, 0xFF9F));
    let offset = zip_time(datetime!(2024-03-15 13:45:30 +02:00));
    assert_eq!(offset, time, "the wall-clock time, as given");
}
