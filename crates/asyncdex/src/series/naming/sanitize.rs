//! [`sanitize_component`]: a file or folder name valid on Windows, macOS and Linux.

use super::reserved::reserved_stem;

/// The longest component [`sanitize_component`] returns, in bytes: file systems allow 255,
/// and this leaves room for an extension, a ` (2)` suffix and a `.part` while downloading.
pub(super) const MAX_COMPONENT_BYTES: usize = 180;

/// Makes `raw` a file or folder name valid on Windows, macOS and Linux.
///
/// In order:
///
/// - the characters Windows forbids, `< > : " / \ | ? *`, become their full-width look-alikes
///   `＜ ＞ ： ＂ ／ ＼ ｜ ？ ＊` (so `Re:Zero` stays readable as `Re：Zero`);
/// - bidirectional overrides and isolates (U+202A to U+202E, U+2066 to U+2069) are removed:
///   they can make a name display differently from what it is;
/// - every run of whitespace becomes one space; other control characters (C0, DEL, C1)
///   become `_`;
/// - leading spaces and trailing spaces and dots are trimmed (Windows drops trailing ones);
/// - leading dots become `．`, so the name is not hidden on macOS and Linux;
/// - a name Windows reserves (`CON`, `PRN`, `AUX`, `NUL`, `COM0`-`COM9`, `LPT0`-`LPT9`, also
///   with superscript digits, `CONIN$`, `CONOUT$`; in any case, with any extension) gets `_`
///   after its stem: `com1.cbz` becomes `com1_.cbz`;
/// - the name is cut to at most 180 bytes at a character boundary, leaving room for an
///   extension, a ` (2)` and a `.part`, then trimmed again;
/// - an empty result, `.` and `..` become `_`.
pub fn sanitize_component(raw: &str) -> String {
    let name = finish(replace_chars(raw));
    if name.len() <= MAX_COMPONENT_BYTES {
        return name;
    }
    let mut end = MAX_COMPONENT_BYTES;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    finish(name[..end].to_owned())
}

/// Replaces forbidden characters, removes bidi controls and collapses whitespace.
fn replace_chars(raw: &str) -> String {
    let mut name = String::with_capacity(raw.len());
    for c in raw.chars() {
        let replacement = match c {
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => continue,
            c if c.is_whitespace() => ' ',
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => full_width(c),
            c if c.is_control() => '_',
            c => c,
        };
        // Checked on the output, so a removed bidi control between spaces leaves one space.
        if replacement == ' ' && name.ends_with(' ') {
            continue;
        }
        name.push(replacement);
    }
    name
}

/// The full-width form of an ASCII character: the same glyph, allowed in file names.
fn full_width(c: char) -> char {
    char::from_u32(u32::from(c) - 0x21 + 0xFF01).unwrap_or('_')
}

/// Trims, unhides, defuses reserved names and fills an empty name.
fn finish(name: String) -> String {
    let trimmed = name.trim_start_matches(' ').trim_end_matches([' ', '.']);
    if trimmed.is_empty() {
        return "_".to_owned();
    }
    let dots = trimmed.len() - trimmed.trim_start_matches('.').len();
    let mut name = "．".repeat(dots) + &trimmed[dots..];
    let stem = reserved_stem(&name).map(str::len);
    if let Some(stem) = stem {
        name.insert(stem, '_');
    }
    name
}
