//! The `--json` form of the series events: one object per line on stdout.

use asyncdex::download::DownloadEvent;
use asyncdex::series::SeriesEvent;
use serde_json::{Value, json};

/// The `--json` object of an event; `None` for the page-level ones a script rarely wants
/// (they would be thousands of lines).
pub(super) fn to_json(event: &SeriesEvent) -> Option<Value> {
    Some(match event {
        SeriesEvent::Started {
            series,
            chapters,
            pages,
            skipped,
            ..
        } => {
            json!({"event": "started", "series": series, "chapters": chapters, "pages": pages, "skipped": skipped})
        }
        SeriesEvent::ChapterStarted {
            manga,
            chapter,
            label,
            pages,
            ..
        } => {
            json!({"event": "chapter_started", "manga": manga, "chapter": chapter, "label": label, "pages": pages})
        }
        SeriesEvent::Chapter {
            chapter,
            event: DownloadEvent::NodeSwitched { base_url, .. },
            ..
        } => {
            json!({"event": "node_switched", "chapter": chapter, "base_url": base_url})
        }
        SeriesEvent::ChapterDone {
            chapter,
            path,
            pages,
            bytes,
            data_saver,
            ..
        } => {
            json!({"event": "chapter_done", "chapter": chapter, "path": path, "pages": pages, "bytes": bytes, "data_saver": data_saver})
        }
        SeriesEvent::ChapterFailed { chapter, error, .. } => {
            json!({"event": "chapter_failed", "chapter": chapter, "error": error.to_string()})
        }
        SeriesEvent::ArchiveWritten { path, chapters, .. } => {
            json!({"event": "archive_written", "path": path, "chapters": chapters})
        }
        SeriesEvent::SeriesDone { manga, title, .. } => {
            json!({"event": "series_done", "manga": manga, "title": title})
        }
        _ => return None,
    })
}
