//! Entry-name prefixes that sort chapters in reading order: [`chapter_prefix`].

/// Digits of the integer part of a chapter number (`c0008-`); longer numbers are preceded by
/// one `~` per extra digit, so that they still sort after shorter ones.
const NUMBER_WIDTH: usize = 4;

/// Digits of a disambiguator (`c0008~02-`), with the same `~` rule beyond.
const DISAMBIGUATOR_WIDTH: usize = 2;

/// An entry-name prefix for a chapter of a multi-chapter archive that sorts in reading
/// order, byte by byte, and that no other prefix begins (each has one `-`, at its end).
///
/// - a number is `c`, its integer part padded to four digits, then its decimals as they are:
///   `8` is `c0008-`, `8.5` is `c0008.5-`, `12345` is `c~12345-` (one `~` per extra digit);
/// - any other text (`Extra`) comes after every number: `n`, then its letters and digits,
///   every other byte as `%XX`: `nExtra-`, `nSide%20story-`;
/// - no number (a oneshot) comes last: `oneshot-`.
///
/// `disambiguator` tells apart versions of one chapter in one archive: the first has none,
/// the others their rank (`~02`, `~03`…). Ranked versions sort after the chapter and every
/// number that extends its digits, before the next one: `c0008-`, `c0008.5-`, `c0008~02-`,
/// `c0009-`. (Right after `c0008-` would need a name that starts with `c0008-`, which that
/// prefix would then begin.)
///
/// Decimals sort byte by byte (`8.25` before `8.5`), which is also their numeric order; a
/// reader that sorts naturally may put `8.5` first.
pub(crate) fn chapter_prefix(chapter: Option<&str>, disambiguator: Option<usize>) -> String {
    let mut prefix = match chapter.map(str::trim).filter(|c| !c.is_empty()) {
        None => String::from("oneshot"),
        Some(text) => match split_number(text) {
            Some((integer, decimals)) => numbered(integer, decimals),
            None => named(text),
        },
    };
    if let Some(rank) = disambiguator {
        prefix.push('~');
        push_padded(&mut prefix, &rank.to_string(), DISAMBIGUATOR_WIDTH);
    }
    prefix.push('-');
    prefix
}

/// `8` or `8.5` as its integer and decimal digits; `None` when the text is anything else.
pub(super) fn split_number(text: &str) -> Option<(&str, Option<&str>)> {
    let (integer, decimals) = match text.split_once('.') {
        Some((integer, decimals)) => (integer, Some(decimals)),
        None => (text, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    (digits(integer) && decimals.is_none_or(digits)).then_some((integer, decimals))
}

/// `c`, the padded integer part, then `.` and the decimals as they are.
fn numbered(integer: &str, decimals: Option<&str>) -> String {
    let mut prefix = String::from("c");
    push_padded(&mut prefix, integer, NUMBER_WIDTH);
    if let Some(decimals) = decimals {
        prefix.push('.');
        prefix.push_str(decimals);
    }
    prefix
}

/// Appends `digits` without leading zeros, padded to `width`, or preceded by one `~` per digit
/// beyond it: every value sorts in numeric order.
fn push_padded(out: &mut String, digits: &str, width: usize) {
    let digits = digits.trim_start_matches('0');
    let extra = digits.len().saturating_sub(width);
    out.extend(std::iter::repeat_n('~', extra));
    out.extend(std::iter::repeat_n('0', width.saturating_sub(digits.len())));
    out.push_str(digits);
}

/// `n`, then the text with its ASCII letters and digits kept and every other byte as `%XX`:
/// one text, one prefix, with nothing a file system or a reader could trip on.
fn named(text: &str) -> String {
    let mut prefix = String::from("n");
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() {
            prefix.push(char::from(byte));
        } else {
            prefix.push_str(&format!("%{byte:02X}"));
        }
    }
    prefix
}
