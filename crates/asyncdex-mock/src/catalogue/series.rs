//! The generated manga, with their chapters and covers.
//!
//! Every manga takes its draws from the catalogue's one random stream in a fixed order (title,
//! traits, chapters, covers, reception, description): the ids and values tests rely on come
//! from that order, so it must not change.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::MANGA_COUNT;
use super::chapters::{self, Series};
use super::people::People;
use super::records::{ChapterRecord, CoverRecord, MangaRecord, UserRecord};
use super::words::{ADJ, NOUN, PLACE, romaji, ts, weighted};
use crate::util::{Rng, det_uuid};

/// The generated manga with their chapters and covers.
pub(super) struct Generated {
    pub(super) manga: Vec<MangaRecord>,
    /// Each manga's chapters, in reading order.
    pub(super) chapters: Vec<ChapterRecord>,
    pub(super) covers: Vec<CoverRecord>,
    /// Each manga's span of `chapters`.
    pub(super) by_manga: HashMap<Uuid, (usize, usize)>,
}

/// The [`MANGA_COUNT`] generated manga, some of them sequels of the one before.
pub(super) fn generate(rng: &mut Rng, seed: u64, people: &People<'_>) -> Generated {
    let mut out = Generated {
        manga: Vec::with_capacity(MANGA_COUNT),
        chapters: Vec::new(),
        covers: Vec::new(),
        by_manga: HashMap::new(),
    };
    let mut titles = HashSet::new();
    for i in 0..MANGA_COUNT as u64 {
        let manga = manga(rng, seed, people, i, &mut titles, &mut out);
        out.manga.push(manga);
    }
    link_sequels(&mut out.manga);
    out
}

/// Manga `i`; its chapters and covers go to `out`.
fn manga(
    rng: &mut Rng,
    seed: u64,
    people: &People<'_>,
    i: u64,
    titles: &mut HashSet<String>,
    out: &mut Generated,
) -> MangaRecord {
    let id = det_uuid(seed, "manga", i);
    let title = unique_title(rng, titles);
    let traits = traits(rng, people, i);
    let series = Series {
        index: i,
        id,
        created_at: traits.created_at,
    };
    let first_chapter = out.chapters.len();
    let plan = chapters::plan(rng, &series);
    let latest = chapters::generate(rng, seed, people, &series, &plan, &mut out.chapters);
    let last = out.chapters.len();
    out.by_manga.insert(id, (first_chapter, last));
    let mut available_languages: Vec<&'static str> = plan.iter().map(|(l, _)| *l).collect();
    available_languages.sort_unstable();
    available_languages.dedup();
    let cover = covers(rng, seed, people.users, &series, &traits, &mut out.covers);
    let (last_volume, last_chapter) = if traits.status == "completed" && last > first_chapter {
        let lc = &out.chapters[last - 1];
        (lc.volume.clone(), lc.chapter.clone())
    } else {
        (None, None)
    };
    let contents = Contents {
        available_languages,
        last_volume,
        last_chapter,
        latest,
        cover,
    };
    record(rng, id, title, traits, contents)
}

/// A title no earlier manga has: a drawn one, numbered from 2 while it is taken.
fn unique_title(rng: &mut Rng, titles: &mut HashSet<String>) -> String {
    let mut title = match rng.below(4) {
        0 => format!("{} {}", rng.pick(ADJ), rng.pick(NOUN)),
        1 => format!("The {} of {}", rng.pick(NOUN), rng.pick(PLACE)),
        2 => format!(
            "My {} {} Is Not What It Seems",
            rng.pick(ADJ),
            rng.pick(NOUN)
        ),
        _ => format!(
            "{} {} of {}",
            rng.pick(ADJ),
            rng.pick(NOUN),
            rng.pick(PLACE)
        ),
    };
    let mut n = 2;
    while !titles.insert(title.clone()) {
        let base = title
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end()
            .to_owned();
        title = format!("{base} {n}");
        n += 1;
    }
    title
}

/// What a manga is drawn with before its chapters.
struct Traits {
    original_language: &'static str,
    content_rating: &'static str,
    status: &'static str,
    demographic: Option<&'static str>,
    year: Option<u32>,
    tags: Vec<Uuid>,
    author: Uuid,
    artist: Uuid,
    created_at: i64,
    creator: Uuid,
}

/// Manga `i`'s traits; the big feed manga (0) is `safe`, so default filters keep its feed.
fn traits(rng: &mut Rng, people: &People<'_>, i: u64) -> Traits {
    let original_language = weighted(rng, &["ja", "ko", "zh", "en"], &[60, 20, 12, 8]);
    let content_rating = if i == 0 {
        "safe"
    } else {
        weighted(
            rng,
            &["safe", "suggestive", "erotica", "pornographic"],
            &[60, 25, 10, 5],
        )
    };
    let status = weighted(
        rng,
        &["ongoing", "completed", "hiatus", "cancelled"],
        &[55, 35, 6, 4],
    );
    let demographic = *rng.pick(&[
        None,
        Some("shounen"),
        Some("shoujo"),
        Some("seinen"),
        Some("josei"),
    ]);
    let year = rng.chance(0.9).then(|| rng.range(1980, 2024) as u32);
    let mut tags = Vec::new();
    for _ in 0..rng.range(2, 6) {
        let t = rng.pick(people.tags).id;
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let author = rng.pick(people.authors).id;
    let artist = if rng.chance(0.6) {
        author
    } else {
        rng.pick(people.authors).id
    };
    Traits {
        original_language,
        content_rating,
        status,
        demographic,
        year,
        tags,
        author,
        artist,
        created_at: ts(rng),
        creator: rng.pick(people.users).id,
    }
}

/// Appends a manga's covers (volumes 1 to 3 at most) to `covers` and returns the last one's
/// id, the main cover.
fn covers(
    rng: &mut Rng,
    seed: u64,
    users: &[UserRecord],
    series: &Series,
    traits: &Traits,
    covers: &mut Vec<CoverRecord>,
) -> Uuid {
    let mut main_cover = Uuid::nil();
    for volume in 1..=rng.range(1, 3) {
        let index = covers.len() as u64;
        main_cover = det_uuid(seed, "cover", index);
        covers.push(CoverRecord {
            id: main_cover,
            manga: series.id,
            volume: Some(volume.to_string()),
            file_name: format!("{}.jpg", det_uuid(seed, "cover-file", index)),
            locale: traits.original_language,
            uploader: rng.pick(users).id,
            created_at: series.created_at + (volume as i64) * 86_400,
        });
    }
    main_cover
}

/// What a manga's chapters and covers give it.
struct Contents {
    available_languages: Vec<&'static str>,
    last_volume: Option<String>,
    last_chapter: Option<String>,
    /// The newest chapter's publish time and id.
    latest: Option<(i64, Uuid)>,
    cover: Uuid,
}

/// The manga record, after the draws of its reception (ratings, links, follows).
fn record(
    rng: &mut Rng,
    id: Uuid,
    title: String,
    traits: Traits,
    contents: Contents,
) -> MangaRecord {
    let mut rating_distribution = [0u64; 10];
    for votes in &mut rating_distribution {
        *votes = rng.below(50);
    }
    let links = links(rng);
    let alt = format!("{} no {}", romaji(rng, 3), romaji(rng, 2));
    let (latest_chapter_at, latest_chapter) = match contents.latest {
        Some((at, chapter)) => (at, Some(chapter)),
        None => (0, None),
    };
    let alt_language = if traits.original_language == "ja" {
        "ja-ro"
    } else {
        "en"
    };
    MangaRecord {
        id,
        title_lower: title.to_lowercase(),
        description: format!(
            "{title}: a {} story about a {} {} and the people around them.",
            traits.status,
            rng.pick(ADJ).to_lowercase(),
            rng.pick(NOUN).to_lowercase()
        ),
        title,
        alt_titles: vec![(alt_language, alt)],
        original_language: traits.original_language,
        status: traits.status,
        demographic: traits.demographic,
        content_rating: traits.content_rating,
        year: traits.year,
        tags: traits.tags,
        authors: vec![traits.author],
        artists: vec![traits.artist],
        cover: contents.cover,
        creator: traits.creator,
        related: Vec::new(),
        available_languages: contents.available_languages,
        last_volume: contents.last_volume,
        last_chapter: contents.last_chapter,
        latest_chapter,
        latest_chapter_at,
        follows: rng.below(100_000),
        rating_distribution,
        links,
        created_at: traits.created_at,
        updated_at: traits.created_at.max(latest_chapter_at) + rng.below(86_400) as i64,
        version: rng.range(1, 12) as u32,
    }
}

/// AniList always, MangaUpdates and MyAnimeList half the time each.
fn links(rng: &mut Rng) -> Vec<(&'static str, String)> {
    let mut links = vec![("al", rng.range(1, 200_000).to_string())];
    if rng.chance(0.5) {
        links.push(("mu", rng.range(1, 200_000).to_string()));
    }
    if rng.chance(0.5) {
        links.push(("mal", rng.range(1, 200_000).to_string()));
    }
    links
}

/// Every tenth manga (from the second) has the next one as its sequel.
fn link_sequels(manga: &mut [MangaRecord]) {
    for i in (1..MANGA_COUNT - 1).step_by(10) {
        let (a, b) = (manga[i].id, manga[i + 1].id);
        manga[i].related.push(("sequel", b));
        manga[i + 1].related.push(("prequel", a));
    }
}
