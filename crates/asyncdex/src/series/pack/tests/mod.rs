//! Tests of archive writing, and the helpers they share.

mod fail_once;
mod natural_order;
mod prefix_order;
mod random;
mod rebuild;
mod refusals;
mod round_trip;
mod temp_dir;

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;
use time::macros::datetime;
use zip::{CompressionMethod, ZipArchive};

use self::temp_dir::TempDir;
use super::{ArchiveChapter, ArchiveSpec, PageSource};

/// The time every test archive is written at.
const MODIFIED: OffsetDateTime = datetime!(2024-03-15 13:45:30 UTC);

/// A spec of these chapters alone, modified at `MODIFIED`, without fsync.
fn spec<'a>(chapters: &'a [ArchiveChapter]) -> ArchiveSpec<'a> {
    ArchiveSpec {
        chapters,
        comic_info: None,
        cover: None,
        fsync: false,
        modified: MODIFIED,
    }
}

/// A chapter from page files.
fn files(prefix: &str, pages: Vec<(String, PathBuf)>) -> ArchiveChapter {
    ArchiveChapter {
        prefix: prefix.to_owned(),
        source: PageSource::Files(pages),
    }
}

/// A chapter copied from the archive being replaced.
fn existing(prefix: &str) -> ArchiveChapter {
    ArchiveChapter {
        prefix: prefix.to_owned(),
        source: PageSource::Existing,
    }
}

/// Page data that differs from page to page, `len` bytes.
fn data(tag: u8, len: usize) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(31) ^ tag).collect()
}

/// Every entry as (name, bytes), read through the zip crate (which checks each CRC),
/// after checking it is stored, `rw-r--r--`, and dated `MODIFIED`.
fn read_back(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = ZipArchive::new(File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|index| {
            let mut entry = archive.by_index(index).unwrap();
            let name = entry.name().unwrap().into_owned();
            assert_eq!(entry.compression(), CompressionMethod::Stored, "{name}");
            assert_eq!(entry.unix_mode(), Some(0o100_644), "{name}");
            let time = entry.last_modified().unwrap();
            assert_eq!((time.year(), time.hour(), time.second()), (2024, 13, 30));
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (name, bytes)
        })
        .collect()
}

/// `001.<ext>`, `002.<ext>`… for these files, as the chapter download names pages.
fn as_pages(ext: &str, files: &[PathBuf]) -> Vec<(String, PathBuf)> {
    let name = |i: usize| format!("{:03}.{ext}", i + 1);
    files
        .iter()
        .enumerate()
        .map(|(i, path)| (name(i), path.clone()))
        .collect()
}
