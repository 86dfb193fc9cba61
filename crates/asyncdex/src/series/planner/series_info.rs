//! [`series_info`]: the metadata of a manga, in the preferred languages.

use std::collections::BTreeMap;

use crate::model::{Manga, TagGroup};
use crate::series::plan::{SeriesInfo, SeriesOptions};

/// The metadata of a manga, in the preferred languages.
pub(crate) fn series_info(manga: &Manga, options: &SeriesOptions) -> SeriesInfo {
    let languages = &options.filters.languages;
    let attributes = &manga.attributes;
    let names = |group: TagGroup, keep: bool| -> Vec<String> {
        attributes
            .tags
            .iter()
            .filter(|tag| (tag.attributes.group == group) == keep)
            .filter_map(|tag| tag.attributes.name.get_or_fallback(languages))
            .map(str::to_owned)
            .collect()
    };
    SeriesInfo {
        id: manga.id,
        title: manga.title_in(languages).unwrap_or("Untitled").to_owned(),
        description: attributes
            .description
            .get_or_fallback(languages)
            .map(str::to_owned),
        authors: manga.authors().map(|(_, a)| a.name.clone()).collect(),
        artists: manga.artists().map(|(_, a)| a.name.clone()).collect(),
        genres: names(TagGroup::Genre, true),
        tags: names(TagGroup::Genre, false),
        content_rating: attributes.content_rating.clone(),
        original_language: attributes.original_language.clone(),
        long_strip: attributes
            .tag_names(&[])
            .any(|name| name.eq_ignore_ascii_case("Long Strip")),
        last_chapter: attributes.last_chapter.clone(),
        year: attributes.year,
        cover_file: manga.cover_art().map(|cover| cover.file_name.clone()),
        volume_covers: BTreeMap::new(),
        latest_uploaded_chapter: attributes.latest_uploaded_chapter,
        numbers_reset_per_volume: attributes.chapter_numbers_reset_on_new_volume,
    }
}
