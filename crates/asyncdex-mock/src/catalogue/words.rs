//! The word lists and small draws the generated catalogue is made of: the real tag list, title
//! and name parts, languages with their weights, and the span of catalogue timestamps.

use crate::util::Rng;

/// The real MangaDex tag list: (name, group).
pub(super) const TAGS: &[(&str, &str)] = &[
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

pub(super) const ADJ: &[&str] = &[
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
pub(super) const NOUN: &[&str] = &[
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
pub(super) const PLACE: &[&str] = &[
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
pub(super) const FAMILY: &[&str] = &[
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
pub(super) const GIVEN: &[&str] = &[
    "Haruki", "Yuki", "Aoi", "Ren", "Sora", "Hina", "Kaito", "Mei", "Riku", "Sakura", "Takumi",
    "Yui", "Jisoo", "Minho", "Wei", "Lin", "Alex", "Camille", "Emi", "Daichi",
];
pub(super) const SYLL: &[&str] = &[
    "ka", "to", "ri", "mi", "no", "sa", "yu", "ha", "ne", "shi", "ra", "ko", "ta", "n",
];
pub(super) const GROUP_WORD: &[&str] = &[
    "Scans",
    "Translations",
    "Subs",
    "Team",
    "Scanlations",
    "Club",
];
pub(super) const LANGS: &[&str] = &[
    "en", "ja", "fr", "es-la", "pt-br", "de", "ru", "it", "id", "vi",
];
pub(super) const LANG_WEIGHTS: &[u64] = &[40, 4, 10, 10, 10, 5, 8, 4, 5, 4];

/// 2018-01-01T00:00:00Z: catalogue timestamps start here.
pub(super) const EPOCH: i64 = 1_514_764_800;
/// Six years of seconds: catalogue timestamps stay in `EPOCH..EPOCH + SPAN` (+ offsets).
pub(super) const SPAN: u64 = 6 * 365 * 86_400;

/// One of `items`, drawn by `weights` (one draw).
pub(super) fn weighted(rng: &mut Rng, items: &[&'static str], weights: &[u64]) -> &'static str {
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

/// A time in the catalogue's span (one draw).
pub(super) fn ts(rng: &mut Rng) -> i64 {
    EPOCH + rng.below(SPAN) as i64
}

/// A capitalised pseudo-Japanese word of `syllables` syllables (one draw each).
pub(super) fn romaji(rng: &mut Rng, syllables: u64) -> String {
    let mut s: String = (0..syllables).map(|_| *rng.pick(SYLL)).collect();
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s
}
