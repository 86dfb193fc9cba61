//! Resuming: pages already on disk and whole are kept, damaged and half-written ones go.

use std::io;
use std::path::Path;

use super::page_files::{PageFile, part_path};
use super::{ChapterDownload, DownloadEvent, verify};
use crate::error::{Error, Result};

impl ChapterDownload {
    /// Resume: the pages already there and whole stay (which are done), half-written pages
    /// of a previous run go. Says so in the `Started` event and one `PageDone` per page kept.
    pub(super) async fn resume(&self, pages: &[PageFile], base_url: &str) -> Result<Vec<bool>> {
        let mut done = vec![false; pages.len()];
        let mut on_disk = Vec::new();
        for (index, page) in pages.iter().enumerate() {
            remove_if_exists(&part_path(&page.path)).await?;
            if let Some(bytes) = verified_on_disk(page).await? {
                done[index] = true;
                on_disk.push((index, bytes));
            }
        }
        self.emitter.emit(DownloadEvent::Started {
            pages: pages.len(),
            on_disk: on_disk.len(),
            base_url: base_url.to_owned(),
        });
        for (index, bytes) in on_disk {
            self.emitter.emit(DownloadEvent::PageDone {
                index,
                bytes,
                cached: false,
                skipped: true,
            });
        }
        Ok(done)
    }
}

/// The size of a page already on disk, when it passes the same check as a fetched page
/// ([`verify::check_page`]); a damaged one is removed so that it is fetched again.
async fn verified_on_disk(page: &PageFile) -> Result<Option<u64>> {
    let bytes = match tokio::fs::read(&page.path).await {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(Error::io("read", &page.path, error)),
    };
    match verify::check_page(&page.remote, &bytes) {
        Ok(()) => Ok(Some(bytes.len() as u64)),
        Err(damage) => {
            tracing::warn!(path = %page.path.display(), %damage, "damaged page on disk: fetching it again");
            remove_if_exists(&page.path).await?;
            Ok(None)
        }
    }
}

pub(super) async fn remove_if_exists(path: &Path) -> Result<()> {
    match tokio::fs::remove_file(path).await {
        Err(error) if error.kind() != io::ErrorKind::NotFound => {
            Err(Error::io("remove", path, error))
        }
        _ => Ok(()),
    }
}
