//! The showcase's chapter table, and the days its publish times count from.

use super::row::Role::{A, B, C, D, Es, Fr};
use super::row::{Row, row};

/// Characters Windows forbids in file names (`? : " < > / *`).
pub(super) const FORBIDDEN_TITLE: &str = r#"Who? Me: "Yes" <No>/Maybe*"#;
/// A 300-character chapter title: longer than a file name may be on most systems.
pub(super) const LONG_TITLE: &str = "The Very Long Night of the Archivist, in Which the Lantern \
    Is Lit, Snuffed, Relit, Lost Among the Stacks, Found Again by the Cat, Argued Over by Three \
    Librarians, Catalogued Twice Under Two Different Names, and Carried Up the Tower Stairs Just \
    Before Dawn While Nobody Reads the Footnotes, Not Even I";

/// The chapters, each language in reading order (publish times increase along it).
#[rustfmt::skip] // One chapter per line: it is a table.
pub(super) const ROWS: &[Row] = &[
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

pub(super) const DAY: i64 = 86_400;
/// English chapter 1's day, counted back from the midnight after the catalogue clock's end:
/// chapter 11 (day 70) is then out by the clock's end, chapter 12 (day 93) 20 days after it.
const DAYS_BEFORE_END: i64 = 73;

/// Noon UTC of English chapter 1's day.
pub(super) fn day_zero(clock_end: i64) -> i64 {
    (clock_end.div_euclid(DAY) + 1 - DAYS_BEFORE_END) * DAY + DAY / 2
}
