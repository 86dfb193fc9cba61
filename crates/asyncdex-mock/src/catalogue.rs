//! The seeded catalogue: manga, chapters, authors, groups, covers, tags, users, custom lists.
//!
//! Everything is derived from one `u64` seed (see
//! [`MockServerBuilder::seed`](crate::MockServerBuilder::seed)), so ids are stable from run to
//! run. The data is generated on first use (a few milliseconds).
//!
//! Shape facts tests can rely on:
//! - [`MANGA_COUNT`] generated manga, then the showcase series (below) as the last manga;
//!   [`Catalogue::big_feed_manga`] has 600 English chapters (`safe`, for feed pagination
//!   tests); some manga have no chapter at all;
//! - chapters in `en`, `ja`, `fr`, `es-la`, `pt-br`, `de`, `ru`, `it`, `id`, `vi`; a few are
//!   external (`externalUrl` set, 0 pages);
//! - every content rating occurs (`pornographic` manga are hidden by the default filter);
//! - every chapter is published by [`Catalogue::clock_end`] except the showcase's chapter 12.
//!
//! # The showcase series
//! [`Catalogue::showcase_manga`]: "Showcase: The Archivist's Lantern" (apostrophe and colon on
//! purpose), original language `ja`, `suggestive`, `ongoing`, demographic `seinen`, year 2021;
//! authors Hoshizora Mio (also the artist) and Kuroda Ren, artist Amane Yuzu (authors of this
//! series only); tags Drama, Fantasy, Mystery, Slice of Life (genres) and Magic (theme); four
//! covers: volumes 1, 2 and 3, and the main cover (no volume), all `{uuid}.jpg`, locale `ja`.
//!
//! Its chapters come from catalogue groups picked by role, given by [`Catalogue::showcase`]
//! ([`Showcase`]): A, B and C are English fan groups, D an official publisher, plus a French
//! and a Latin-American Spanish group, each named like no other catalogue group whenever the
//! catalogue allows it (it does with [`DEFAULT_SEED`](crate::DEFAULT_SEED)), so tests may
//! select them by name too.
//! Fetch a chapter with [`Catalogue::showcase_chapter`], by language, number and one of its
//! groups: `cat.showcase_chapter("en", Some("3"), cat.showcase().group_b)`. Days count from
//! English chapter 1; every chapter is published (and created) at noon UTC of its day.
//!
//! | lang | vol | ch | group(s) | pages | day | title |
//! |---|---|---|---|---|---|---|
//! | en | 1 | 1 | A | 5 | 0 | The Lamplighter's Apprentice |
//! | en | 1 | 2 | A | 6 | 7 | Ink and Ember |
//! | en | 1 | 2 | C | 4 (fewer) | 8 (newer) | Ink and Ember |
//! | en | 1 | 3 | A | 5 | 14 | `Who? Me: "Yes" <No>/Maybe*` |
//! | en | 1 | 3 | B | 8 (more) | 15 | `Who? Me: "Yes" <No>/Maybe*` |
//! | en | 1 | 4 | A | 6 | 21 | The Catalogue of Lost Things |
//! | en | 1 | 4.5 | A | 3 | 24 | Interlude: Tea Under the Stacks |
//! | en | 2 | 5 | A | 7 | 28 | A Map Without Edges |
//! | en | 2 | 6 | B only | 6 | 35 | The Night Shift |
//! | en | 2 | 7 | A | 5 | 42 | Glass Spines |
//! | en | 2 | 7 | B | 5 (same) | 43 (newer) | Glass Spines |
//! | en | 2 | 8 | A and C (one chapter) | 6 | 49 | 300 characters ("The Very Long Night of the Archivist, ...") |
//! | en | none | 9 | A | 4 | 56 | none |
//! | en | none | 10 | A | 7 | 63 | What the Lantern Saw |
//! | en | none | 10 | D, uploaded by [`Showcase::other_uploader`] | 6 | 64 | What the Lantern Saw |
//! | en | none | none (oneshot) | A | 8 | 66 | Side Story: Lantern Festival |
//! | en | none | 11 | D (external: `externalUrl` set) | 0 | 70 | Official Release: The Reading Room |
//! | en | none | 12 | A | 5 | 93 (after [`Catalogue::clock_end`]) | Dawn at the Archive |
//! | fr | 1 | 1 | French group | 4 | 10 | L'apprentie de l'allumeur |
//! | fr | 1 | 2 | French group | 5 | 17 | Encre et braise |
//! | fr | 1 | 3 | French group | 6 | 24 | `Qui ? Moi : "Oui" <Non>/Peut-être*` |
//! | es-la | 1 | 1 | Spanish group | 5 | 30 | La aprendiz del farolero |
//!
//! [`Catalogue::chapters_of`] lists them in this order. Every chapter but one is uploaded by
//! [`Showcase::uploader`]. Chapter 12 is published 30 days after A's chapter 10 and 20 days
//! after the catalogue clock's end (day 73 is the first midnight after it): with
//! [`MockServer::set_release_time`](crate::MockServer::set_release_time) between the two, a
//! test sees the series without chapter 12, then with it.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use uuid::Uuid;

use crate::pages::{Quality, page_bytes, page_name};
use crate::util::{Rng, det_uuid, hex_from, mix};

mod showcase;

pub use showcase::Showcase;

/// The real MangaDex tag list: (name, group).
const TAGS: &[(&str, &str)] = &[
    ("Oneshot", "format"),
    ("Thriller", "genre"),
    ("Award Winning", "format"),
    ("Reincarnation", "theme"),
    ("Sci-Fi", "genre"),
    ("Time Travel", "theme"),
    ("Genderswap", "theme"),
    ("Loli", "theme"),
    ("Traditional Games", "theme"),
    ("Official Colored", "format"),
    ("Historical", "genre"),
    ("Monsters", "theme"),
    ("Action", "genre"),
    ("Demons", "theme"),
    ("Psychological", "genre"),
    ("Ghosts", "theme"),
    ("Animals", "theme"),
    ("Long Strip", "format"),
    ("Romance", "genre"),
    ("Ninja", "theme"),
    ("Comedy", "genre"),
    ("Mecha", "genre"),
    ("Anthology", "format"),
    ("Boys' Love", "genre"),
    ("Incest", "theme"),
    ("Crime", "genre"),
    ("Survival", "theme"),
    ("Zombies", "theme"),
    ("Reverse Harem", "theme"),
    ("Sports", "genre"),
    ("Superhero", "genre"),
    ("Martial Arts", "theme"),
    ("Fan Colored", "format"),
    ("Samurai", "theme"),
    ("Magical Girls", "genre"),
    ("Mafia", "theme"),
    ("Adventure", "genre"),
    ("Self-Published", "format"),
    ("Virtual Reality", "theme"),
    ("Office Workers", "theme"),
    ("Video Games", "theme"),
    ("Post-Apocalyptic", "theme"),
    ("Sexual Violence", "content"),
    ("Crossdressing", "theme"),
    ("Magic", "theme"),
    ("Girls' Love", "genre"),
    ("Harem", "theme"),
    ("Military", "theme"),
    ("Wuxia", "genre"),
    ("Isekai", "genre"),
    ("4-Koma", "format"),
    ("Doujinshi", "format"),
    ("Philosophical", "genre"),
    ("Gore", "content"),
    ("Drama", "genre"),
    ("Medical", "genre"),
    ("School Life", "theme"),
    ("Horror", "genre"),
    ("Fantasy", "genre"),
    ("Villainess", "theme"),
    ("Vampires", "theme"),
    ("Delinquents", "theme"),
    ("Monster Girls", "theme"),
    ("Shota", "theme"),
    ("Police", "theme"),
    ("Web Comic", "format"),
    ("Slice of Life", "genre"),
    ("Aliens", "theme"),
    ("Cooking", "theme"),
    ("Supernatural", "theme"),
    ("Mystery", "genre"),
    ("Adaptation", "format"),
    ("Music", "theme"),
    ("Full Color", "format"),
    ("Tragedy", "genre"),
    ("Gyaru", "theme"),
];

const ADJ: &[&str] = &[
    "Crimson",
    "Silent",
    "Eternal",
    "Broken",
    "Hidden",
    "Golden",
    "Wandering",
    "Last",
    "Frozen",
    "Burning",
    "Lonely",
    "Hollow",
    "Radiant",
    "Forgotten",
    "Azure",
    "Cursed",
    "Gentle",
    "Iron",
    "Midnight",
    "Scarlet",
    "Shattered",
    "Sleeping",
    "Twilight",
    "Velvet",
    "Wild",
    "Clockwork",
];
const NOUN: &[&str] = &[
    "Blade",
    "Moon",
    "Garden",
    "Witch",
    "Knight",
    "Dragon",
    "Sky",
    "Kingdom",
    "Flower",
    "Hero",
    "Demon",
    "Princess",
    "Sword",
    "Melody",
    "Academy",
    "Tower",
    "Journey",
    "Promise",
    "Shadow",
    "Star",
    "Tea House",
    "Detective",
    "Alchemist",
    "Fox",
    "Library",
    "Circus",
    "Harbor",
];
const PLACE: &[&str] = &[
    "the North",
    "the Abyss",
    "Tomorrow",
    "the Sea",
    "Edo",
    "the Stars",
    "Ashes",
    "Spring",
    "the Forest",
    "Silver City",
    "the Dawn",
    "Winter",
];
const FAMILY: &[&str] = &[
    "Tanaka",
    "Suzuki",
    "Watanabe",
    "Yamamoto",
    "Nakamura",
    "Kobayashi",
    "Kato",
    "Yoshida",
    "Yamada",
    "Sasaki",
    "Matsumoto",
    "Inoue",
    "Kimura",
    "Hayashi",
    "Shimizu",
    "Kim",
    "Park",
    "Lee",
    "Choi",
    "Zhang",
    "Wang",
    "Liu",
    "Chen",
    "Smith",
    "Moreau",
];
const GIVEN: &[&str] = &[
    "Haruki", "Yuki", "Aoi", "Ren", "Sora", "Hina", "Kaito", "Mei", "Riku", "Sakura", "Takumi",
    "Yui", "Jisoo", "Minho", "Wei", "Lin", "Alex", "Camille", "Emi", "Daichi",
];
const SYLL: &[&str] = &[
    "ka", "to", "ri", "mi", "no", "sa", "yu", "ha", "ne", "shi", "ra", "ko", "ta", "n",
];
const GROUP_WORD: &[&str] = &[
    "Scans",
    "Translations",
    "Subs",
    "Team",
    "Scanlations",
    "Club",
];
const LANGS: &[&str] = &[
    "en", "ja", "fr", "es-la", "pt-br", "de", "ru", "it", "id", "vi",
];
const LANG_WEIGHTS: &[u64] = &[40, 4, 10, 10, 10, 5, 8, 4, 5, 4];

/// 2018-01-01T00:00:00Z: catalogue timestamps start here.
const EPOCH: i64 = 1_514_764_800;
/// Six years of seconds: catalogue timestamps stay in `EPOCH..EPOCH + SPAN` (+ offsets).
const SPAN: u64 = 6 * 365 * 86_400;

/// Number of generated manga in every catalogue; the showcase series comes after them, so a
/// catalogue has `MANGA_COUNT + 1` manga.
pub const MANGA_COUNT: usize = 320;
/// Number of chapters of [`Catalogue::big_feed_manga`].
pub const BIG_FEED_CHAPTERS: usize = 600;

/// A tag (from the real tag list; ids do not depend on the seed).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TagRecord {
    /// Tag id.
    pub id: Uuid,
    /// English name.
    pub name: String,
    /// `content`, `format`, `genre` or `theme`.
    pub group: &'static str,
}

/// A user of the catalogue (uploaders, group members, list owners).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct UserRecord {
    /// User id.
    pub id: Uuid,
    /// User name.
    pub username: String,
    /// Roles (`ROLE_MEMBER`, ...).
    pub roles: Vec<&'static str>,
}

/// An author or artist.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AuthorRecord {
    /// Author id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// English biography.
    pub biography: String,
    /// Twitter URL, if any.
    pub twitter: Option<String>,
    /// Pixiv URL, if any.
    pub pixiv: Option<String>,
    /// Website, if any.
    pub website: Option<String>,
    /// Creation time (UNIX seconds).
    pub created_at: i64,
    /// Entity version.
    pub version: u32,
}

/// A scanlation group.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GroupRecord {
    /// Group id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Leader (user id).
    pub leader: Uuid,
    /// Members (user ids).
    pub members: Vec<Uuid>,
    /// Focused languages.
    pub focused_languages: Vec<&'static str>,
    /// Website.
    pub website: Option<String>,
    /// Discord invite code.
    pub discord: Option<String>,
    /// Official publisher?
    pub official: bool,
    /// Verified?
    pub verified: bool,
    /// Inactive?
    pub inactive: bool,
    /// Creation time (UNIX seconds).
    pub created_at: i64,
}

/// A manga.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct MangaRecord {
    /// Manga id.
    pub id: Uuid,
    /// English title.
    pub title: String,
    /// Alternative titles: (language, title).
    pub alt_titles: Vec<(&'static str, String)>,
    /// English description.
    pub description: String,
    /// Original language.
    pub original_language: &'static str,
    /// `ongoing`, `completed`, `hiatus` or `cancelled`.
    pub status: &'static str,
    /// `shounen`, `shoujo`, `josei`, `seinen` or none.
    pub demographic: Option<&'static str>,
    /// `safe`, `suggestive`, `erotica` or `pornographic`.
    pub content_rating: &'static str,
    /// Year of release.
    pub year: Option<u32>,
    /// Tag ids.
    pub tags: Vec<Uuid>,
    /// Author ids.
    pub authors: Vec<Uuid>,
    /// Artist ids (authors too).
    pub artists: Vec<Uuid>,
    /// Main cover id.
    pub cover: Uuid,
    /// Creator user id.
    pub creator: Uuid,
    /// Related manga: (relation, manga id).
    pub related: Vec<(&'static str, Uuid)>,
    /// Languages some chapter is translated into (sorted).
    pub available_languages: Vec<&'static str>,
    /// Last volume for completed series.
    pub last_volume: Option<String>,
    /// Last chapter for completed series.
    pub last_chapter: Option<String>,
    /// Newest chapter, if any.
    pub latest_chapter: Option<Uuid>,
    /// Publish time of the newest chapter (UNIX seconds), 0 without chapters.
    pub latest_chapter_at: i64,
    /// Followers (statistics and `order[followedCount]`).
    pub follows: u64,
    /// Rating votes for 1..=10.
    pub rating_distribution: [u64; 10],
    /// Links (`al`, `mu`, `mal`, ...).
    pub links: Vec<(&'static str, String)>,
    /// Creation time (UNIX seconds).
    pub created_at: i64,
    /// Update time (UNIX seconds).
    pub updated_at: i64,
    /// Entity version.
    pub version: u32,
    pub(crate) title_lower: String,
}

/// A chapter.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ChapterRecord {
    /// Chapter id.
    pub id: Uuid,
    /// Manga id.
    pub manga: Uuid,
    /// Volume, if any.
    pub volume: Option<String>,
    /// Chapter number, if any (`null` for oneshots).
    pub chapter: Option<String>,
    /// Title, if any.
    pub title: Option<String>,
    /// Translated language.
    pub language: &'static str,
    /// Page count (0 for external chapters).
    pub pages: u32,
    /// Scanlation groups.
    pub groups: Vec<Uuid>,
    /// Uploader (user id).
    pub uploader: Uuid,
    /// At-home hash.
    pub hash: String,
    /// External URL for chapters hosted elsewhere.
    pub external_url: Option<String>,
    /// Creation time (UNIX seconds).
    pub created_at: i64,
    /// Update time.
    pub updated_at: i64,
    /// Publish time.
    pub publish_at: i64,
    /// Readable time.
    pub readable_at: i64,
    /// Entity version.
    pub version: u32,
    /// The page names, computed on first use: naming a page hashes its bytes, and
    /// `/at-home/server` lists every page of the chapter on every call.
    pub(crate) names: PageNames,
}

/// The memoised page names of one chapter, per [`Quality`].
#[derive(Debug, Clone, Default)]
pub(crate) struct PageNames {
    data: OnceLock<Arc<[String]>>,
    data_saver: OnceLock<Arc<[String]>>,
}

impl ChapterRecord {
    /// Page file names of the original-quality images (`data`): `x{n}-{sha256}.png`, the hex
    /// being the SHA-256 of the bytes the image node serves for that page.
    pub fn data_files(&self) -> Vec<String> {
        self.files(Quality::Data).to_vec()
    }

    /// Page file names of the data-saver images (`dataSaver`): `x{n}-{sha256}.jpg`.
    pub fn data_saver_files(&self) -> Vec<String> {
        self.files(Quality::DataSaver).to_vec()
    }

    /// The page names of one rendition, computed once per chapter.
    pub(crate) fn files(&self, quality: Quality) -> &[String] {
        let cell = match quality {
            Quality::Data => &self.names.data,
            Quality::DataSaver => &self.names.data_saver,
        };
        cell.get_or_init(|| {
            (1..=self.pages)
                .map(|n| page_name(n, &page_bytes(&self.hash, n, quality), quality))
                .collect()
        })
    }
}

/// A cover.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CoverRecord {
    /// Cover id.
    pub id: Uuid,
    /// Manga id.
    pub manga: Uuid,
    /// Volume.
    pub volume: Option<String>,
    /// File name (`{uuid}.jpg`).
    pub file_name: String,
    /// Locale.
    pub locale: &'static str,
    /// Uploader.
    pub uploader: Uuid,
    /// Creation time (UNIX seconds).
    pub created_at: i64,
}

/// A public custom list of the catalogue (lists created through the API live in the server's
/// per-user state instead).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ListRecord {
    /// List id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Owner (user id).
    pub owner: Uuid,
    /// Manga in the list.
    pub manga: Vec<Uuid>,
}

/// Which collection an id belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Manga,
    Chapter,
    Author,
    Group,
    Cover,
    Tag,
    User,
    List,
}

/// The seeded, read-only catalogue.
#[derive(Debug)]
pub struct Catalogue {
    seed: u64,
    /// Tags.
    pub tags: Vec<TagRecord>,
    /// Users.
    pub users: Vec<UserRecord>,
    /// Authors and artists.
    pub authors: Vec<AuthorRecord>,
    /// Scanlation groups.
    pub groups: Vec<GroupRecord>,
    /// Manga.
    pub manga: Vec<MangaRecord>,
    /// Chapters, grouped by manga, each manga's chapters in reading order.
    pub chapters: Vec<ChapterRecord>,
    /// Covers.
    pub covers: Vec<CoverRecord>,
    /// Public custom lists.
    pub lists: Vec<ListRecord>,
    index: HashMap<Uuid, (Kind, usize)>,
    by_manga: HashMap<Uuid, (usize, usize)>,
    covers_by_manga: HashMap<Uuid, Vec<usize>>,
    by_hash: HashMap<String, usize>,
    showcase: Showcase,
    clock_end: i64,
}

fn weighted(rng: &mut Rng, items: &[&'static str], weights: &[u64]) -> &'static str {
    let total: u64 = weights.iter().sum();
    let mut x = rng.below(total);
    for (item, w) in items.iter().zip(weights) {
        if x < *w {
            return item;
        }
        x -= w;
    }
    items[0]
}

fn ts(rng: &mut Rng) -> i64 {
    EPOCH + rng.below(SPAN) as i64
}

fn romaji(rng: &mut Rng, syllables: u64) -> String {
    let mut s: String = (0..syllables).map(|_| *rng.pick(SYLL)).collect();
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s
}

impl Catalogue {
    pub(crate) fn generate(seed: u64) -> Self {
        let mut rng = Rng::new(mix(seed ^ 0x00C0_FFEE));
        let tags: Vec<TagRecord> = TAGS
            .iter()
            .enumerate()
            .map(|(i, (name, group))| TagRecord {
                id: det_uuid(0x7A65, "tag", i as u64),
                name: (*name).to_owned(),
                group,
            })
            .collect();
        let users: Vec<UserRecord> = (0..60)
            .map(|i| {
                let mut roles = vec!["ROLE_MEMBER"];
                if i % 7 == 0 {
                    roles.push("ROLE_GROUP_LEADER");
                }
                if i % 11 == 0 {
                    roles.push("ROLE_POWER_UPLOADER");
                }
                UserRecord {
                    id: det_uuid(seed, "user", i),
                    username: format!("{}{}", romaji(&mut rng, 3).to_lowercase(), i),
                    roles,
                }
            })
            .collect();
        let mut authors: Vec<AuthorRecord> = (0..150)
            .map(|i| {
                let name = format!("{} {}", rng.pick(FAMILY), rng.pick(GIVEN));
                let handle = name.replace(' ', "_").to_lowercase();
                AuthorRecord {
                    id: det_uuid(seed, "author", i),
                    biography: format!("{name} is a manga artist known for dramatic panels."),
                    twitter: rng
                        .chance(0.4)
                        .then(|| format!("https://twitter.com/{handle}")),
                    pixiv: rng.chance(0.3).then(|| {
                        format!(
                            "https://www.pixiv.net/users/{}",
                            rng.range(1000, 99_999_999)
                        )
                    }),
                    website: rng
                        .chance(0.2)
                        .then(|| format!("https://{handle}.example.com/")),
                    name,
                    created_at: ts(&mut rng),
                    version: rng.range(1, 5) as u32,
                }
            })
            .collect();
        let groups: Vec<GroupRecord> = (0..60)
            .map(|i| {
                let leader = users[rng.below(users.len() as u64) as usize].id;
                let mut members = vec![leader];
                for _ in 0..rng.range(0, 4) {
                    let m = users[rng.below(users.len() as u64) as usize].id;
                    if !members.contains(&m) {
                        members.push(m);
                    }
                }
                let lang = weighted(&mut rng, LANGS, LANG_WEIGHTS);
                GroupRecord {
                    id: det_uuid(seed, "group", i),
                    name: format!(
                        "{} {} {}",
                        rng.pick(ADJ),
                        rng.pick(NOUN),
                        rng.pick(GROUP_WORD)
                    ),
                    leader,
                    members,
                    focused_languages: vec![lang],
                    website: rng
                        .chance(0.5)
                        .then(|| format!("https://group{i}.example.org/")),
                    discord: rng.chance(0.5).then(|| format!("grp{i}")),
                    official: i % 20 == 0,
                    verified: i % 5 == 0,
                    inactive: i % 9 == 0,
                    created_at: ts(&mut rng),
                }
            })
            .collect();
        let mut groups_by_lang: HashMap<&str, Vec<Uuid>> = HashMap::new();
        for g in &groups {
            groups_by_lang
                .entry(g.focused_languages[0])
                .or_default()
                .push(g.id);
        }

        let mut manga = Vec::with_capacity(MANGA_COUNT);
        let mut chapters = Vec::new();
        let mut covers = Vec::new();
        let mut titles = HashSet::new();
        let mut by_manga = HashMap::new();
        for i in 0..MANGA_COUNT as u64 {
            let id = det_uuid(seed, "manga", i);
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
            let original_language = weighted(&mut rng, &["ja", "ko", "zh", "en"], &[60, 20, 12, 8]);
            let content_rating = if i == 0 {
                "safe"
            } else {
                weighted(
                    &mut rng,
                    &["safe", "suggestive", "erotica", "pornographic"],
                    &[60, 25, 10, 5],
                )
            };
            let status = weighted(
                &mut rng,
                &["ongoing", "completed", "hiatus", "cancelled"],
                &[55, 35, 6, 4],
            );
            let demographic = [
                None,
                Some("shounen"),
                Some("shoujo"),
                Some("seinen"),
                Some("josei"),
            ][rng.below(5) as usize];
            let year = rng.chance(0.9).then(|| rng.range(1980, 2024) as u32);
            let mut tag_ids = Vec::new();
            for _ in 0..rng.range(2, 6) {
                let t = tags[rng.below(tags.len() as u64) as usize].id;
                if !tag_ids.contains(&t) {
                    tag_ids.push(t);
                }
            }
            let author = authors[rng.below(authors.len() as u64) as usize].id;
            let artist = if rng.chance(0.6) {
                author
            } else {
                authors[rng.below(authors.len() as u64) as usize].id
            };
            let created_at = ts(&mut rng);
            let creator = users[rng.below(users.len() as u64) as usize].id;

            // Chapters.
            let first_chapter = chapters.len();
            let plan: Vec<(&'static str, u64)> = if i == 0 {
                vec![("en", BIG_FEED_CHAPTERS as u64)]
            } else if i % 13 == 5 {
                Vec::new()
            } else {
                let mut langs: Vec<&'static str> = Vec::new();
                for _ in 0..rng.range(1, 3) {
                    let l = weighted(&mut rng, LANGS, LANG_WEIGHTS);
                    if !langs.contains(&l) {
                        langs.push(l);
                    }
                }
                langs.into_iter().map(|l| (l, rng.range(1, 24))).collect()
            };
            let per_volume = rng.range(4, 10);
            let no_volumes = rng.chance(0.2);
            let mut latest: Option<(i64, Uuid)> = None;
            for (lang, count) in &plan {
                let lang_groups = groups_by_lang.get(lang).cloned().unwrap_or_default();
                let group = if lang_groups.is_empty() {
                    groups[rng.below(groups.len() as u64) as usize].id
                } else {
                    lang_groups[rng.below(lang_groups.len() as u64) as usize]
                };
                let mut at = created_at + rng.below(86_400 * 30) as i64;
                for c in 1..=*count {
                    let cidx = chapters.len() as u64;
                    let chapter_no = if c % 17 == 9 {
                        format!("{}.5", c - 1)
                    } else {
                        c.to_string()
                    };
                    let external = i != 0 && rng.chance(0.02);
                    at += rng.range(3_600, 86_400 * 10) as i64;
                    let cid = det_uuid(seed, "chapter", cidx);
                    let mut grps = vec![group];
                    if rng.chance(0.05) {
                        grps.push(groups[rng.below(groups.len() as u64) as usize].id);
                        grps.dedup();
                    }
                    if latest.is_none_or(|(t, _)| at > t) {
                        latest = Some((at, cid));
                    }
                    chapters.push(ChapterRecord {
                        id: cid,
                        manga: id,
                        volume: (!no_volumes).then(|| ((c - 1) / per_volume + 1).to_string()),
                        chapter: Some(chapter_no),
                        title: rng
                            .chance(0.7)
                            .then(|| format!("{} {}", rng.pick(ADJ), rng.pick(NOUN))),
                        language: lang,
                        pages: if external { 0 } else { rng.range(4, 30) as u32 },
                        groups: grps,
                        uploader: users[rng.below(users.len() as u64) as usize].id,
                        hash: hex_from(mix(seed ^ cidx ^ 0x4A54), 16),
                        external_url: external
                            .then(|| format!("https://mangaplus.example.com/viewer/{cidx}")),
                        created_at: at,
                        updated_at: at + rng.below(86_400) as i64,
                        publish_at: at,
                        readable_at: at,
                        version: 1,
                        names: PageNames::default(),
                    });
                }
            }
            let last = chapters.len();
            by_manga.insert(id, (first_chapter, last));
            let mut available: Vec<&'static str> = plan.iter().map(|(l, _)| *l).collect();
            available.sort_unstable();
            available.dedup();

            // Covers.
            let n_covers = rng.range(1, 3);
            let mut main_cover = Uuid::nil();
            for v in 1..=n_covers {
                let cid = det_uuid(seed, "cover", covers.len() as u64);
                main_cover = cid;
                covers.push(CoverRecord {
                    id: cid,
                    manga: id,
                    volume: Some(v.to_string()),
                    file_name: format!("{}.jpg", det_uuid(seed, "cover-file", covers.len() as u64)),
                    locale: original_language,
                    uploader: users[rng.below(users.len() as u64) as usize].id,
                    created_at: created_at + (v as i64) * 86_400,
                });
            }

            let mut dist = [0u64; 10];
            for slot in &mut dist {
                *slot = rng.below(50);
            }
            let (last_volume, last_chapter) = if status == "completed" && last > first_chapter {
                let lc = &chapters[last - 1];
                (lc.volume.clone(), lc.chapter.clone())
            } else {
                (None, None)
            };
            let mut links = vec![("al", rng.range(1, 200_000).to_string())];
            if rng.chance(0.5) {
                links.push(("mu", rng.range(1, 200_000).to_string()));
            }
            if rng.chance(0.5) {
                links.push(("mal", rng.range(1, 200_000).to_string()));
            }
            let alt = format!("{} no {}", romaji(&mut rng, 3), romaji(&mut rng, 2));
            let (latest_chapter_at, latest_chapter) = match latest {
                Some((t, c)) => (t, Some(c)),
                None => (0, None),
            };
            manga.push(MangaRecord {
                id,
                title_lower: title.to_lowercase(),
                description: format!(
                    "{title}: a {} story about a {} {} and the people around them.",
                    status,
                    rng.pick(ADJ).to_lowercase(),
                    rng.pick(NOUN).to_lowercase()
                ),
                title,
                alt_titles: vec![(
                    if original_language == "ja" {
                        "ja-ro"
                    } else {
                        "en"
                    },
                    alt,
                )],
                original_language,
                status,
                demographic,
                content_rating,
                year,
                tags: tag_ids,
                authors: vec![author],
                artists: vec![artist],
                cover: main_cover,
                creator,
                related: Vec::new(),
                available_languages: available,
                last_volume,
                last_chapter,
                latest_chapter,
                latest_chapter_at,
                follows: rng.below(100_000),
                rating_distribution: dist,
                links,
                created_at,
                updated_at: created_at.max(latest_chapter_at) + rng.below(86_400) as i64,
                version: rng.range(1, 12) as u32,
            });
        }
        // Some sequel / prequel pairs.
        for i in (1..MANGA_COUNT - 1).step_by(10) {
            let (a, b) = (manga[i].id, manga[i + 1].id);
            manga[i].related.push(("sequel", b));
            manga[i + 1].related.push(("prequel", a));
        }
        let lists: Vec<ListRecord> = (0..30)
            .map(|i| {
                let mut items = Vec::new();
                for _ in 0..rng.range(3, 20) {
                    let m = manga[rng.below(manga.len() as u64) as usize].id;
                    if !items.contains(&m) {
                        items.push(m);
                    }
                }
                ListRecord {
                    id: det_uuid(seed, "list", i),
                    name: format!("{} {} picks", rng.pick(ADJ), rng.pick(NOUN)),
                    owner: users[rng.below(users.len() as u64) as usize].id,
                    manga: items,
                }
            })
            .collect();
        // The showcase comes last, so the generated data above stays what it was.
        let clock_end = chapters.iter().map(|c| c.publish_at).max().unwrap_or(EPOCH);
        let parts = showcase::build(seed, &users, &groups, &tags, clock_end);
        authors.extend(parts.authors);
        covers.extend(parts.covers);
        let span = (chapters.len(), chapters.len() + parts.chapters.len());
        by_manga.insert(parts.manga.id, span);
        chapters.extend(parts.chapters);
        manga.push(parts.manga);

        let mut index = HashMap::new();
        let mut add = |id: Uuid, kind: Kind, i: usize| {
            index.insert(id, (kind, i));
        };
        tags.iter()
            .enumerate()
            .for_each(|(i, x)| add(x.id, Kind::Tag, i));
        users
            .iter()
            .enumerate()
            .for_each(|(i, x)| add(x.id, Kind::User, i));
        authors
            .iter()
            .enumerate()
            .for_each(|(i, x)| add(x.id, Kind::Author, i));
        groups
            .iter()
            .enumerate()
            .for_each(|(i, x)| add(x.id, Kind::Group, i));
        manga
            .iter()
            .enumerate()
            .for_each(|(i, x)| add(x.id, Kind::Manga, i));
        chapters
            .iter()
            .enumerate()
            .for_each(|(i, x)| add(x.id, Kind::Chapter, i));
        covers
            .iter()
            .enumerate()
            .for_each(|(i, x)| add(x.id, Kind::Cover, i));
        lists
            .iter()
            .enumerate()
            .for_each(|(i, x)| add(x.id, Kind::List, i));
        let mut covers_by_manga: HashMap<Uuid, Vec<usize>> = HashMap::new();
        for (i, c) in covers.iter().enumerate() {
            covers_by_manga.entry(c.manga).or_default().push(i);
        }
        let by_hash = chapters
            .iter()
            .enumerate()
            .map(|(i, c)| (c.hash.clone(), i))
            .collect();
        Self {
            seed,
            tags,
            users,
            authors,
            groups,
            manga,
            chapters,
            covers,
            lists,
            index,
            by_manga,
            covers_by_manga,
            by_hash,
            showcase: parts.showcase,
            clock_end,
        }
    }

    /// The seed this catalogue was generated from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub(crate) fn kind_of(&self, id: &Uuid) -> Option<(Kind, usize)> {
        self.index.get(id).copied()
    }

    fn get<'a, T>(&'a self, items: &'a [T], kind: Kind, id: &Uuid) -> Option<&'a T> {
        match self.kind_of(id) {
            Some((k, i)) if k == kind => items.get(i),
            _ => None,
        }
    }

    /// A manga by id.
    pub fn manga_by_id(&self, id: &Uuid) -> Option<&MangaRecord> {
        self.get(&self.manga, Kind::Manga, id)
    }

    /// A chapter by id.
    pub fn chapter_by_id(&self, id: &Uuid) -> Option<&ChapterRecord> {
        self.get(&self.chapters, Kind::Chapter, id)
    }

    /// An author by id.
    pub fn author_by_id(&self, id: &Uuid) -> Option<&AuthorRecord> {
        self.get(&self.authors, Kind::Author, id)
    }

    /// A scanlation group by id.
    pub fn group_by_id(&self, id: &Uuid) -> Option<&GroupRecord> {
        self.get(&self.groups, Kind::Group, id)
    }

    /// A cover by id.
    pub fn cover_by_id(&self, id: &Uuid) -> Option<&CoverRecord> {
        self.get(&self.covers, Kind::Cover, id)
    }

    /// A tag by id.
    pub fn tag_by_id(&self, id: &Uuid) -> Option<&TagRecord> {
        self.get(&self.tags, Kind::Tag, id)
    }

    /// A catalogue user by id.
    pub fn user_by_id(&self, id: &Uuid) -> Option<&UserRecord> {
        self.get(&self.users, Kind::User, id)
    }

    /// A catalogue custom list by id.
    pub fn list_by_id(&self, id: &Uuid) -> Option<&ListRecord> {
        self.get(&self.lists, Kind::List, id)
    }

    /// The chapters of a manga, in reading order (by language, then number).
    pub fn chapters_of(&self, manga: &Uuid) -> &[ChapterRecord] {
        match self.by_manga.get(manga) {
            Some(&(a, b)) => &self.chapters[a..b],
            None => &[],
        }
    }

    /// The covers of a manga.
    pub fn covers_of(&self, manga: &Uuid) -> Vec<&CoverRecord> {
        self.covers_by_manga
            .get(manga)
            .map(|v| v.iter().map(|&i| &self.covers[i]).collect())
            .unwrap_or_default()
    }

    /// A chapter by its at-home hash.
    pub fn chapter_by_hash(&self, hash: &str) -> Option<&ChapterRecord> {
        self.by_hash.get(hash).map(|&i| &self.chapters[i])
    }

    /// The manga with [`BIG_FEED_CHAPTERS`] English chapters (content rating `safe`).
    pub fn big_feed_manga(&self) -> &MangaRecord {
        &self.manga[0]
    }

    /// The showcase series (the last manga; see the [module docs](self) for its chapters).
    pub fn showcase_manga(&self) -> &MangaRecord {
        &self.manga[MANGA_COUNT]
    }

    /// The groups and users of the showcase series' chapters, by role.
    pub fn showcase(&self) -> &Showcase {
        &self.showcase
    }

    /// The showcase chapter in `language` numbered `chapter` (`None`: the oneshot) that
    /// `group` worked on, if the table has one.
    pub fn showcase_chapter(
        &self,
        language: &str,
        chapter: Option<&str>,
        group: Uuid,
    ) -> Option<&ChapterRecord> {
        self.chapters_of(&self.showcase.manga).iter().find(|c| {
            c.language == language && c.chapter.as_deref() == chapter && c.groups.contains(&group)
        })
    }

    /// The catalogue clock's end (UNIX seconds): the newest `publishAt` of the generated
    /// chapters. Every chapter is published by then except the showcase's chapter 12, 20 days
    /// later.
    pub fn clock_end(&self) -> i64 {
        self.clock_end
    }

    /// The first chapter that has pages (for at-home and download tests).
    pub fn chapter_with_pages(&self) -> &ChapterRecord {
        self.chapters
            .iter()
            .find(|c| c.pages > 0 && c.external_url.is_none())
            .unwrap_or(&self.chapters[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_big_enough() {
        let a = Catalogue::generate(1);
        let b = Catalogue::generate(1);
        assert_eq!(a.manga.len(), MANGA_COUNT + 1);
        assert_eq!(a.manga[5].id, b.manga[5].id);
        assert_eq!(a.chapters.len(), b.chapters.len());
        assert_eq!(a.chapters_of(&a.manga[0].id).len(), BIG_FEED_CHAPTERS);
        let c = Catalogue::generate(2);
        assert_ne!(a.manga[5].id, c.manga[5].id);
        assert!(a.chapters.iter().any(|c| c.external_url.is_some()));
        for rating in ["safe", "suggestive", "erotica", "pornographic"] {
            assert!(a.manga.iter().any(|m| m.content_rating == rating));
        }
        let titles: HashSet<_> = a.manga.iter().map(|m| &m.title).collect();
        assert_eq!(titles.len(), MANGA_COUNT + 1);
        let ch = a.chapter_with_pages();
        assert_eq!(ch.data_files().len(), ch.pages as usize);
        assert_eq!(a.chapter_by_hash(&ch.hash).map(|c| c.id), Some(ch.id));
    }
}
