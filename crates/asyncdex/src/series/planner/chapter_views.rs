//! A feed chapter as the selection, the plan and its skipped list see it, and a held one as
//! the selection sees it.

use std::path::PathBuf;

use crate::model::Chapter;
use crate::series::filter::Named;
use crate::series::plan::{GroupName, PlannedChapter, SkippedChapter};
use crate::series::select::{Candidate, Held, SkipReason};
use crate::series::store::ChapterRecord;

pub(super) fn candidate(chapter: &Chapter) -> Candidate<'_> {
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

pub(super) fn held(record: &ChapterRecord) -> Held {
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

pub(super) fn planned(chapter: &Chapter) -> PlannedChapter {
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
