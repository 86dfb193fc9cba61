//! Putting fetched chapters in place: a folder or a chapter archive at once; a shared
//! archive (a volume, the series) when its last chapter is settled, rebuilt around the
//! chapters it already holds. Every chapter is recorded once it is in place.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use super::comicinfo::{AgeRating, ComicInfo, MangaFormat, PageInfo, PageKind};
use super::events::SeriesEvent;
use super::pack::{ArchiveChapter, ArchiveSpec, PageSource, write_archive};
use super::plan::{Format, Plan, PlannedChapter, PlannedSeries};
use super::run::{Fetched, Runner, SeriesSummary, Slot, own_target, record};
use super::staging;

use crate::error::{Error, Result, run_blocking};

/// A shared archive waiting for its chapters.
#[derive(Default)]
struct Pending {
    left: usize,
    done: Vec<(Slot, Fetched)>,
}

/// What is still to be settled: per series, per shared archive.
pub(super) struct Book {
    left: Vec<usize>,
    failed: Vec<usize>,
    archives: HashMap<PathBuf, Pending>,
}

impl Book {
    pub(super) fn new(plan: &Plan) -> Self {
        let mut archives: HashMap<PathBuf, Pending> = HashMap::new();
        for series in &plan.series {
            for chapter in &series.chapters {
                if !own_target(series.options.format, chapter) {
                    archives.entry(chapter.target.clone()).or_default().left += 1;
                }
            }
        }
        Self {
            left: plan.series.iter().map(|s| s.chapters.len()).collect(),
            failed: vec![0; plan.series.len()],
            archives,
        }
    }

    /// A chapter is fetched: in place now, or held for its archive.
    pub(super) async fn fetched(
        &mut self,
        runner: &Runner<'_>,
        summary: &mut SeriesSummary,
        slot: Slot,
        fetched: Fetched,
    ) -> Result<()> {
        let (series, chapter) = runner.chapter(slot);
        if own_target(series.options.format, chapter) {
            place_own(runner, series, chapter, &fetched).await?;
            done(runner, summary, slot, &fetched)?;
        } else if let Some(pending) = self.archives.get_mut(&chapter.target) {
            pending.done.push((slot, fetched));
        }
        Ok(())
    }

    pub(super) fn failed(&mut self, slot: Slot) {
        self.failed[slot.series] += 1;
    }

    /// A chapter is settled (either way): writes its archive when it was the last one.
    pub(super) async fn settled(
        &mut self,
        runner: &Runner<'_>,
        summary: &mut SeriesSummary,
        slot: Slot,
    ) -> Result<()> {
        self.left[slot.series] -= 1;
        let (_, chapter) = runner.chapter(slot);
        let Some(pending) = self.archives.get_mut(&chapter.target) else {
            return Ok(());
        };
        pending.left -= 1;
        if pending.left > 0 {
            return Ok(());
        }
        let target = chapter.target.clone();
        let done = std::mem::take(&mut pending.done);
        if !done.is_empty() {
            write_shared(runner, summary, &target, done).await?;
        }
        Ok(())
    }

    /// Every chapter of the series is in place.
    pub(super) fn series_complete(&self, series: usize) -> bool {
        self.left[series] == 0 && self.failed[series] == 0
    }
}

/// Records a chapter and says so.
fn done(
    runner: &Runner<'_>,
    summary: &mut SeriesSummary,
    slot: Slot,
    fetched: &Fetched,
) -> Result<()> {
    let (series, chapter) = runner.chapter(slot);
    let record = record(series, chapter, &fetched.summary);
    runner.with_store(|s| Ok(s.record_chapter(&record)?))?;
    announce(runner, summary, slot, fetched);
    Ok(())
}

/// Counts a recorded chapter and tells the listeners.
fn announce(runner: &Runner<'_>, summary: &mut SeriesSummary, slot: Slot, fetched: &Fetched) {
    let chapter = runner.chapter(slot).1;
    count(summary, fetched);
    runner.emit(SeriesEvent::ChapterDone {
        chapter: chapter.id,
        path: chapter.target.clone(),
        pages: fetched.summary.pages,
        bytes: fetched.summary.bytes,
        data_saver: fetched.data_saver,
    });
}

fn count(summary: &mut SeriesSummary, fetched: &Fetched) {
    summary.chapters += 1;
    summary.pages += fetched.summary.pages;
    summary.fetched += fetched.summary.fetched;
    summary.bytes += fetched.summary.bytes;
    summary.data_saver_fallbacks += usize::from(fetched.data_saver);
}

/// The pages of a fetched chapter as `(name, file)`, in reading order.
fn pages(fetched: &Fetched) -> Vec<(String, PathBuf)> {
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

/// A chapter with a folder or archive of its own.
async fn place_own(
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

/// Writes an archive on a blocking thread (it reads and writes whole files).
async fn write(
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

/// A volume or series archive: the chapters it already holds, copied as they are, and the
/// new ones, in reading order; then every new chapter is recorded at once.
async fn write_shared(
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

/// What an archive holds, for its ComicInfo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    Chapter,
    Volume,
    Series,
}

/// The images of an archive: its pages, and whether a cover comes first.
#[derive(Clone, Copy, Debug)]
struct Pages {
    count: usize,
    cover: bool,
}

/// The ComicInfo.xml of an archive.
fn comic_info(
    series: &PlannedSeries,
    chapters: &[&PlannedChapter],
    pages: Pages,
    scope: Scope,
) -> String {
    let info = &series.info;
    let first = chapters[0];
    let published = chapters
        .iter()
        .map(|c| c.publish_at)
        .min()
        .unwrap_or(first.publish_at);
    let mut translators: Vec<String> = Vec::new();
    for name in chapters.iter().flat_map(|c| &c.groups).map(|g| &g.name) {
        if !name.is_empty() && !translators.contains(name) {
            translators.push(name.clone());
        }
    }
    let title_url = format!("https://mangadex.org/title/{}", info.id);
    let (title, number, web) = match scope {
        Scope::Chapter => (
            first.title.clone(),
            first.chapter.clone(),
            format!("https://mangadex.org/chapter/{}", first.id),
        ),
        Scope::Volume => (
            first.volume.as_ref().map(|v| format!("Volume {v}")),
            first.volume.clone(),
            title_url,
        ),
        Scope::Series => (None, None, title_url),
    };
    ComicInfo {
        title,
        series: info.title.clone(),
        number,
        count: info.last_chapter.as_deref().and_then(|c| c.parse().ok()),
        volume: if scope == Scope::Series {
            None
        } else {
            first.volume.clone()
        },
        summary: info.description.clone(),
        year: Some(published.year()),
        month: Some(u8::from(published.month())),
        day: Some(published.day()),
        writer: info.authors.clone(),
        penciller: info.artists.clone(),
        translator: translators,
        genre: info.genres.clone(),
        tags: info.tags.clone(),
        web: vec![web],
        page_count: u32::try_from(pages.count + usize::from(pages.cover)).ok(),
        // The cover is the first image; readers show it as the book's cover.
        pages: if pages.cover {
            vec![PageInfo {
                image: 0,
                kind: Some(PageKind::FrontCover),
                ..PageInfo::default()
            }]
        } else {
            Vec::new()
        },
        language_iso: Some(first.language.as_str().to_owned()),
        manga: manga_format(series),
        age_rating: AgeRating::from_content_rating(info.content_rating.as_str()),
        ..ComicInfo::default()
    }
    .to_xml()
}

/// Japanese manga read right to left, unless they are long strips (webtoons).
fn manga_format(series: &PlannedSeries) -> MangaFormat {
    let info = &series.info;
    if info.original_language.as_str() == "ja" && !info.long_strip {
        MangaFormat::YesAndRightToLeft
    } else {
        MangaFormat::Yes
    }
}

/// `Title v01 c003`: a chapter in a few words, for progress lines.
pub(super) fn label(series: &PlannedSeries, chapter: &PlannedChapter) -> String {
    let mut label: String = series.info.title.chars().take(40).collect();
    if let Some(volume) = &chapter.volume {
        label.push_str(&format!(" v{volume}"));
    }
    match &chapter.chapter {
        Some(number) => label.push_str(&format!(" c{number}")),
        None => label.push_str(" oneshot"),
    }
    label
}
