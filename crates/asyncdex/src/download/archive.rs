//! The CBZ of a download: where it goes, a check that it can be written, and packing it.

use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::chapter_download::Cbz;
use super::page_files::PageFile;
use super::{ChapterDownload, cbz};
use crate::error::{Error, Result, run_blocking};

impl ChapterDownload {
    /// Where the CBZ goes, when one was asked for.
    pub(super) fn cbz_target(&self) -> Option<PathBuf> {
        match &self.cbz {
            Cbz::No => None,
            Cbz::Default => Some(self.out_dir.join(format!("{}.cbz", self.chapter))),
            Cbz::Path(path) => Some(path.clone()),
        }
    }

    /// Packs the pages, in order, into the CBZ when one was asked for.
    pub(super) async fn pack(&self, pages: &[PageFile]) -> Result<Option<PathBuf>> {
        let Some(target) = self.cbz_target() else {
            return Ok(None);
        };
        let entries: Vec<(String, PathBuf)> = pages
            .iter()
            .map(|page| (page.name.clone(), page.path.clone()))
            .collect();
        let (file, fsync) = (target.clone(), self.fsync);
        let time = time::OffsetDateTime::now_utc();
        run_blocking(move || {
            cbz::write_cbz(&file, entries, time, fsync)
                .map_err(|error| Error::io("write", &file, error))
        })
        .await?;
        Ok(Some(target))
    }
}

/// Makes `file`'s folder and proves a file can be written there (a probe file, created and
/// removed), so a download whose archive could never be written fails before fetching a page.
pub(super) async fn writable_file(file: &Path) -> Result<()> {
    let folder = match file.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_owned(),
        _ => PathBuf::from("."),
    };
    if tokio::fs::metadata(file)
        .await
        .is_ok_and(|meta| meta.is_dir())
    {
        return Err(Error::invalid(format!(
            "the CBZ path is a folder: {}",
            file.display()
        )));
    }
    tokio::fs::create_dir_all(&folder)
        .await
        .map_err(|error| Error::io("create", &folder, error))?;
    let probe = folder.join(format!(".asyncdex-write-check-{}", Uuid::new_v4()));
    tokio::fs::File::create(&probe)
        .await
        .map_err(|error| Error::io("write", file, error))?;
    // A probe left behind is harmless; the check already succeeded.
    let _ = tokio::fs::remove_file(&probe).await;
    Ok(())
}
