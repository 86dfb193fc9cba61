//! The showcase's authors and artists, and its covers.

use super::Showcase;
use super::table::DAY;
use crate::catalogue::{AuthorRecord, CoverRecord};
use crate::util::det_uuid;

/// Two authors (the first also the artist) and a second artist.
pub(super) fn authors(seed: u64, start: i64) -> Vec<AuthorRecord> {
    let people = [
        ("Hoshizora Mio", "writes and draws The Archivist's Lantern."),
        ("Kuroda Ren", "co-writes The Archivist's Lantern."),
        (
            "Amane Yuzu",
            "paints the colour pages of The Archivist's Lantern.",
        ),
    ];
    people
        .iter()
        .enumerate()
        .map(|(i, (name, bio))| AuthorRecord {
            id: det_uuid(seed, "showcase-author", i as u64),
            name: (*name).to_owned(),
            biography: format!("{name} {bio}"),
            twitter: None,
            pixiv: None,
            website: Some(format!(
                "https://{}.example.com/",
                name.replace(' ', "-").to_lowercase()
            )),
            created_at: start - 400 * DAY,
            version: 1,
        })
        .collect()
}

/// Covers of volumes 1-3, then the main cover (no volume).
pub(super) fn covers(seed: u64, cast: &Showcase, start: i64) -> Vec<CoverRecord> {
    [Some("1"), Some("2"), Some("3"), None]
        .iter()
        .enumerate()
        .map(|(i, volume)| CoverRecord {
            id: det_uuid(seed, "showcase-cover", i as u64),
            manga: cast.manga,
            volume: volume.map(str::to_owned),
            file_name: format!("{}.jpg", det_uuid(seed, "showcase-cover-file", i as u64)),
            locale: "ja",
            uploader: cast.uploader,
            created_at: start + (i as i64) * 21 * DAY,
        })
        .collect()
}
