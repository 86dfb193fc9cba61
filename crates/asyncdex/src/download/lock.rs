//! The lock a running download holds on its chapter directory.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The lock file a running download holds in its chapter directory, removed when it ends.
const LOCK_FILE: &str = ".asyncdex-download.lock";

/// The lock of a chapter directory: an OS lock on a file in it, released (and the file
/// removed) when the download ends. The OS drops the lock of a killed process, so a stale
/// file never blocks a later run.
#[derive(Debug)]
pub(super) struct ChapterLock {
    path: PathBuf,
    _file: std::fs::File,
}

impl ChapterLock {
    pub(super) fn take(dir: &Path) -> Result<Self> {
        let path = dir.join(LOCK_FILE);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|error| Error::io("create", &path, error))?;
        match file.try_lock() {
            Ok(()) => Ok(Self { path, _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(Error::locked(&path)),
            Err(std::fs::TryLockError::Error(error)) => Err(Error::io("lock", &path, error)),
        }
    }
}

impl Drop for ChapterLock {
    fn drop(&mut self) {
        // Removed while still locked: a run that opened it meanwhile fails its own try (the
        // lock is on the open file), and the directory is left as clean as it was found.
        let _ = std::fs::remove_file(&self.path);
    }
}
