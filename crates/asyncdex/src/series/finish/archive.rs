//! Writing an archive on a blocking thread, and the pages a fetched chapter gives it.

use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use crate::error::{Error, Result, run_blocking};
use crate::series::pack::{ArchiveChapter, ArchiveSpec, write_archive};
use crate::series::run::{Fetched, Runner};

/// The pages of a fetched chapter as `(name, file)`, in reading order.
pub(super) fn pages(fetched: &Fetched) -> Vec<(String, PathBuf)> {
    fetched
        .summary
        .files
        .iter()
        .map(|file| {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            (name, file.clone())
        })
        .collect()
}

/// Writes an archive on a blocking thread (it reads and writes whole files).
pub(super) async fn write(
    runner: &Runner<'_>,
    target: &Path,
    chapters: &[ArchiveChapter],
    comic_info: Option<String>,
    cover: Option<PathBuf>,
) -> Result<()> {
    if let Some(parent) = target.parent() {
        tokio::fs::create_dir_all(parent)
            .await
            .map_err(|e| Error::io("create directory", parent, e))?;
    }
    let target = target.to_path_buf();
    let chapters = chapters.to_vec();
    let fsync = runner.job.fsync;
    run_blocking(move || {
        let spec = ArchiveSpec {
            chapters: &chapters,
            comic_info: comic_info.as_deref(),
            cover: cover.as_deref(),
            fsync,
            modified: OffsetDateTime::now_utc(),
        };
        write_archive(&target, &spec).map_err(|e| Error::io("write", &target, e))
    })
    .await
    .map(|_| ())
}
