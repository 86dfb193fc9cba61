//! The staging area, `root/.asyncdex/staging/`: where chapters are fetched before they are
//! put in place, so a name in the library is only ever a whole chapter. Covers too.

use std::io;
use std::path::{Path, PathBuf};

use uuid::Uuid;

use super::naming::sanitize_component;
use super::plan::PlannedSeries;
use super::run::{COVER_TIMEOUT, Runner};
use crate::download::fetch::{Seen, fetch_image};
use crate::download::write_page;
use crate::error::{Error, Result};
use crate::model::ImageQuality;

/// `root/.asyncdex/staging`.
pub(super) fn area(root: &Path) -> PathBuf {
    root.join(".asyncdex").join("staging")
}

/// Where a chapter's pages wait: one folder per chapter and quality (their files differ).
pub(super) fn chapter_dir(root: &Path, chapter: Uuid, quality: ImageQuality) -> PathBuf {
    let name = match quality {
        ImageQuality::Original => chapter.to_string(),
        ImageQuality::DataSaver => format!("{chapter}-saver"),
    };
    area(root).join(name)
}

/// Removes a staging folder and what is in it; one already gone is fine.
pub(super) async fn remove(dir: &Path) -> Result<()> {
    match tokio::fs::remove_dir_all(dir).await {
        Err(error) if error.kind() != io::ErrorKind::NotFound => {
            Err(Error::io("remove", dir, error))
        }
        _ => Ok(()),
    }
}

/// Fetches an image from the uploads host: `{uploads}/{manga}/{file}`.
async fn fetch_cover(runner: &Runner<'_>, manga: Uuid, file: &str) -> Result<bytes::Bytes> {
    let base = runner.job.uploads_url.trim_end_matches('/');
    let url = format!("{base}/{manga}/{file}");
    fetch_image(
        &runner.job.client,
        &url,
        COVER_TIMEOUT,
        &mut Seen::default(),
    )
    .await
}

/// The series' main cover as `cover.<ext>` in its folder, where Komga and Kavita look for a
/// series poster. Kept when there; a cover that cannot be fetched is only a warning.
pub(super) async fn series_cover(runner: &Runner<'_>, series: &PlannedSeries) -> Result<()> {
    let Some(file) = &series.info.cover_file else {
        return Ok(());
    };
    let folder = runner.root.join(&series.folder);
    let target = folder.join(format!("cover.{}", extension(file)));
    if tokio::fs::try_exists(&target).await.unwrap_or(false) {
        return Ok(());
    }
    match fetch_cover(runner, series.info.id, file).await {
        Ok(bytes) => {
            tokio::fs::create_dir_all(&folder)
                .await
                .map_err(|e| Error::io("create directory", &folder, e))?;
            write_page(&target, bytes, runner.job.fsync).await
        }
        Err(error) => {
            tracing::warn!(manga = %series.info.id, %error, "could not fetch the series cover");
            Ok(())
        }
    }
}

/// A volume's cover, fetched into the staging area for its archive; `None` when the volume
/// has none or it cannot be fetched (a warning).
pub(super) async fn volume_cover(
    runner: &Runner<'_>,
    series: &PlannedSeries,
    volume: &str,
) -> Result<Option<PathBuf>> {
    let Some(file) = series.info.volume_covers.get(volume) else {
        return Ok(None);
    };
    let dir = area(&runner.root);
    let volume_name = sanitize_component(volume);
    let target = dir.join(format!(
        "cover-{}-v{volume_name}.{}",
        series.info.id,
        extension(file)
    ));
    match fetch_cover(runner, series.info.id, file).await {
        Ok(bytes) => {
            tokio::fs::create_dir_all(&dir)
                .await
                .map_err(|e| Error::io("create directory", &dir, e))?;
            write_page(&target, bytes, runner.job.fsync).await?;
            Ok(Some(target))
        }
        Err(error) => {
            tracing::warn!(manga = %series.info.id, volume, %error, "could not fetch the volume cover");
            Ok(None)
        }
    }
}

/// A plain lower-case extension of a file name, `jpg` otherwise.
fn extension(file: &str) -> String {
    file.rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .filter(|ext| {
            (1..=5).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        })
        .unwrap_or_else(|| "jpg".to_owned())
}
