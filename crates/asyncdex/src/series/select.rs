//! One version per chapter: which of a feed's chapters a series download takes, and why
//! each other one is left out.
//!
//! Several scanlation groups often release the same chapter. The rule, in order: the
//! language earliest in the preferences; then a preferred group (earliest in the list); then
//! the group that made the previous chapter taken (continuity); then the most pages; then the
//! newest upload; then the smallest id (so the choice never depends on feed order).

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use super::filter::{Filters, Named, parse_number};
use crate::model::Language;

/// Why a chapter of the feed is not in a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkipReason {
    /// Hosted on another site (`externalUrl`): MangaDex has no pages for it.
    External {
        /// Where it is.
        url: String,
    },
    /// MangaDex marks it unavailable, or it has no pages.
    Unavailable,
    /// Another version of the same chapter was chosen.
    Duplicate {
        /// The version taken instead.
        kept: Uuid,
    },
    /// A filter leaves it out.
    Filtered {
        /// Which one, in words.
        why: String,
    },
    /// The library already has it (its store records the chapter).
    AlreadyThere {
        /// Where it is, relative to the library's root.
        path: PathBuf,
    },
}

/// A chapter of a feed, as the selection sees it.
#[derive(Clone, Debug)]
pub(crate) struct Candidate<'a> {
    pub(crate) id: Uuid,
    pub(crate) volume: Option<&'a str>,
    pub(crate) chapter: Option<&'a str>,
    pub(crate) title: Option<&'a str>,
    pub(crate) language: &'a Language,
    pub(crate) groups: Vec<Named<'a>>,
    pub(crate) uploader: Option<Named<'a>>,
    pub(crate) pages: u32,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) external_url: Option<&'a str>,
    pub(crate) unavailable: bool,
}

/// A chapter the library already has, as the selection sees it.
#[derive(Clone, Debug)]
pub(crate) struct Held {
    pub(crate) id: Uuid,
    pub(crate) volume: Option<String>,
    pub(crate) chapter: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) language: Language,
    pub(crate) groups: Vec<Uuid>,
    pub(crate) path: PathBuf,
}

/// Which chapters count as "the same chapter".
///
/// The chapter number alone, normalised (`08` and `8.0` are `8`), unless the manga restarts
/// its numbers with each volume: then (volume, number). Groups disagree on volumes more often
/// than on numbers, so keying on the volume too would keep duplicates. A oneshot is keyed by
/// its title (two groups' versions of one oneshot), or its id when it has none.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ChapterKey {
    Numbered {
        volume: Option<String>,
        number: String,
    },
    Oneshot(String),
}

impl ChapterKey {
    pub(crate) fn of(
        volume: Option<&str>,
        chapter: Option<&str>,
        title: Option<&str>,
        id: Uuid,
        reset_per_volume: bool,
    ) -> Self {
        match chapter.map(str::trim).filter(|c| !c.is_empty()) {
            Some(number) => Self::Numbered {
                volume: reset_per_volume.then(|| volume.map(normalise)).flatten(),
                number: normalise(number),
            },
            None => Self::Oneshot(
                title
                    .map(|t| t.trim().to_lowercase())
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| id.to_string()),
            ),
        }
    }

    /// Reading order: numbered chapters by (volume, number), numbers before words, then
    /// oneshots.
    fn reading_order(&self, other: &Self) -> Ordering {
        match (self, other) {
            (
                Self::Numbered {
                    volume: va,
                    number: a,
                },
                Self::Numbered {
                    volume: vb,
                    number: b,
                },
            ) => compare_numbers(va.as_deref(), vb.as_deref())
                .then_with(|| compare_numbers(Some(a), Some(b))),
            (Self::Numbered { .. }, Self::Oneshot(_)) => Ordering::Less,
            (Self::Oneshot(_), Self::Numbered { .. }) => Ordering::Greater,
            (Self::Oneshot(a), Self::Oneshot(b)) => a.cmp(b),
        }
    }
}

/// `08` -> `8`, `8.50` -> `8.5`; words stay, lower-cased.
fn normalise(number: &str) -> String {
    match parse_number(number) {
        Some(n) => format!("{n}"),
        None => number.trim().to_lowercase(),
    }
}

/// Numbers by value, then words, then nothing.
pub(crate) fn compare_numbers(a: Option<&str>, b: Option<&str>) -> Ordering {
    let rank = |text: Option<&str>| match text {
        Some(t) => match parse_number(t) {
            Some(n) => (0, n, String::new()),
            None => (1, 0.0, t.to_lowercase()),
        },
        None => (2, 0.0, String::new()),
    };
    let (a, b) = (rank(a), rank(b));
    a.0.cmp(&b.0)
        .then_with(|| a.1.total_cmp(&b.1))
        .then_with(|| a.2.cmp(&b.2))
}

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

/// What deciding one chapter's versions needs.
struct Walk<'w, 'c> {
    candidates: &'w [Candidate<'c>],
    held_ids: HashMap<Uuid, &'w Held>,
    filters: &'w Filters,
    all_groups: bool,
}

impl Walk<'_, '_> {
    /// Decides the versions (`members`) of one chapter; `lane` is the groups of the previous
    /// chapter taken in this language, and becomes this one's.
    fn decide(
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

/// Why a filter leaves a candidate out, if one does.
fn filtered(c: &Candidate<'_>, filters: &Filters) -> Option<SkipReason> {
    let why = |text: String| Some(SkipReason::Filtered { why: text });
    if filters.language_rank(c.language).is_none() {
        return why(format!("language {} not wanted", c.language));
    }
    if let Some(group) = filters.blocks_group(&c.groups) {
        return why(format!("group {group} blocked"));
    }
    if let Some(uploader) = filters.blocks_uploader(c.uploader) {
        return why(format!("uploader {uploader} blocked"));
    }
    if c.chapter.is_none() && filters.no_oneshots {
        return why("oneshot".to_owned());
    }
    if let Some(range) = filters.chapters
        && !c.chapter.is_some_and(|n| range.contains(n))
    {
        return why(format!(
            "chapter {} outside {range}",
            c.chapter.unwrap_or("(none)")
        ));
    }
    if let Some(range) = filters.volumes
        && !c.volume.is_some_and(|n| range.contains(n))
    {
        return why(format!(
            "volume {} outside {range}",
            c.volume.unwrap_or("(none)")
        ));
    }
    if let Some(url) = c.external_url {
        return Some(SkipReason::External {
            url: url.to_owned(),
        });
    }
    if c.unavailable || c.pages == 0 {
        return Some(SkipReason::Unavailable);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const EN: Language = Language::English;
    const FR: Language = Language::French;

    fn group(n: u128) -> Named<'static> {
        let names = ["Alpha", "Beta", "Gamma", "Delta"];
        Named {
            id: Uuid::from_u128(n),
            name: Some(names[(n as usize - 1) % 4]),
        }
    }

    /// Chapter `number` by the groups `groups` (1 = Alpha ...), `pages` pages, uploaded on day
    /// `day`; ids are `1000 * number-ish + seq` so that tests can name them.
    fn chapter(
        id: u128,
        number: Option<&'static str>,
        groups: &[u128],
        pages: u32,
        day: u8,
    ) -> Candidate<'static> {
        Candidate {
            id: Uuid::from_u128(id),
            volume: Some("1"),
            chapter: number,
            title: None,
            language: &EN,
            groups: groups.iter().map(|&g| group(g)).collect(),
            uploader: Some(Named {
                id: Uuid::from_u128(900 + id),
                name: Some("uploader"),
            }),
            pages,
            created_at: datetime!(2024-01-01 0:00 UTC) + time::Duration::days(i64::from(day)),
            external_url: None,
            unavailable: false,
        }
    }

    fn taken(
        candidates: &[Candidate<'_>],
        held: &[Held],
        filters: &Filters,
        all: bool,
    ) -> Vec<u128> {
        select(candidates, held, filters, all, false)
            .iter()
            .zip(candidates)
            .filter(|(v, _)| **v == Verdict::Take)
            .map(|(_, c)| c.id.as_u128())
            .collect()
    }

    #[test]
    fn a_preferred_group_wins_over_everything_else() {
        let feed = [
            chapter(11, Some("1"), &[1], 30, 9),
            chapter(12, Some("1"), &[2], 10, 1),
        ];
        let filters = Filters {
            prefer_groups: vec!["beta".into()],
            ..Filters::default()
        };
        assert_eq!(taken(&feed, &[], &filters, false), [12]);
        assert_eq!(taken(&feed, &[], &Filters::default(), false), [11]);
    }

    #[test]
    fn continuity_keeps_the_previous_chapters_group() {
        // Chapter 1 only by Beta; chapter 2 by Alpha (more pages, newer) and by Beta.
        let feed = [
            chapter(11, Some("1"), &[2], 10, 1),
            chapter(21, Some("2"), &[1], 40, 9),
            chapter(22, Some("2"), &[2], 10, 2),
        ];
        assert_eq!(taken(&feed, &[], &Filters::default(), false), [11, 22]);
        // A preference overrides continuity.
        let filters = Filters {
            prefer_groups: vec!["alpha".into()],
            ..Filters::default()
        };
        assert_eq!(taken(&feed, &[], &filters, false), [11, 21]);
    }

    #[test]
    fn continuity_follows_what_the_library_already_holds() {
        let held = [Held {
            id: Uuid::from_u128(11),
            volume: Some("1".into()),
            chapter: Some("1".into()),
            title: None,
            language: EN,
            groups: vec![Uuid::from_u128(3)],
            path: "S/c001.cbz".into(),
        }];
        let feed = [
            chapter(11, Some("1"), &[3], 10, 1),
            chapter(21, Some("2"), &[1], 40, 9),
            chapter(22, Some("2"), &[3], 10, 2),
        ];
        let verdicts = select(&feed, &held, &Filters::default(), false, false);
        assert_eq!(
            verdicts[0],
            Verdict::Skip(SkipReason::AlreadyThere {
                path: "S/c001.cbz".into()
            })
        );
        assert_eq!(
            verdicts[1],
            Verdict::Skip(SkipReason::Duplicate {
                kept: Uuid::from_u128(22)
            })
        );
        assert_eq!(verdicts[2], Verdict::Take);
    }

    #[test]
    fn most_pages_then_newest_then_smallest_id() {
        let pages = [
            chapter(11, Some("1"), &[1], 10, 9),
            chapter(12, Some("1"), &[2], 20, 1),
        ];
        assert_eq!(taken(&pages, &[], &Filters::default(), false), [12]);
        let newest = [
            chapter(11, Some("1"), &[1], 20, 1),
            chapter(12, Some("1"), &[2], 20, 5),
        ];
        assert_eq!(taken(&newest, &[], &Filters::default(), false), [12]);
        let tie = [
            chapter(12, Some("1"), &[1], 20, 1),
            chapter(11, Some("1"), &[2], 20, 1),
        ];
        assert_eq!(taken(&tie, &[], &Filters::default(), false), [11]);
    }

    #[test]
    fn the_first_preferred_language_that_has_the_chapter_wins() {
        let mut fr1 = chapter(12, Some("1"), &[1], 50, 9);
        fr1.language = &FR;
        let mut fr2 = chapter(22, Some("2"), &[1], 50, 9);
        fr2.language = &FR;
        let feed = [chapter(11, Some("1"), &[1], 5, 1), fr1, fr2];
        let filters = Filters {
            languages: vec![EN, FR],
            ..Filters::default()
        };
        assert_eq!(taken(&feed, &[], &filters, false), [11, 22]);
        let every = Filters {
            languages: vec![],
            ..Filters::default()
        };
        assert_eq!(taken(&feed, &[], &every, false), [11, 12, 22]);
    }

    #[test]
    fn all_groups_keeps_every_version() {
        let feed = [
            chapter(11, Some("1"), &[1], 10, 1),
            chapter(12, Some("1"), &[2], 20, 1),
        ];
        assert_eq!(taken(&feed, &[], &Filters::default(), true), [11, 12]);
    }

    #[test]
    fn numbers_are_normalised_and_volumes_only_count_when_numbers_reset() {
        let mut other_volume = chapter(12, Some("01.0"), &[2], 20, 1);
        other_volume.volume = None;
        let feed = [chapter(11, Some("1"), &[1], 10, 1), other_volume];
        assert_eq!(taken(&feed, &[], &Filters::default(), false), [12]);
        let both = select(&feed, &[], &Filters::default(), false, true);
        assert_eq!(both, [Verdict::Take, Verdict::Take]);
    }

    #[test]
    fn filters_say_why() {
        let mut external = chapter(31, Some("3"), &[1], 0, 1);
        external.external_url = Some("https://example.com/3");
        let mut empty = chapter(41, Some("4"), &[1], 0, 1);
        empty.unavailable = true;
        let feed = [
            chapter(11, Some("1"), &[4], 10, 1),
            chapter(21, Some("2"), &[1], 10, 1),
            external,
            empty,
            chapter(51, None, &[1], 10, 1),
            chapter(61, Some("60"), &[1], 10, 1),
        ];
        let filters = Filters {
            block_groups: vec!["delta".into()],
            block_uploaders: vec![Uuid::from_u128(921).to_string()],
            no_oneshots: true,
            chapters: Some("1-10".parse().unwrap()),
            ..Filters::default()
        };
        let verdicts = select(&feed, &[], &filters, false, false);
        let why = |i: usize| match &verdicts[i] {
            Verdict::Skip(SkipReason::Filtered { why }) => why.clone(),
            other => format!("{other:?}"),
        };
        assert_eq!(why(0), "group delta blocked");
        assert!(why(1).starts_with("uploader "), "{}", why(1));
        assert_eq!(
            verdicts[2],
            Verdict::Skip(SkipReason::External {
                url: "https://example.com/3".into()
            })
        );
        assert_eq!(verdicts[3], Verdict::Skip(SkipReason::Unavailable));
        assert_eq!(why(4), "oneshot");
        assert_eq!(why(5), "chapter 60 outside 1-10");
    }

    #[test]
    fn oneshots_of_one_title_are_one_chapter() {
        let mut a = chapter(11, None, &[1], 10, 1);
        a.title = Some("Side Story");
        let mut b = chapter(12, None, &[2], 12, 1);
        b.title = Some("side story ");
        let mut c = chapter(13, None, &[2], 12, 1);
        c.title = Some("Another");
        assert_eq!(taken(&[a, b, c], &[], &Filters::default(), false), [12, 13]);
    }

    #[test]
    fn reading_order_puts_numbers_first_and_decimals_between() {
        let mut keys: Vec<ChapterKey> = ["10", "2", "8.5", "Extra", "8"]
            .iter()
            .map(|n| ChapterKey::of(None, Some(n), None, Uuid::nil(), false))
            .collect();
        keys.push(ChapterKey::of(None, None, Some("Side"), Uuid::nil(), false));
        keys.sort_by(ChapterKey::reading_order);
        let shown: Vec<String> = keys
            .iter()
            .map(|k| match k {
                ChapterKey::Numbered { number, .. } => number.clone(),
                ChapterKey::Oneshot(t) => format!("oneshot {t}"),
            })
            .collect();
        assert_eq!(shown, ["2", "8", "8.5", "10", "extra", "oneshot side"]);
    }
}
