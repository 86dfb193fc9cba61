//! The archive being replaced: opening it, listing its entries, and copying the chapters it
//! already holds.

use std::fs::File;
use std::io::{self, BufReader, Seek, Write};
use std::path::Path;

use zip::{DateTime, ZipArchive, ZipWriter};

use super::check::check_name;
#[cfg(doc)]
use super::spec::PageSource;
use super::{ArchiveChapter, COMIC_INFO, COVER_STEM, PERMISSIONS};

/// The names of an archive's entries, in the order they are stored.
#[allow(
    dead_code,
    reason = "for the series runner and `--verify`, which are being written; tests use it now"
)]
pub(crate) fn archive_entries(path: &Path) -> io::Result<Vec<String>> {
    open(path)?
        .file_names()
        .map(|name| Ok(name?.into_owned()))
        .collect()
}

/// Copies, without decoding, the entries of the archive being replaced that belong to
/// `chapter` (see [`PageSource::Existing`]), with this archive's time and permissions.
/// Returns how many; there must be some.
pub(super) fn copy_existing<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    old: &mut ZipArchive<BufReader<File>>,
    chapter: &ArchiveChapter,
    time: DateTime,
) -> io::Result<usize> {
    let prefix = chapter.prefix.as_bytes();
    let indices: Vec<usize> = old
        .file_names_raw()
        .enumerate()
        .filter(|(_, name)| name.starts_with(prefix) && !is_root_extra(name))
        .map(|(index, _)| index)
        .collect();
    if indices.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "the archive being replaced holds no entry starting with {:?}",
                chapter.prefix
            ),
        ));
    }
    for &index in &indices {
        let entry = old.by_index_raw(index)?;
        check_name(&entry.name()?)?;
        zip.raw_copy_file_touch(entry, time, Some(PERMISSIONS))?;
    }
    Ok(indices.len())
}

/// `ComicInfo.xml` and the cover: written anew from the spec, never copied as a page.
fn is_root_extra(name: &[u8]) -> bool {
    name == COMIC_INFO.as_bytes()
        || name
            .strip_prefix(COVER_STEM.as_bytes())
            .is_some_and(|rest| rest.starts_with(b"."))
}

/// The archive being replaced, opened when a chapter first needs it (and only then: a new
/// archive has none).
pub(super) fn old_archive<'a>(
    old: &'a mut Option<ZipArchive<BufReader<File>>>,
    target: &Path,
) -> io::Result<&'a mut ZipArchive<BufReader<File>>> {
    match old {
        Some(archive) => Ok(archive),
        None => Ok(old.insert(open(target)?)),
    }
}

/// Opens an archive to read, naming it in errors.
fn open(path: &Path) -> io::Result<ZipArchive<BufReader<File>>> {
    let context =
        |error: io::Error| io::Error::new(error.kind(), format!("{}: {error}", path.display()));
    let file = File::open(path).map_err(context)?;
    ZipArchive::new(BufReader::new(file)).map_err(|error| context(error.into()))
}
