//! A chapter's CBZ: its pages, in order, as a one-chapter archive. The ZIP format itself
//! lives in [`crate::series::pack`], which also packs volumes and whole series.

use std::io;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use crate::series::pack::{ArchiveChapter, ArchiveSpec, PageSource, write_archive};

/// Writes `target` (through a temporary file beside it and a rename) with one stored entry
/// per `(name, file)`, in the given order, every one modified at `modified`.
pub(super) fn write_cbz(
    target: &Path,
    pages: Vec<(String, PathBuf)>,
    modified: OffsetDateTime,
    fsync: bool,
) -> io::Result<()> {
    let chapters = [ArchiveChapter {
        prefix: String::new(),
        source: PageSource::Files(pages),
    }];
    let spec = ArchiveSpec {
        chapters: &chapters,
        comic_info: None,
        cover: None,
        fsync,
        modified,
    };
    write_archive(target, &spec).map(drop)
}
