//! Writing a shared archive (a volume, the series) around the chapters it already holds.

use std::path::Path;

use super::archive::{pages, write};
use super::comic_info::{Pages, Scope, comic_info};
use super::recording::announce;
use crate::error::Result;
use crate::series::events::SeriesEvent;
use crate::series::pack::{ArchiveChapter, PageSource};
use crate::series::plan::{Format, PlannedChapter};
use crate::series::run::{Fetched, Runner, SeriesSummary, Slot, record};
use crate::series::staging;

/// A volume or series archive: the chapters it already holds, copied as they are, and the
/// new ones, in reading order; then every new chapter is recorded at once.
pub(super) async fn write_shared(
    runner: &Runner<'_>,
    summary: &mut SeriesSummary,
    target: &Path,
    done: Vec<(Slot, Fetched)>,
) -> Result<()> {
    let series = runner.chapter(done[0].0).0;
    let absolute = runner.root.join(target);
    let new_ids: Vec<uuid::Uuid> = done.iter().map(|(s, _)| runner.chapter(*s).1.id).collect();
    let exists = tokio::fs::try_exists(&absolute).await.unwrap_or(false);
    let held: Vec<_> = runner
        .with_store(|s| Ok(s.chapters_in(target)?))?
        .into_iter()
        .filter(|r| exists && !new_ids.contains(&r.id))
        .collect();
    let mut chapters: Vec<ArchiveChapter> = held
        .iter()
        .filter_map(|r| r.entry_prefix.clone())
        .map(|prefix| ArchiveChapter {
            prefix,
            source: PageSource::Existing,
        })
        .collect();
    let mut all_pages: usize = held.iter().map(|r| r.pages as usize).sum();
    for (slot, fetched) in &done {
        let chapter = runner.chapter(*slot).1;
        all_pages += fetched.summary.pages;
        chapters.push(ArchiveChapter {
            prefix: chapter.entry_prefix.clone().unwrap_or_default(),
            source: PageSource::Files(pages(fetched)),
        });
    }
    chapters.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    let planned: Vec<&PlannedChapter> = done.iter().map(|(s, _)| runner.chapter(*s).1).collect();
    let scope = if series.options.format == Format::CbzSingle {
        Scope::Series
    } else {
        Scope::Volume
    };
    let volume = planned[0].volume.clone().unwrap_or_default();
    let cover = if series.options.cover && scope == Scope::Volume {
        staging::volume_cover(runner, series, &volume).await?
    } else {
        None
    };
    let comic_info = series.options.comic_info.then(|| {
        let pages = Pages {
            count: all_pages,
            cover: cover.is_some(),
        };
        comic_info(series, &planned, pages, scope)
    });
    write(runner, &absolute, &chapters, comic_info, cover.clone()).await?;
    let records: Vec<_> = done
        .iter()
        .map(|(slot, fetched)| {
            let (series, chapter) = runner.chapter(*slot);
            record(series, chapter, &fetched.summary)
        })
        .collect();
    runner.with_store(|s| Ok(s.record_chapters(&records)?))?;
    for (slot, fetched) in &done {
        announce(runner, summary, *slot, fetched);
        staging::remove(&fetched.summary.dir).await?;
    }
    if let Some(cover) = cover {
        let _ = tokio::fs::remove_file(cover).await;
    }
    summary.archives.push(target.to_path_buf());
    runner.emit(SeriesEvent::ArchiveWritten {
        path: target.to_path_buf(),
        chapters: held.len() + done.len(),
    });
    Ok(())
}
