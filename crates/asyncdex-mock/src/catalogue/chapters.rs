//! The chapters of the generated manga.

use uuid::Uuid;

use super::BIG_FEED_CHAPTERS;
use super::people::People;
use super::records::{ChapterRecord, PageNames};
use super::words::{ADJ, LANG_WEIGHTS, LANGS, NOUN, weighted};
use crate::util::{Rng, det_uuid, hex_from, mix};

/// The manga whose chapters are drawn.
pub(super) struct Series {
    /// Position among the generated manga (0 is the big feed manga).
    pub(super) index: u64,
    pub(super) id: Uuid,
    pub(super) created_at: i64,
}

impl Series {
    fn is_big_feed(&self) -> bool {
        self.index == 0
    }
}

/// How one manga's chapters are split into volumes.
struct Volumes {
    chapters_per_volume: u64,
    none: bool,
}

impl Volumes {
    fn of(&self, chapter: u64) -> Option<String> {
        (!self.none).then(|| ((chapter - 1) / self.chapters_per_volume + 1).to_string())
    }
}

/// The languages a manga's chapters are translated into, with the chapter count of each: the
/// big feed manga has its English chapters, every thirteenth manga (from the sixth) none.
pub(super) fn plan(rng: &mut Rng, series: &Series) -> Vec<(&'static str, u64)> {
    if series.is_big_feed() {
        return vec![("en", BIG_FEED_CHAPTERS as u64)];
    }
    if series.index % 13 == 5 {
        return Vec::new();
    }
    let mut langs: Vec<&'static str> = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let l = weighted(rng, LANGS, LANG_WEIGHTS);
        if !langs.contains(&l) {
            langs.push(l);
        }
    }
    langs.into_iter().map(|l| (l, rng.range(1, 24))).collect()
}

/// Appends the chapters of `plan` to `chapters`, each language's in number order, and returns
/// the newest one's publish time and id.
pub(super) fn generate(
    rng: &mut Rng,
    seed: u64,
    people: &People<'_>,
    series: &Series,
    plan: &[(&'static str, u64)],
    chapters: &mut Vec<ChapterRecord>,
) -> Option<(i64, Uuid)> {
    let volumes = Volumes {
        chapters_per_volume: rng.range(4, 10),
        none: rng.chance(0.2),
    };
    let mut latest: Option<(i64, Uuid)> = None;
    for &(language, count) in plan {
        let group = match people.groups_by_language.get(&language) {
            Some(ids) if !ids.is_empty() => *rng.pick(ids),
            _ => rng.pick(people.groups).id,
        };
        let mut run = Run {
            series,
            volumes: &volumes,
            language,
            group,
            at: series.created_at + rng.below(86_400 * 30) as i64,
        };
        for number in 1..=count {
            let index = chapters.len() as u64;
            let chapter = chapter(rng, seed, people, &mut run, number, index);
            if latest.is_none_or(|(t, _)| chapter.publish_at > t) {
                latest = Some((chapter.publish_at, chapter.id));
            }
            chapters.push(chapter);
        }
    }
    latest
}

/// One language's chapters of a manga: one group, each chapter published after the previous.
struct Run<'a> {
    series: &'a Series,
    volumes: &'a Volumes,
    language: &'static str,
    group: Uuid,
    /// The previous chapter's publish time.
    at: i64,
}

/// Chapter `number` of a run, `index` in the whole catalogue.
fn chapter(
    rng: &mut Rng,
    seed: u64,
    people: &People<'_>,
    run: &mut Run<'_>,
    number: u64,
    index: u64,
) -> ChapterRecord {
    // Every seventeenth chapter (from the ninth) is an extra: the previous one's ".5".
    let chapter_no = if number % 17 == 9 {
        format!("{}.5", number - 1)
    } else {
        number.to_string()
    };
    let external = !run.series.is_big_feed() && rng.chance(0.02);
    run.at += rng.range(3_600, 86_400 * 10) as i64;
    let at = run.at;
    let mut groups = vec![run.group];
    if rng.chance(0.05) {
        groups.push(rng.pick(people.groups).id);
        groups.dedup();
    }
    ChapterRecord {
        id: det_uuid(seed, "chapter", index),
        manga: run.series.id,
        volume: run.volumes.of(number),
        chapter: Some(chapter_no),
        title: rng
            .chance(0.7)
            .then(|| format!("{} {}", rng.pick(ADJ), rng.pick(NOUN))),
        language: run.language,
        pages: if external { 0 } else { rng.range(4, 30) as u32 },
        groups,
        uploader: rng.pick(people.users).id,
        hash: hex_from(mix(seed ^ index ^ 0x4A54), 16),
        external_url: external.then(|| format!("https://mangaplus.example.com/viewer/{index}")),
        created_at: at,
        updated_at: at + rng.below(86_400) as i64,
        publish_at: at,
        readable_at: at,
        version: 1,
        names: PageNames::default(),
    }
}
