//! [`select`]: the verdict on every candidate, chapter by chapter in reading order.

use std::collections::{BTreeMap, HashMap};

use uuid::Uuid;

use super::chapter_key::ChapterKey;
use super::filtered::filtered;
use super::walk::Walk;
use super::{Candidate, Held, SkipReason};
use crate::model::Language;
use crate::series::filter::Filters;

/// What happens to one candidate.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Verdict {
    Take,
    Skip(SkipReason),
}

/// Where a chapter's versions meet: the chapter, and its language when every language is
/// wanted (each is then a chapter of its own).
type Slot = (ChapterKey, Option<Language>);

/// Decides, for every candidate (same order as given), whether it is taken.
pub(crate) fn select(
    candidates: &[Candidate<'_>],
    held: &[Held],
    filters: &Filters,
    all_groups: bool,
    reset_per_volume: bool,
) -> Vec<Verdict> {
    let mut verdicts: Vec<Option<Verdict>> = candidates
        .iter()
        .map(|c| filtered(c, filters).map(Verdict::Skip))
        .collect();
    let every_language = filters.languages.is_empty();
    let mut buckets: HashMap<Slot, Vec<usize>> = HashMap::new();
    for (index, c) in candidates.iter().enumerate() {
        if verdicts[index].is_none() {
            let key = ChapterKey::of(c.volume, c.chapter, c.title, c.id, reset_per_volume);
            let language = every_language.then(|| c.language.clone());
            buckets.entry((key, language)).or_default().push(index);
        }
    }
    let mut held_by_slot: HashMap<Slot, &Held> = HashMap::new();
    for h in held {
        let (volume, chapter, title) = (
            h.volume.as_deref(),
            h.chapter.as_deref(),
            h.title.as_deref(),
        );
        let key = ChapterKey::of(volume, chapter, title, h.id, reset_per_volume);
        let language = every_language.then(|| h.language.clone());
        held_by_slot.entry((key, language)).or_insert(h);
    }
    let walk = Walk {
        candidates,
        held_ids: held.iter().map(|h| (h.id, h)).collect(),
        filters,
        all_groups,
    };
    // In reading order, so that continuity sees the previous choice.
    let mut order: Vec<&Slot> = buckets.keys().chain(held_by_slot.keys()).collect();
    order.sort_by(|a, b| a.0.reading_order(&b.0).then_with(|| a.1.cmp(&b.1)));
    order.dedup();
    let mut previous: BTreeMap<Option<Language>, Vec<Uuid>> = BTreeMap::new();
    for slot in order {
        let lane = previous.entry(slot.1.clone()).or_default();
        let members = buckets.get(slot).map(Vec::as_slice).unwrap_or_default();
        walk.decide(
            members,
            held_by_slot.get(slot).copied(),
            lane,
            &mut verdicts,
        );
    }
    verdicts
        .into_iter()
        .map(|v| v.unwrap_or(Verdict::Take))
        .collect()
}
