//! Tests of the ComicInfo writer, and the helpers they share.

mod document;
mod values;

use super::{AgeRating, ComicInfo, MangaFormat, PageInfo, PageKind};

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

fn full() -> ComicInfo {
    ComicInfo {
        title: Some("The Beginning".to_owned()),
        series: "Series".to_owned(),
        localized_series: Some("Серия".to_owned()),
        number: Some("8.5".to_owned()),
        count: Some(120),
        volume: Some("02".to_owned()),
        summary: Some("Line one\nline two".to_owned()),
        year: Some(2024),
        month: Some(3),
        day: Some(31),
        writer: strings(&["Ann", "Bo"]),
        penciller: strings(&["Cy"]),
        translator: strings(&["Team A", "Team B"]),
        genre: strings(&["Action", "Drama"]),
        tags: strings(&["action", "School Life"]),
        web: strings(&[
            "https://mangadex.org/chapter/1",
            "https://mangadex.org/title/2",
        ]),
        page_count: Some(2),
        language_iso: Some("pt-br".to_owned()),
        manga: MangaFormat::YesAndRightToLeft,
        age_rating: AgeRating::Teen,
        black_and_white: Some(true),
        pages: vec![
            PageInfo {
                image: 0,
                kind: Some(PageKind::FrontCover),
                image_size: Some(1024),
                image_width: Some(800),
                image_height: Some(1200),
            },
            PageInfo {
                image: 1,
                ..PageInfo::default()
            },
        ],
    }
}
