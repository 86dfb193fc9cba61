//! Chapters in shared archives (a volume, the series): archive paths and entry prefixes.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::chapter_names::fields;
use crate::series::pack::chapter_prefix;
use crate::series::plan::{Format, PlannedChapter, SeriesInfo, SeriesOptions};
use crate::series::store::ChapterRecord;

/// The archives that hold several chapters (a volume, the series): their paths and each
/// chapter's entry prefix, unique within the archive.
pub(super) fn shared_archives(
    info: &SeriesInfo,
    options: &SeriesOptions,
    folder: &Path,
    held: &[ChapterRecord],
    chapters: &mut [PlannedChapter],
    own: &[usize],
) {
    let mut used: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    for record in held {
        if let Some(prefix) = &record.entry_prefix {
            used.entry(record.path.clone())
                .or_default()
                .insert(prefix.clone());
        }
    }
    for (index, chapter) in chapters.iter_mut().enumerate() {
        if own.contains(&index) {
            continue;
        }
        let template = match options.format {
            Format::CbzSingle => &options.naming.single,
            _ => &options.naming.volume,
        };
        let name = template.render(&fields(info, chapter, None));
        let target = folder.join(format!("{name}.cbz"));
        let prefixes = used.entry(target.clone()).or_default();
        let prefix = (1..)
            .map(|n| chapter_prefix(chapter.chapter.as_deref(), (n > 1).then_some(n)))
            .find(|p| !prefixes.contains(p))
            .unwrap_or_default();
        prefixes.insert(prefix.clone());
        chapter.target = target;
        chapter.entry_prefix = Some(prefix);
    }
}
