//! Percent-encoding, in one place: query strings the way MangaDex reads them (arrays as
//! repeated `key[]=value`, orderings as `order[field]=direction`, everything else
//! percent-encoded) and path segments (the same rule as values).
//!
//! Everything is written straight into the request target: no string per pair.

use std::fmt::{self, Write as _};

/// Appends `key=value`, percent-encoding both (brackets in keys stay as they are: they are the
/// API's array and deep-object syntax). With `array`, the key gets a `[]` unless it has one.
pub(crate) fn push_pair(out: &mut String, key: &str, array: bool, value: &dyn fmt::Display) {
    encode_into(out, key, true);
    if array && !key.ends_with("[]") {
        out.push_str("[]");
    }
    out.push('=');
    push_encoded(out, value);
}

/// Appends `order[field]=direction`.
pub(crate) fn push_order(out: &mut String, field: &str, direction: &dyn fmt::Display) {
    out.push_str("order[");
    encode_into(out, field, false);
    out.push_str("]=");
    push_encoded(out, direction);
}

/// A path segment, percent-encoded with the same rule as query values (ids and enum values
/// pass unchanged).
pub(crate) fn segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    encode_into(&mut out, value, false);
    out
}

/// Appends `value`'s text, percent-encoded, without formatting it into a string first.
fn push_encoded(out: &mut String, value: &dyn fmt::Display) {
    // Writing into a `String` cannot fail; a `Display` impl that reports an error anyway
    // has already written what it had.
    let _ = write!(Encoder(out), "{value}");
}

/// A `fmt::Write` that percent-encodes what is written through it.
struct Encoder<'a>(&'a mut String);

impl fmt::Write for Encoder<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        encode_into(self.0, text, false);
        Ok(())
    }
}

fn encode_into(out: &mut String, text: &str, is_key: bool) {
    let keep = if is_key { KEY_BYTES } else { VALUE_BYTES };
    let mut run_start = 0;
    for (index, &byte) in text.as_bytes().iter().enumerate() {
        if keep[usize::from(byte)] {
            continue;
        }
        // A non-empty run holds kept bytes only, all ASCII, and the byte after it is ASCII
        // or starts a character: both ends are character boundaries, so slicing the `str`
        // needs no UTF-8 check and cannot fail.
        if run_start < index {
            out.push_str(&text[run_start..index]);
        }
        out.push('%');
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        run_start = index + 1;
    }
    if run_start < text.len() {
        out.push_str(&text[run_start..]);
    }
}

/// The bytes a value keeps as they are: RFC 3986's unreserved characters.
const VALUE_BYTES: [bool; 256] = unreserved(false);
/// The bytes a key keeps: the unreserved ones, and the brackets of the API's syntax.
const KEY_BYTES: [bool; 256] = unreserved(true);

const fn unreserved(with_brackets: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'~')
            || (with_brackets && matches!(b, b'[' | b']'));
        byte += 1;
    }
    table
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, bool, &str)]) -> String {
        let mut out = String::new();
        for (key, array, value) in pairs {
            if !out.is_empty() {
                out.push('&');
            }
            push_pair(&mut out, key, *array, value);
        }
        out
    }

    #[test]
    fn path_segments_are_encoded_like_values() {
        assert_eq!(segment("a b/c[]"), "a%20b%2Fc%5B%5D");
        assert_eq!(segment("scanlation_group"), "scanlation_group");
        assert_eq!(segment("Sōsō"), "S%C5%8Ds%C5%8D");
    }

    #[test]
    fn values_are_percent_encoded_and_brackets_kept_in_keys() {
        let mut out = query(&[
            ("title", false, "Sōsō no Frieren & co/=?"),
            ("includes", true, "cover_art"),
        ]);
        out.push('&');
        push_order(&mut out, "createdAt", &"desc");
        assert_eq!(
            out,
            "title=S%C5%8Ds%C5%8D%20no%20Frieren%20%26%20co%2F%3D%3F&includes[]=cover_art&order[createdAt]=desc"
        );
        let uri: http::Uri = format!("https://api.mangadex.org/manga?{out}")
            .parse()
            .unwrap();
        assert_eq!(uri.query(), Some(out.as_str()));
    }

    #[test]
    fn array_keys_get_one_pair_of_brackets() {
        assert_eq!(query(&[("ids", true, "a")]), "ids[]=a");
        assert_eq!(query(&[("ids[]", true, "a")]), "ids[]=a");
        assert_eq!(query(&[("ids[]", false, "a")]), "ids[]=a");
    }

    #[test]
    fn multi_byte_text_is_encoded_byte_by_byte() {
        for (text, expected) in [
            ("é", "%C3%A9"),
            ("aé", "a%C3%A9"),
            ("é!", "%C3%A9%21"),
            ("a日b", "a%E6%97%A5b"),
            ("%", "%25"),
            ("a b+c", "a%20b%2Bc"),
        ] {
            let mut out = String::new();
            push_encoded(&mut out, &text);
            assert_eq!(out, expected, "{text}");
        }
    }

    #[test]
    fn display_values_are_encoded_as_written() {
        let mut out = String::new();
        push_pair(&mut out, "limit", false, &100);
        out.push('&');
        push_pair(&mut out, "q", false, &format_args!("{}&{}", "a b", 7));
        assert_eq!(out, "limit=100&q=a%20b%267");
    }
}
