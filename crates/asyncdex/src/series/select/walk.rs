//! Deciding one chapter's versions: what the library holds, every group's, or the best one.

use std::collections::HashMap;

use uuid::Uuid;

use super::{Candidate, Held, SkipReason, Verdict};
use crate::series::filter::Filters;

/// What deciding one chapter's versions needs.
pub(super) struct Walk<'w, 'c> {
    pub(super) candidates: &'w [Candidate<'c>],
    pub(super) held_ids: HashMap<Uuid, &'w Held>,
    pub(super) filters: &'w Filters,
    pub(super) all_groups: bool,
}

impl Walk<'_, '_> {
    /// Decides the versions (`members`) of one chapter; `lane` is the groups of the previous
    /// chapter taken in this language, and becomes this one's.
    pub(super) fn decide(
        &self,
        members: &[usize],
        held: Option<&Held>,
        lane: &mut Vec<Uuid>,
        verdicts: &mut [Option<Verdict>],
    ) {
        let candidates = self.candidates;
        if let Some(h) = held.filter(|_| !self.all_groups) {
            for &index in members {
                let reason = already(candidates[index].id, h, &self.held_ids);
                verdicts[index] = Some(Verdict::Skip(reason));
            }
            lane.clone_from(&h.groups);
            return;
        }
        if self.all_groups {
            for &index in members {
                verdicts[index] = Some(match self.held_ids.get(&candidates[index].id) {
                    Some(h) => Verdict::Skip(SkipReason::AlreadyThere {
                        path: h.path.clone(),
                    }),
                    None => Verdict::Take,
                });
            }
            return;
        }
        if members.is_empty() {
            return;
        }
        let best = best_of(candidates, members, self.filters, lane);
        let kept = candidates[best].id;
        for &index in members {
            verdicts[index] = Some(if index == best {
                Verdict::Take
            } else {
                Verdict::Skip(SkipReason::Duplicate { kept })
            });
        }
        *lane = candidates[best].groups.iter().map(|g| g.id).collect();
    }
}

/// The reason a chapter the library holds a version of is skipped.
fn already(id: Uuid, held: &Held, held_ids: &HashMap<Uuid, &Held>) -> SkipReason {
    match held_ids.get(&id) {
        Some(h) => SkipReason::AlreadyThere {
            path: h.path.clone(),
        },
        None if held.id == id => SkipReason::AlreadyThere {
            path: held.path.clone(),
        },
        None => SkipReason::Duplicate { kept: held.id },
    }
}

/// The best version among `members` (indexes into `candidates`), by the module's rule.
fn best_of(
    candidates: &[Candidate<'_>],
    members: &[usize],
    filters: &Filters,
    previous: &[Uuid],
) -> usize {
    let rank = |index: &usize| {
        let c = &candidates[*index];
        let language = filters.language_rank(c.language).unwrap_or(usize::MAX);
        let preferred = filters.preference(&c.groups).unwrap_or(usize::MAX);
        let continues = !c.groups.iter().any(|g| previous.contains(&g.id));
        (
            language,
            preferred,
            continues,
            std::cmp::Reverse(c.pages),
            std::cmp::Reverse(c.created_at),
            c.id,
        )
    };
    members
        .iter()
        .copied()
        .min_by_key(|i| rank(i))
        .unwrap_or(members[0])
}
