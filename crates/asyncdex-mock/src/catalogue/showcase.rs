//! The showcase series: one crafted manga whose chapters exercise what a whole-series download
//! or a library sync must decide (duplicates by group, gaps, decimals, oneshots, external
//! chapters, languages, a chapter not out yet, titles that are not valid file names). The
//! table is in the [catalogue docs](super); nothing here is random, and nothing here draws
//! from the generator's random stream, so the generated part of the catalogue stays the same.

use uuid::Uuid;

use super::{
    AuthorRecord, ChapterRecord, CoverRecord, GroupRecord, MangaRecord, PageNames, TagRecord,
    UserRecord,
};
use crate::util::{det_uuid, hash_str, hex_from, mix};

/// Who the showcase series' chapters are by: catalogue groups and users, picked by role.
///
/// Get the chapters with [`Catalogue::showcase_chapter`](super::Catalogue::showcase_chapter),
/// e.g. `showcase_chapter("en", Some("3"), showcase.group_b)`.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Showcase {
    /// The manga ([`Catalogue::showcase_manga`](super::Catalogue::showcase_manga)).
    pub manga: Uuid,
    /// Group "A": the main English group (most chapters).
    pub group_a: Uuid,
    /// Group "B": English; a second version of chapters 3 and 7, and the only chapter 6.
    pub group_b: Uuid,
    /// Group "C": English; a second version of chapter 2, and chapter 8 jointly with A.
    pub group_c: Uuid,
    /// Group "D": an official publisher (`official: true`); chapter 10 and the external
    /// chapter 11.
    pub group_d: Uuid,
    /// The French group (chapters 1-3 in `fr`).
    pub group_fr: Uuid,
    /// The Latin-American Spanish group (chapter 1 in `es-la`).
    pub group_es: Uuid,
    /// Uploader of every showcase chapter but one.
    pub uploader: Uuid,
    /// Uploader of chapter 10 by group D only (for block-uploader tests).
    pub other_uploader: Uuid,
}

/// A chapter's group, by role.
#[derive(Debug, Clone, Copy)]
enum Role {
    A,
    B,
    C,
    D,
    Fr,
    Es,
}

/// One chapter of the table.
#[derive(Debug, Clone, Copy)]
struct Row {
    language: &'static str,
    volume: Option<&'static str>,
    chapter: Option<&'static str>,
    groups: &'static [Role],
    /// 0: an external chapter.
    pages: u32,
    /// Publish day, counted from English chapter 1 (published at noon UTC).
    day: i64,
    title: Option<&'static str>,
    other_uploader: bool,
}

const fn row(
    language: &'static str,
    volume: Option<&'static str>,
    chapter: Option<&'static str>,
    groups: &'static [Role],
    pages: u32,
    day: i64,
    title: Option<&'static str>,
) -> Row {
    Row {
        language,
        volume,
        chapter,
        groups,
        pages,
        day,
        title,
        other_uploader: false,
    }
}

impl Row {
    /// The same chapter, uploaded by [`Showcase::other_uploader`].
    const fn by_other_uploader(self) -> Self {
        Self {
            other_uploader: true,
            ..self
        }
    }
}

/// Characters Windows forbids in file names (`? : " < > / *`).
pub(super) const FORBIDDEN_TITLE: &str = r#"Who? Me: "Yes" <No>/Maybe*"#;
/// A 300-character chapter title: longer than a file name may be on most systems.
pub(super) const LONG_TITLE: &str = "The Very Long Night of the Archivist, in Which the Lantern \
    Is Lit, Snuffed, Relit, Lost Among the Stacks, Found Again by the Cat, Argued Over by Three \
    Librarians, Catalogued Twice Under Two Different Names, and Carried Up the Tower Stairs Just \
    Before Dawn While Nobody Reads the Footnotes, Not Even I";

use Role::{A, B, C, D, Es, Fr};

/// The chapters, each language in reading order (publish times increase along it).
#[rustfmt::skip] // One chapter per line: it is a table.
const ROWS: &[Row] = &[
    //  lang     vol        chapter      groups   pages day title
    row("en",    Some("1"), Some("1"),   &[A],    5,    0,  Some("The Lamplighter's Apprentice")),
    row("en",    Some("1"), Some("2"),   &[A],    6,    7,  Some("Ink and Ember")),
    row("en",    Some("1"), Some("2"),   &[C],    4,    8,  Some("Ink and Ember")),
    row("en",    Some("1"), Some("3"),   &[A],    5,    14, Some(FORBIDDEN_TITLE)),
    row("en",    Some("1"), Some("3"),   &[B],    8,    15, Some(FORBIDDEN_TITLE)),
    row("en",    Some("1"), Some("4"),   &[A],    6,    21, Some("The Catalogue of Lost Things")),
    row("en",    Some("1"), Some("4.5"), &[A],    3,    24, Some("Interlude: Tea Under the Stacks")),
    row("en",    Some("2"), Some("5"),   &[A],    7,    28, Some("A Map Without Edges")),
    row("en",    Some("2"), Some("6"),   &[B],    6,    35, Some("The Night Shift")),
    row("en",    Some("2"), Some("7"),   &[A],    5,    42, Some("Glass Spines")),
    row("en",    Some("2"), Some("7"),   &[B],    5,    43, Some("Glass Spines")),
    row("en",    Some("2"), Some("8"),   &[A, C], 6,    49, Some(LONG_TITLE)),
    row("en",    None,      Some("9"),   &[A],    4,    56, None),
    row("en",    None,      Some("10"),  &[A],    7,    63, Some("What the Lantern Saw")),
    row("en",    None,      Some("10"),  &[D],    6,    64, Some("What the Lantern Saw")).by_other_uploader(),
    row("en",    None,      None,        &[A],    8,    66, Some("Side Story: Lantern Festival")),
    row("en",    None,      Some("11"),  &[D],    0,    70, Some("Official Release: The Reading Room")),
    row("en",    None,      Some("12"),  &[A],    5,    93, Some("Dawn at the Archive")),
    row("fr",    Some("1"), Some("1"),   &[Fr],   4,    10, Some("L'apprentie de l'allumeur")),
    row("fr",    Some("1"), Some("2"),   &[Fr],   5,    17, Some("Encre et braise")),
    row("fr",    Some("1"), Some("3"),   &[Fr],   6,    24, Some(r#"Qui ? Moi : "Oui" <Non>/Peut-être*"#)),
    row("es-la", Some("1"), Some("1"),   &[Es],   5,    30, Some("La aprendiz del farolero")),
];

const DAY: i64 = 86_400;
/// English chapter 1's day, counted back from the midnight after the catalogue clock's end:
/// chapter 11 (day 70) is then out by the clock's end, chapter 12 (day 93) 20 days after it.
const DAYS_BEFORE_END: i64 = 73;

/// Noon UTC of English chapter 1's day.
fn day_zero(clock_end: i64) -> i64 {
    (clock_end.div_euclid(DAY) + 1 - DAYS_BEFORE_END) * DAY + DAY / 2
}

/// The first group satisfying `wanted`, not taken yet and named like no other catalogue group
/// (so tests may name it); failing that, the first group not taken yet.
fn pick(
    groups: &[GroupRecord],
    taken: &mut Vec<Uuid>,
    wanted: impl Fn(&GroupRecord) -> bool,
) -> Uuid {
    let unique = |g: &GroupRecord| groups.iter().filter(|o| o.name == g.name).count() == 1;
    let free = |g: &&GroupRecord| !taken.contains(&g.id);
    let id = groups
        .iter()
        .filter(free)
        .find(|g| wanted(g) && unique(g))
        .or_else(|| groups.iter().find(free))
        .map_or_else(Uuid::nil, |g| g.id);
    taken.push(id);
    id
}

impl Showcase {
    /// Picks the cast from the catalogue's groups and users (fixed rules, no dice).
    fn cast(seed: u64, users: &[UserRecord], groups: &[GroupRecord]) -> Self {
        let mut taken = Vec::new();
        let fan = |lang: &'static str| {
            move |g: &GroupRecord| !g.official && !g.inactive && g.focused_languages == [lang]
        };
        let user = |i: usize| users.get(i).map_or_else(Uuid::nil, |u| u.id);
        Self {
            manga: det_uuid(seed, "showcase-manga", 0),
            group_a: pick(groups, &mut taken, fan("en")),
            group_b: pick(groups, &mut taken, fan("en")),
            group_c: pick(groups, &mut taken, fan("en")),
            group_d: pick(groups, &mut taken, |g| g.official && !g.inactive),
            group_fr: pick(groups, &mut taken, fan("fr")),
            group_es: pick(groups, &mut taken, fan("es-la")),
            // Past the first three users, whom every account follows.
            uploader: user(7),
            other_uploader: user(11),
        }
    }

    fn group(&self, role: Role) -> Uuid {
        match role {
            A => self.group_a,
            B => self.group_b,
            C => self.group_c,
            D => self.group_d,
            Fr => self.group_fr,
            Es => self.group_es,
        }
    }
}

/// The showcase's records, to append to the generated catalogue.
#[derive(Debug)]
pub(super) struct Parts {
    pub(super) showcase: Showcase,
    pub(super) manga: MangaRecord,
    pub(super) authors: Vec<AuthorRecord>,
    pub(super) chapters: Vec<ChapterRecord>,
    pub(super) covers: Vec<CoverRecord>,
}

/// Builds the showcase series; `clock_end` is the newest `publishAt` of the generated chapters.
pub(super) fn build(
    seed: u64,
    users: &[UserRecord],
    groups: &[GroupRecord],
    tags: &[TagRecord],
    clock_end: i64,
) -> Parts {
    let showcase = Showcase::cast(seed, users, groups);
    let start = day_zero(clock_end);
    let chapters: Vec<ChapterRecord> = ROWS
        .iter()
        .enumerate()
        .map(|(i, r)| chapter(seed, &showcase, start, i as u64, r))
        .collect();
    let authors = authors(seed, start);
    let covers = covers(seed, &showcase, start);
    let manga = manga(&showcase, &chapters, &authors, &covers, tags, start);
    Parts {
        showcase,
        manga,
        authors,
        chapters,
        covers,
    }
}

fn chapter(seed: u64, cast: &Showcase, start: i64, i: u64, r: &Row) -> ChapterRecord {
    let at = start + r.day * DAY;
    let number = r.chapter.unwrap_or("oneshot");
    ChapterRecord {
        id: det_uuid(seed, "showcase-chapter", i),
        manga: cast.manga,
        volume: r.volume.map(str::to_owned),
        chapter: r.chapter.map(str::to_owned),
        title: r.title.map(str::to_owned),
        language: r.language,
        pages: r.pages,
        groups: r.groups.iter().map(|g| cast.group(*g)).collect(),
        uploader: if r.other_uploader {
            cast.other_uploader
        } else {
            cast.uploader
        },
        hash: hex_from(mix(seed ^ hash_str("showcase-hash") ^ i), 16),
        external_url: (r.pages == 0)
            .then(|| format!("https://official.example.com/archivists-lantern/{number}")),
        created_at: at,
        updated_at: at + 3_600,
        publish_at: at,
        readable_at: at,
        version: 1,
        names: PageNames::default(),
    }
}

/// Two authors (the first also the artist) and a second artist.
fn authors(seed: u64, start: i64) -> Vec<AuthorRecord> {
    let people = [
        ("Hoshizora Mio", "writes and draws The Archivist's Lantern."),
        ("Kuroda Ren", "co-writes The Archivist's Lantern."),
        (
            "Amane Yuzu",
            "paints the colour pages of The Archivist's Lantern.",
        ),
    ];
    people
        .iter()
        .enumerate()
        .map(|(i, (name, bio))| AuthorRecord {
            id: det_uuid(seed, "showcase-author", i as u64),
            name: (*name).to_owned(),
            biography: format!("{name} {bio}"),
            twitter: None,
            pixiv: None,
            website: Some(format!(
                "https://{}.example.com/",
                name.replace(' ', "-").to_lowercase()
            )),
            created_at: start - 400 * DAY,
            version: 1,
        })
        .collect()
}

/// Covers of volumes 1-3, then the main cover (no volume).
fn covers(seed: u64, cast: &Showcase, start: i64) -> Vec<CoverRecord> {
    [Some("1"), Some("2"), Some("3"), None]
        .iter()
        .enumerate()
        .map(|(i, volume)| CoverRecord {
            id: det_uuid(seed, "showcase-cover", i as u64),
            manga: cast.manga,
            volume: volume.map(str::to_owned),
            file_name: format!("{}.jpg", det_uuid(seed, "showcase-cover-file", i as u64)),
            locale: "ja",
            uploader: cast.uploader,
            created_at: start + (i as i64) * 21 * DAY,
        })
        .collect()
}

/// The tags of the series (four genres and a theme).
const TAG_NAMES: &[&str] = &["Fantasy", "Mystery", "Drama", "Slice of Life", "Magic"];

fn manga(
    cast: &Showcase,
    chapters: &[ChapterRecord],
    authors: &[AuthorRecord],
    covers: &[CoverRecord],
    tags: &[TagRecord],
    start: i64,
) -> MangaRecord {
    let title = "Showcase: The Archivist's Lantern".to_owned();
    let latest = chapters.iter().max_by_key(|c| c.publish_at);
    let mut available: Vec<&'static str> = chapters.iter().map(|c| c.language).collect();
    available.sort_unstable();
    available.dedup();
    let created_at = start - 30 * DAY;
    MangaRecord {
        id: cast.manga,
        title_lower: title.to_lowercase(),
        description: "An apprentice archivist inherits a lantern that reads the books it lights. \
            A crafted series for whole-series download and sync tests."
            .to_owned(),
        title,
        alt_titles: vec![
            ("ja", "記録館のランタン".to_owned()),
            ("ja-ro", "Kirokukan no Rantan".to_owned()),
        ],
        original_language: "ja",
        status: "ongoing",
        demographic: Some("seinen"),
        content_rating: "suggestive",
        year: Some(2021),
        tags: tags
            .iter()
            .filter(|t| TAG_NAMES.contains(&t.name.as_str()))
            .map(|t| t.id)
            .collect(),
        authors: vec![authors[0].id, authors[1].id],
        artists: vec![authors[0].id, authors[2].id],
        cover: covers[covers.len() - 1].id,
        creator: cast.uploader,
        related: Vec::new(),
        available_languages: available,
        last_volume: None,
        last_chapter: None,
        latest_chapter: latest.map(|c| c.id),
        latest_chapter_at: latest.map_or(0, |c| c.publish_at),
        follows: 4_242,
        rating_distribution: [1, 0, 2, 3, 5, 8, 13, 21, 34, 55],
        links: vec![("al", "100001".to_owned()), ("mal", "100002".to_owned())],
        created_at,
        updated_at: latest.map_or(created_at, |c| c.updated_at),
        version: 3,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::{Catalogue, MANGA_COUNT};
    use super::*;

    fn find<'a>(cat: &'a Catalogue, lang: &str, ch: Option<&str>, g: Uuid) -> &'a ChapterRecord {
        cat.showcase_chapter(lang, ch, g)
            .unwrap_or_else(|| panic!("{lang} {ch:?} by {g}"))
    }

    #[test]
    fn the_table_holds() {
        let cat = Catalogue::generate(crate::DEFAULT_SEED);
        let s = cat.showcase();
        let m = cat.showcase_manga();
        assert_eq!(m.id, s.manga);
        assert_eq!(cat.manga.len(), MANGA_COUNT + 1);
        assert_eq!(m.title, "Showcase: The Archivist's Lantern");
        assert_eq!(
            (m.original_language, m.content_rating, m.status),
            ("ja", "suggestive", "ongoing")
        );
        assert_eq!(m.available_languages, ["en", "es-la", "fr"]);
        let genres = m
            .tags
            .iter()
            .filter(|t| cat.tag_by_id(t).is_some_and(|t| t.group == "genre"));
        assert!(genres.count() >= 3);
        assert_eq!(m.authors.len(), 2);
        assert!(m.artists.contains(&m.authors[0]) && !m.artists.contains(&m.authors[1]));
        let volumes: Vec<_> = cat
            .covers_of(&m.id)
            .iter()
            .map(|c| c.volume.clone())
            .collect();
        assert_eq!(
            volumes,
            [Some("1".into()), Some("2".into()), Some("3".into()), None]
        );
        assert_eq!(cat.cover_by_id(&m.cover).map(|c| c.manga), Some(m.id));

        let chapters = cat.chapters_of(&m.id);
        assert_eq!(chapters.len(), ROWS.len());
        let ids: HashSet<_> = chapters.iter().map(|c| c.id).collect();
        assert_eq!(ids.len(), chapters.len());
        for c in chapters {
            assert_eq!(cat.chapter_by_id(&c.id).map(|x| x.id), Some(c.id));
            assert_eq!(cat.chapter_by_hash(&c.hash).map(|x| x.id), Some(c.id));
            assert_eq!(c.external_url.is_some(), c.pages == 0, "{c:?}");
            assert!(c.pages == 0 || (3..=8).contains(&c.pages), "{c:?}");
            assert!(c.groups.iter().all(|g| cat.group_by_id(g).is_some()));
            assert!(cat.user_by_id(&c.uploader).is_some());
        }
        for lang in ["en", "fr", "es-la"] {
            let times: Vec<_> = chapters
                .iter()
                .filter(|c| c.language == lang)
                .map(|c| c.publish_at)
                .collect();
            assert!(times.windows(2).all(|w| w[0] < w[1]), "{lang}: {times:?}");
        }

        let en = |ch: &str, g: Uuid| find(&cat, "en", Some(ch), g);
        assert!(en("3", s.group_b).pages > en("3", s.group_a).pages);
        let (two_a, two_c) = (en("2", s.group_a), en("2", s.group_c));
        assert!(two_c.pages < two_a.pages && two_c.publish_at > two_a.publish_at);
        assert!(cat.showcase_chapter("en", Some("6"), s.group_a).is_none());
        assert_eq!(en("6", s.group_b).groups, [s.group_b]);
        let (seven_a, seven_b) = (en("7", s.group_a), en("7", s.group_b));
        assert!(seven_a.pages == seven_b.pages && seven_b.publish_at > seven_a.publish_at);
        assert_eq!(en("8", s.group_a).groups, [s.group_a, s.group_c]);
        assert_eq!(en("8", s.group_a).title.as_deref().map(str::len), Some(300));
        assert_eq!(en("3", s.group_a).title.as_deref(), Some(FORBIDDEN_TITLE));
        assert_eq!(en("4.5", s.group_a).volume.as_deref(), Some("1"));
        assert_eq!(en("9", s.group_a).volume, None);
        let ten_d = en("10", s.group_d);
        assert_eq!(ten_d.uploader, s.other_uploader);
        assert_eq!(
            chapters
                .iter()
                .filter(|c| c.uploader == s.other_uploader)
                .count(),
            1
        );
        let oneshot = find(&cat, "en", None, s.group_a);
        assert_eq!(
            (oneshot.volume.as_deref(), oneshot.title.as_deref()),
            (None, Some("Side Story: Lantern Festival"))
        );
        assert!(en("11", s.group_d).external_url.is_some());
        assert_eq!(
            find(&cat, "es-la", Some("1"), s.group_es).volume.as_deref(),
            Some("1")
        );
        for n in ["1", "2", "3"] {
            assert_eq!(
                find(&cat, "fr", Some(n), s.group_fr).volume.as_deref(),
                Some("1")
            );
        }
        assert_eq!(m.latest_chapter, Some(en("12", s.group_a).id));
    }

    #[test]
    fn only_chapter_twelve_is_after_the_clock_end() {
        for seed in [crate::DEFAULT_SEED, 1, 2] {
            let cat = Catalogue::generate(seed);
            let s = cat.showcase();
            let twelve = find(&cat, "en", Some("12"), s.group_a);
            let ten = find(&cat, "en", Some("10"), s.group_a);
            assert_eq!(twelve.publish_at - ten.publish_at, 30 * DAY);
            assert!(twelve.publish_at > cat.clock_end());
            let late: Vec<_> = cat
                .chapters
                .iter()
                .filter(|c| c.publish_at > cat.clock_end())
                .map(|c| c.id)
                .collect();
            assert_eq!(late, [twelve.id], "seed {seed}");
        }
    }

    #[test]
    fn the_cast_is_distinct_and_fits_the_roles() {
        let cat = Catalogue::generate(crate::DEFAULT_SEED);
        let s = cat.showcase();
        let groups = [
            s.group_a, s.group_b, s.group_c, s.group_d, s.group_fr, s.group_es,
        ];
        assert_eq!(groups.iter().collect::<HashSet<_>>().len(), 6);
        for g in groups {
            let name = &cat.group_by_id(&g).unwrap().name;
            assert_eq!(
                cat.groups.iter().filter(|o| &o.name == name).count(),
                1,
                "{name}"
            );
        }
        assert!(cat.group_by_id(&s.group_d).unwrap().official);
        assert_eq!(
            cat.group_by_id(&s.group_fr).unwrap().focused_languages,
            ["fr"]
        );
        assert_ne!(s.uploader, s.other_uploader);
        assert_eq!(LONG_TITLE.chars().count(), 300);
    }
}
