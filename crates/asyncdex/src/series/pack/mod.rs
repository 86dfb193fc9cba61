//! CBZ archives: a chapter, a volume or a whole series, as one ZIP file of stored entries.
//!
//! Pages are already compressed images, so entries are stored, never deflated. Page files are
//! streamed from disk one at a time, and the chapters an archive already holds are copied
//! from it as they are (no decoding), so a volume that gains a chapter is rebuilt without
//! holding it in memory. Every archive is written to a temporary file beside its target and
//! renamed over it only when complete: until then the old archive is untouched.
//!
//! # Entry names
//! Readers sort pages by name, so names sort in reading order, both byte by byte and in the
//! natural order that readers such as Komga and Kavita use:
//! - `ComicInfo.xml` comes first in the archive (readers look for it at the root, and skip it
//!   when listing pages);
//! - then the cover, `0-cover.<ext>` (see [`COVER_STEM`]);
//! - then each chapter's pages, named `{prefix}{page name}`, the prefix from
//!   [`chapter_prefix`] (`c0008-001.png`, `c0008.5-001.png`, `oneshot-001.png`).

mod check;
mod entries;
mod entry_options;
mod existing;
mod fail_once;
mod prefix;
mod spec;
mod temp_file;
#[cfg(test)]
mod tests;

use std::io::{self, BufWriter};
use std::path::Path;

use zip::ZipWriter;

use self::check::check_spec;
use self::entries::write_entries;
use self::fail_once::FailOnce;
use self::temp_file::TempFile;

#[allow(
    unused_imports,
    reason = "keeps `pack::archive_entries`, for the series runner and `--verify`"
)]
pub(crate) use self::existing::archive_entries;
pub(crate) use self::prefix::chapter_prefix;
pub(crate) use self::spec::{ArchiveChapter, ArchiveSpec, Packed, PageSource};

/// The name readers look for the metadata under, at the archive's root.
const COMIC_INFO: &str = "ComicInfo.xml";

/// The cover's name without its extension. It sorts before every page, byte by byte and
/// naturally: chapter prefixes start with a letter, and the pages of a one-chapter archive
/// (`001.png`, even `0.png` or `000.png`) with a digit run that is either larger than `0` or
/// followed by `.`, which sorts after `-`.
const COVER_STEM: &str = "0-cover";

/// Unix permissions of every entry: `rw-r--r--`, what a file extracted from it gets.
const PERMISSIONS: u32 = 0o644;

/// Write buffer: a few page-sized writes per system call.
const BUFFER: usize = 64 * 1024;

/// Writes `target` from `spec`, through a temporary file in the same directory that is
/// renamed over it once complete. On any error the temporary file is removed and an existing
/// `target` is left as it was.
pub(crate) fn write_archive(target: &Path, spec: &ArchiveSpec<'_>) -> io::Result<Packed> {
    let cover = check_spec(spec)?;
    let (temp, file) = TempFile::create(target)?;
    let mut zip = ZipWriter::new(FailOnce::new(BufWriter::with_capacity(BUFFER, file)));
    let entries = write_entries(&mut zip, target, spec, cover)?;
    let file = zip
        .finish()?
        .inner
        .into_inner()
        .map_err(io::IntoInnerError::into_error)?;
    let bytes = file.metadata()?.len();
    temp.persist(file, target, spec.fsync)?;
    Ok(Packed { entries, bytes })
}
