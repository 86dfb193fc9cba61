//! One row of the chapter table, by group role, and the chapter record it becomes.

use super::Showcase;
use super::table::DAY;
use crate::catalogue::{ChapterRecord, PageNames};
use crate::util::{det_uuid, hash_str, hex_from, mix};

/// A chapter's group, by role.
#[derive(Debug, Clone, Copy)]
pub(super) enum Role {
    A,
    B,
    C,
    D,
    Fr,
    Es,
}

/// One chapter of the table.
#[derive(Debug, Clone, Copy)]
pub(super) struct Row {
    language: &'static str,
    volume: Option<&'static str>,
    chapter: Option<&'static str>,
    groups: &'static [Role],
    /// 0: an external chapter.
    pages: u32,
    /// Publish day, counted from English chapter 1 (published at noon UTC).
    day: i64,
    title: Option<&'static str>,
    other_uploader: bool,
}

pub(super) const fn row(
    language: &'static str,
    volume: Option<&'static str>,
    chapter: Option<&'static str>,
    groups: &'static [Role],
    pages: u32,
    day: i64,
    title: Option<&'static str>,
) -> Row {
    Row {
        language,
        volume,
        chapter,
        groups,
        pages,
        day,
        title,
        other_uploader: false,
    }
}

impl Row {
    /// The same chapter, uploaded by [`Showcase::other_uploader`].
    pub(super) const fn by_other_uploader(self) -> Self {
        Self {
            other_uploader: true,
            ..self
        }
    }
}

pub(super) fn chapter(seed: u64, cast: &Showcase, start: i64, i: u64, r: &Row) -> ChapterRecord {
    let at = start + r.day * DAY;
    let number = r.chapter.unwrap_or("oneshot");
    ChapterRecord {
        id: det_uuid(seed, "showcase-chapter", i),
        manga: cast.manga,
        volume: r.volume.map(str::to_owned),
        chapter: r.chapter.map(str::to_owned),
        title: r.title.map(str::to_owned),
        language: r.language,
        pages: r.pages,
        groups: r.groups.iter().map(|g| cast.group(*g)).collect(),
        uploader: if r.other_uploader {
            cast.other_uploader
        } else {
            cast.uploader
        },
        hash: hex_from(mix(seed ^ hash_str("showcase-hash") ^ i), 16),
        external_url: (r.pages == 0)
            .then(|| format!("https://official.example.com/archivists-lantern/{number}")),
        created_at: at,
        updated_at: at + 3_600,
        publish_at: at,
        readable_at: at,
        version: 1,
        names: PageNames::default(),
    }
}
