//! Tests of the library store, by topic, and the records and folders they share.

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering as AtomicOrdering};

use serde_json::json;
use time::macros::datetime;
use uuid::Uuid;

use super::*;

mod chapters;
mod paths;
mod queries;
mod schema;
mod series_and_marks;

/// A fresh folder under the system's temp dir, removed when dropped.
struct TempRoot(PathBuf);

impl TempRoot {
    fn new() -> TempRoot {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, AtomicOrdering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("asyncdex-store-unit-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        TempRoot(dir)
    }
}

impl Drop for TempRoot {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn chapter(n: u128, manga: u128, volume: Option<&str>, number: Option<&str>) -> ChapterRecord {
    ChapterRecord {
        id: Uuid::from_u128(n),
        manga: Uuid::from_u128(manga),
        volume: volume.map(str::to_owned),
        chapter: number.map(str::to_owned),
        title: Some(format!("Chapter {n}")),
        language: "en".to_owned(),
        groups: vec![Uuid::from_u128(100), Uuid::from_u128(101)],
        group_names: vec!["First Scans".to_owned(), "Ünïcode “group”".to_owned()],
        uploader: Some(Uuid::from_u128(200)),
        pages: 24,
        bytes: 5_000_000_000,
        path: PathBuf::from(format!("Manga {manga}/c{n}")),
        entry_prefix: None,
        publish_at: datetime!(2024-05-01 12:00:00 UTC),
        downloaded_at: datetime!(2024-05-02 08:30:15.123456789 +02:00),
    }
}

fn series(manga: u128, title: &str) -> SeriesRecord {
    SeriesRecord {
        manga: Uuid::from_u128(manga),
        title: title.to_owned(),
        folder: PathBuf::from(title),
        options: json!({"language": ["en"], "pack": "volume", "nested": {"n": 1.5}}),
        latest_uploaded_chapter: Some(Uuid::from_u128(manga + 1)),
        added_at: datetime!(2023-12-31 23:59:59.5 -05:00),
        info: None,
    }
}
