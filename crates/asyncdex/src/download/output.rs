//! Where a download's files go: its folder, an optional CBZ, and whether they are synced.

use std::path::PathBuf;

use super::ChapterDownload;
use super::chapter_download::Cbz;

impl ChapterDownload {
    /// The directory the chapter's directory (`<chapter id>/`) goes in (default: the current
    /// directory). Created when missing.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = dir.into();
        self
    }

    /// The directory the pages go in, exactly (default: `out_dir/<chapter id>`). Created
    /// when missing.
    pub fn dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dir = Some(dir.into());
        self
    }

    /// Also pack the pages, in order, into `out_dir/<chapter id>.cbz` (default: no).
    pub fn cbz(mut self, cbz: bool) -> Self {
        self.cbz = if cbz { Cbz::Default } else { Cbz::No };
        self
    }

    /// Also pack the pages, in order, into a CBZ at this path.
    pub fn cbz_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.cbz = Cbz::Path(path.into());
        self
    }

    /// Whether every page (and the CBZ) is flushed to the disk before its rename (default
    /// no). Without it, a power cut can leave an empty page file, which the next run fetches
    /// again.
    pub fn fsync(mut self, fsync: bool) -> Self {
        self.fsync = fsync;
        self
    }
}
