//! Tests of the showcase series, with a lookup of its chapters that fails loudly.

mod calendar;
mod cast;
mod table;

use uuid::Uuid;

use crate::catalogue::{Catalogue, ChapterRecord};

fn find<'a>(cat: &'a Catalogue, lang: &str, ch: Option<&str>, g: Uuid) -> &'a ChapterRecord {
    cat.showcase_chapter(lang, ch, g)
        .unwrap_or_else(|| panic!("{lang} {ch:?} by {g}"))
}
