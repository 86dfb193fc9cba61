//! From feeds to a plan: metadata, the one-version rule, and the names of folders and files.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::filter::Named;
use super::naming::{NameFields, sanitize_component, unique_names};
use super::pack::chapter_prefix;
use super::plan::{
    Format, GroupName, PlannedChapter, PlannedSeries, SeriesInfo, SeriesOptions, SkippedChapter,
};
use super::select::{self, Candidate, Held, SkipReason, Verdict};
use super::store::{ChapterRecord, Store};
use crate::model::{Chapter, Manga, TagGroup};

/// What a series' plan starts from.
pub(crate) struct SeriesInput {
    pub(crate) info: SeriesInfo,
    pub(crate) chapters: Vec<Chapter>,
    pub(crate) options: SeriesOptions,
    pub(crate) held: Vec<ChapterRecord>,
}

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

/// The plan of one series: choose, then name.
pub(crate) fn plan_series(input: SeriesInput, folder: PathBuf) -> PlannedSeries {
    let info = input.info;
    let options = input.options;
    let reset = info.numbers_reset_per_volume;
    let candidates: Vec<Candidate<'_>> = input.chapters.iter().map(candidate).collect();
    let held: Vec<Held> = input.held.iter().map(held).collect();
    let verdicts = select::select(
        &candidates,
        &held,
        &options.filters,
        options.all_groups,
        reset,
    );
    let newest_publish_at = input.chapters.iter().map(|c| c.attributes.publish_at).max();
    let mut chapters = Vec::new();
    let mut skipped = Vec::new();
    for (chapter, verdict) in input.chapters.iter().zip(verdicts) {
        match verdict {
            Verdict::Take => chapters.push(planned(chapter)),
            Verdict::Skip(reason) => skipped.push(skipped_entry(chapter, reason)),
        }
    }
    chapters.sort_by(|a, b| {
        select::compare_numbers(a.volume.as_deref(), b.volume.as_deref())
            .then_with(|| select::compare_numbers(a.chapter.as_deref(), b.chapter.as_deref()))
            .then_with(|| a.id.cmp(&b.id))
    });
    name_chapters(&info, &options, &folder, &input.held, &mut chapters);
    PlannedSeries {
        info,
        options,
        folder,
        chapters,
        skipped,
        newest_publish_at,
    }
}

fn candidate(chapter: &Chapter) -> Candidate<'_> {
    let a = &chapter.attributes;
    let groups = chapter
        .related(crate::model::RelationshipType::ScanlationGroup)
        .map(|r| Named {
            id: r.id,
            name: r.scanlation_group().map(|g| g.name.as_str()),
        })
        .collect();
    let uploader = chapter.uploader_id().map(|id| Named {
        id,
        name: chapter.uploader().map(|u| u.username.as_str()),
    });
    Candidate {
        id: chapter.id,
        volume: a.volume.as_deref(),
        chapter: a.chapter.as_deref(),
        title: a.title.as_deref(),
        language: &a.translated_language,
        groups,
        uploader,
        pages: a.pages,
        created_at: a.created_at,
        external_url: a.external_url.as_deref(),
        unavailable: a.is_unavailable,
    }
}

fn held(record: &ChapterRecord) -> Held {
    Held {
        id: record.id,
        volume: record.volume.clone(),
        chapter: record.chapter.clone(),
        title: record.title.clone(),
        language: record.language.as_str().into(),
        groups: record.groups.clone(),
        path: record.path.clone(),
    }
}

fn group_names(chapter: &Chapter) -> Vec<GroupName> {
    chapter
        .related(crate::model::RelationshipType::ScanlationGroup)
        .map(|r| GroupName {
            id: r.id,
            name: r
                .scanlation_group()
                .map(|g| g.name.clone())
                .unwrap_or_default(),
        })
        .collect()
}

fn planned(chapter: &Chapter) -> PlannedChapter {
    let a = &chapter.attributes;
    PlannedChapter {
        id: chapter.id,
        volume: a.volume.clone(),
        chapter: a.chapter.clone(),
        title: a.title.clone(),
        language: a.translated_language.clone(),
        groups: group_names(chapter),
        uploader: chapter.uploader_id(),
        pages: a.pages,
        publish_at: a.publish_at,
        target: PathBuf::new(),
        entry_prefix: None,
    }
}

pub(crate) fn skipped_entry(chapter: &Chapter, reason: SkipReason) -> SkippedChapter {
    let a = &chapter.attributes;
    SkippedChapter {
        id: chapter.id,
        volume: a.volume.clone(),
        chapter: a.chapter.clone(),
        language: a.translated_language.clone(),
        groups: group_names(chapter)
            .into_iter()
            .map(|g| g.name)
            .filter(|n| !n.is_empty())
            .collect(),
        reason,
    }
}

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
fn name_chapters(
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

/// The archives that hold several chapters (a volume, the series): their paths and each
/// chapter's entry prefix, unique within the archive.
fn shared_archives(
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

fn fields<'a>(
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

/// The folder of a new series: its title through the series template, unique among the
/// library's other series folders.
pub(crate) fn series_folder(
    info: &SeriesInfo,
    options: &SeriesOptions,
    others: &[PathBuf],
) -> PathBuf {
    let fields = NameFields {
        title: &info.title,
        volume: None,
        chapter: None,
        chapter_title: None,
        group: None,
        lang: "",
    };
    let mut names: Vec<String> = others
        .iter()
        .filter_map(|p| p.to_str().map(str::to_owned))
        .collect();
    let count = names.len();
    names.push(sanitize_component(&options.naming.series.render(&fields)));
    let unique = unique_names(names);
    PathBuf::from(&unique[count])
}

/// The library's store, read-only, when there is one: for what it already holds.
pub(crate) fn read_store(root: &Path) -> crate::Result<Option<Store>> {
    match Store::open_read_only(root) {
        Ok(store) => Ok(Some(store)),
        Err(error) if error.is_not_found() => Ok(None),
        Err(error) => Err(error.into()),
    }
}
