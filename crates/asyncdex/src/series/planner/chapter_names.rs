//! Every chapter's target: names from the templates, unique in the library.

use std::path::Path;

use super::shared_archives::shared_archives;
use crate::series::naming::{NameFields, unique_names};
use crate::series::plan::{Format, GroupName, PlannedChapter, SeriesInfo, SeriesOptions};
use crate::series::store::ChapterRecord;

/// The group part of a name: every group, `&`-joined.
pub(crate) fn group_label(groups: &[GroupName]) -> Option<String> {
    let names: Vec<&str> = groups
        .iter()
        .map(|g| g.name.as_str())
        .filter(|n| !n.is_empty())
        .collect();
    (!names.is_empty()).then(|| names.join(" & "))
}

/// Sets every chapter's target (and entry prefix in shared archives), so that no two chapters
/// share a path, nor a name the library already uses.
pub(super) fn name_chapters(
    info: &SeriesInfo,
    options: &SeriesOptions,
    folder: &Path,
    held: &[ChapterRecord],
    chapters: &mut [PlannedChapter],
) {
    let own_file = |c: &PlannedChapter| match options.format {
        Format::Folder | Format::Cbz => true,
        Format::CbzVolume => c.volume.is_none(),
        Format::CbzSingle => false,
    };
    let extension = if options.format == Format::Folder {
        ""
    } else {
        ".cbz"
    };
    // Chapters with a file (or folder) of their own: unique among the library's names.
    let taken: Vec<String> = held
        .iter()
        .filter(|r| r.entry_prefix.is_none())
        .filter_map(|r| r.path.file_name()?.to_str().map(str::to_owned))
        .collect();
    let own: Vec<usize> = (0..chapters.len())
        .filter(|&i| own_file(&chapters[i]))
        .collect();
    let mut names = taken.clone();
    names.extend(own.iter().map(|&i| {
        let c = &chapters[i];
        let group = group_label(&c.groups);
        let fields = fields(info, c, group.as_deref());
        format!("{}{extension}", options.naming.chapter.render(&fields))
    }));
    let names = unique_names(names);
    for (&index, name) in own.iter().zip(&names[taken.len()..]) {
        chapters[index].target = folder.join(name);
    }
    shared_archives(info, options, folder, held, chapters, &own);
}

pub(super) fn fields<'a>(
    info: &'a SeriesInfo,
    chapter: &'a PlannedChapter,
    group: Option<&'a str>,
) -> NameFields<'a> {
    NameFields {
        title: &info.title,
        volume: chapter.volume.as_deref(),
        chapter: chapter.chapter.as_deref(),
        chapter_title: chapter.title.as_deref(),
        group,
        lang: chapter.language.as_str(),
    }
}
