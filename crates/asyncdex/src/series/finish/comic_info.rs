//! The ComicInfo.xml of an archive: a chapter, a volume or a whole series.

use crate::series::comicinfo::{AgeRating, ComicInfo, MangaFormat, PageInfo, PageKind};
use crate::series::plan::{PlannedChapter, PlannedSeries};

/// What an archive holds, for its ComicInfo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scope {
    Chapter,
    Volume,
    Series,
}

/// The images of an archive: its pages, and whether a cover comes first.
#[derive(Clone, Copy, Debug)]
pub(super) struct Pages {
    pub(super) count: usize,
    pub(super) cover: bool,
}

/// The ComicInfo.xml of an archive.
pub(super) fn comic_info(
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
