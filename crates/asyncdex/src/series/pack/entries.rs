//! Writing an archive's entries: `ComicInfo.xml`, the cover, then each chapter's pages, all
//! stored with the same time and permissions.

use std::fs::File;
use std::io::{self, Seek, Write};
use std::path::{Path, PathBuf};

use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::entry_options::{entry_options, zip_time};
use super::existing::{copy_existing, old_archive};
use super::{ArchiveSpec, COMIC_INFO, PageSource};

/// Writes every entry, in reading order; returns how many. The archive being replaced is
/// opened only when a chapter is copied from it, and closed on return: before the rename,
/// which some systems refuse over an open file.
pub(super) fn write_entries<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    target: &Path,
    spec: &ArchiveSpec<'_>,
    cover: Option<(String, &Path)>,
) -> io::Result<usize> {
    let time = zip_time(spec.modified);
    let options = entry_options(time);
    let mut entries = 0;
    if let Some(xml) = spec.comic_info {
        zip.start_file(COMIC_INFO, options)?;
        zip.write_all(xml.as_bytes())?;
        entries += 1;
    }
    if let Some((name, path)) = cover {
        add_file(zip, &name, path, options)?;
        entries += 1;
    }
    let mut old = None;
    for chapter in spec.chapters {
        entries += match &chapter.source {
            PageSource::Files(pages) => add_pages(zip, &chapter.prefix, pages, options)?,
            PageSource::Existing => {
                let old = old_archive(&mut old, target)?;
                copy_existing(zip, old, chapter, time)?
            }
        };
    }
    Ok(entries)
}

/// Adds each page of a chapter, from disk, in order. Returns how many.
fn add_pages<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    prefix: &str,
    pages: &[(String, PathBuf)],
    options: SimpleFileOptions,
) -> io::Result<usize> {
    for (page, path) in pages {
        add_file(zip, &format!("{prefix}{page}"), path, options)?;
    }
    Ok(pages.len())
}

/// Streams one file into a stored entry. ZIP64 sizes only for a file that needs them: they
/// cost 20 bytes and some readers refuse them.
fn add_file<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    name: &str,
    path: &Path,
    options: SimpleFileOptions,
) -> io::Result<()> {
    let context =
        |error: io::Error| io::Error::new(error.kind(), format!("{}: {error}", path.display()));
    let mut file = File::open(path).map_err(context)?;
    let large = file.metadata().map_err(context)?.len() >= zip::ZIP64_BYTES_THR;
    zip.start_file(name, options.large_file(large))?;
    io::copy(&mut file, zip).map_err(context)?;
    Ok(())
}
