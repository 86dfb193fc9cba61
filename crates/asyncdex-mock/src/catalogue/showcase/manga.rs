//! The showcase's manga record, summing up its chapters, authors, covers and tags.

use super::Showcase;
use super::table::DAY;
use crate::catalogue::{AuthorRecord, ChapterRecord, CoverRecord, MangaRecord, TagRecord};

/// The tags of the series (four genres and a theme).
const TAG_NAMES: &[&str] = &["Fantasy", "Mystery", "Drama", "Slice of Life", "Magic"];

pub(super) fn manga(
    cast: &Showcase,
    chapters: &[ChapterRecord],
    authors: &[AuthorRecord],
    covers: &[CoverRecord],
    tags: &[TagRecord],
    start: i64,
) -> MangaRecord {
    let title = "Showcase: The Archivist's Lantern".to_owned();
    let latest = chapters.iter().max_by_key(|c| c.publish_at);
    let mut available: Vec<&'static str> = chapters.iter().map(|c| c.language).collect();
    available.sort_unstable();
    available.dedup();
    let created_at = start - 30 * DAY;
    MangaRecord {
        id: cast.manga,
        title_lower: title.to_lowercase(),
        description: "An apprentice archivist inherits a lantern that reads the books it lights. \
            A crafted series for whole-series download and sync tests."
            .to_owned(),
        title,
        alt_titles: vec![
            ("ja", "記録館のランタン".to_owned()),
            ("ja-ro", "Kirokukan no Rantan".to_owned()),
        ],
        original_language: "ja",
        status: "ongoing",
        demographic: Some("seinen"),
        content_rating: "suggestive",
        year: Some(2021),
        tags: tags
            .iter()
            .filter(|t| TAG_NAMES.contains(&t.name.as_str()))
            .map(|t| t.id)
            .collect(),
        authors: vec![authors[0].id, authors[1].id],
        artists: vec![authors[0].id, authors[2].id],
        cover: covers[covers.len() - 1].id,
        creator: cast.uploader,
        related: Vec::new(),
        available_languages: available,
        last_volume: None,
        last_chapter: None,
        latest_chapter: latest.map(|c| c.id),
        latest_chapter_at: latest.map_or(0, |c| c.publish_at),
        follows: 4_242,
        rating_distribution: [1, 0, 2, 3, 5, 8, 13, 21, 34, 55],
        links: vec![("al", "100001".to_owned()), ("mal", "100002".to_owned())],
        created_at,
        updated_at: latest.map_or(created_at, |c| c.updated_at),
        version: 3,
    }
}
