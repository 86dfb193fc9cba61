//! What goes into an archive ([`ArchiveSpec`], its [`ArchiveChapter`]s and their
//! [`PageSource`]s) and what comes out ([`Packed`]).

use std::path::{Path, PathBuf};

use time::OffsetDateTime;

#[cfg(doc)]
use super::chapter_prefix;

/// One chapter's pages inside an archive: a volume, the whole series, or the only chapter of
/// a chapter archive.
#[derive(Clone, Debug)]
pub(crate) struct ArchiveChapter {
    /// Put before each page name to name its entry (`c0008.5-` + `001.png`); empty for a
    /// one-chapter archive. No prefix of an archive may begin another one (so `""` only
    /// alone): [`chapter_prefix`] never produces such a pair.
    pub(crate) prefix: String,
    /// Where the pages come from.
    pub(crate) source: PageSource,
}

/// Where a chapter's pages come from.
#[derive(Clone, Debug)]
pub(crate) enum PageSource {
    /// Files on disk, as `(page name, path)` in reading order (`("001.png", …)`).
    Files(Vec<(String, PathBuf)>),
    /// The archive being replaced: every entry of the target whose name starts with the
    /// chapter's prefix, in the order they are stored, copied as they are.
    Existing,
}

/// What goes into an archive.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ArchiveSpec<'a> {
    /// The chapters, in reading order.
    pub(crate) chapters: &'a [ArchiveChapter],
    /// The `ComicInfo.xml` text, written first at the root.
    pub(crate) comic_info: Option<&'a str>,
    /// An image written as the first page, `0-cover.<its extension>`.
    pub(crate) cover: Option<&'a Path>,
    /// Flush the archive, then its directory entry, to the disk before returning.
    pub(crate) fsync: bool,
    /// The modification time of every entry (clamped to 1980-2107, the range ZIP headers
    /// hold); its wall-clock time is stored as it is, whatever its offset.
    pub(crate) modified: OffsetDateTime,
}

/// What an archive holds once written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Packed {
    /// Entries, `ComicInfo.xml` and the cover included.
    pub(crate) entries: usize,
    /// Size of the archive file.
    pub(crate) bytes: u64,
}
