//! [`TempFile`], the file an archive is written to beside its target and renamed over it once
//! complete.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::check::invalid_input;

/// A file beside the target, `.{name}.{process}.{count}.part`, removed when dropped unless it
/// has been renamed over the target.
pub(super) struct TempFile {
    path: PathBuf,
    kept: bool,
}

impl TempFile {
    /// Creates the file (never one that exists: two writers of one target each get theirs).
    pub(super) fn create(target: &Path) -> io::Result<(Self, File)> {
        static COUNT: AtomicU64 = AtomicU64::new(0);
        let name = target
            .file_name()
            .ok_or_else(|| invalid_input(format!("{} names no file", target.display())))?;
        let mut temp = OsString::from(".");
        temp.push(name);
        let count = COUNT.fetch_add(1, Ordering::Relaxed);
        temp.push(format!(".{}.{count}.part", std::process::id()));
        let path = target.with_file_name(temp);
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        Ok((Self { path, kept: false }, file))
    }

    /// Renames the file, written through `file`, over `target`; with `fsync`, flushes the
    /// file first and the directory (which holds the rename) after.
    pub(super) fn persist(mut self, file: File, target: &Path, fsync: bool) -> io::Result<()> {
        if fsync {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(&self.path, target)?;
        self.kept = true;
        if fsync {
            sync_directory(target)?;
        }
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Flushes the directory that holds `path`, so a rename into it survives a crash (Unix; on
/// other systems the rename itself is what the file system keeps).
pub(super) fn sync_directory(path: &Path) -> io::Result<()> {
    if cfg!(unix) {
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        File::open(parent.unwrap_or(Path::new(".")))?.sync_all()?;
    }
    Ok(())
}
