//! Tests of naming, by topic, and the fields and helpers they share.

use super::*;

mod presets;
mod render;
mod safety;
mod sanitize;
mod syntax;
mod unique_names;

fn full() -> NameFields<'static> {
    NameFields {
        title: "Title",
        volume: Some("1"),
        chapter: Some("8.5"),
        chapter_title: Some("Extra"),
        group: Some("Team"),
        lang: "en",
    }
}

fn oneshot() -> NameFields<'static> {
    NameFields {
        volume: None,
        chapter: None,
        chapter_title: Some("Spring"),
        ..full()
    }
}

fn render(source: &str, fields: &NameFields<'_>) -> String {
    match Template::parse(source) {
        Ok(template) => template.render(fields),
        Err(error) => panic!("{source}: {error}"),
    }
}

fn error(source: &str) -> String {
    match Template::parse(source) {
        Ok(template) => panic!("{source} parsed as {template:?}"),
        Err(error) => error.to_string(),
    }
}
