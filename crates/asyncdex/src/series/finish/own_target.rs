//! Putting a chapter with a folder or archive of its own in place.

use std::path::{Path, PathBuf};

use super::archive::{pages, write};
use super::comic_info::{Pages, Scope, comic_info};
use crate::error::{Error, Result};
use crate::series::pack::{ArchiveChapter, PageSource};
use crate::series::plan::{Format, PlannedChapter, PlannedSeries};
use crate::series::run::{Fetched, Runner};
use crate::series::staging;

/// A chapter with a folder or archive of its own.
pub(super) async fn place_own(
    runner: &Runner<'_>,
    series: &PlannedSeries,
    chapter: &PlannedChapter,
    fetched: &Fetched,
) -> Result<()> {
    let target = runner.root.join(&chapter.target);
    if series.options.format == Format::Folder {
        let parent = target.parent().unwrap_or(&runner.root).to_path_buf();
        tokio::fs::create_dir_all(&parent)
            .await
            .map_err(|e| Error::io("create directory", &parent, e))?;
        return move_pages(&fetched.summary.dir, &target, &pages(fetched)).await;
    }
    let comic_info = series.options.comic_info.then(|| {
        let pages = Pages {
            count: fetched.summary.pages,
            cover: false,
        };
        comic_info(series, &[chapter], pages, Scope::Chapter)
    });
    let chapters = [ArchiveChapter {
        prefix: String::new(),
        source: PageSource::Files(pages(fetched)),
    }];
    write(runner, &target, &chapters, comic_info, None).await?;
    staging::remove(&fetched.summary.dir).await
}

/// Moves the pages of a staging folder to the chapter's folder: the whole folder at once
/// when the target is new, page by page into one that is already there.
async fn move_pages(staged: &Path, target: &Path, pages: &[(String, PathBuf)]) -> Result<()> {
    if !tokio::fs::try_exists(target).await.unwrap_or(false) {
        return tokio::fs::rename(staged, target)
            .await
            .map_err(|e| Error::io("rename", staged, e));
    }
    for (name, file) in pages {
        let destination = target.join(name);
        tokio::fs::rename(file, &destination)
            .await
            .map_err(|e| Error::io("rename", file, e))?;
    }
    staging::remove(staged).await
}
