//! Is a page whole? The one check a page passes before it counts as done, when fetched and
//! again when a later run finds it on disk.
//!
//! MangaDex names page files `x1-<SHA-256 of the image>.png`: when the name carries a hash,
//! the bytes must have it. Otherwise the bytes must be an image from its signature to its
//! trailer (PNG `IEND`, JPEG `FFD9`, GIF `;`, WebP's RIFF length), so a body cut short by a
//! dropped connection or an HTML error page served with `200 OK` is never taken for a page.

use std::fmt;

use sha2::{Digest, Sha256};

/// Why bytes are not the page they should be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Damaged {
    /// The SHA-256 of the bytes is not the one in the file name.
    Hash { expected: String, got: String },
    /// No known image signature, or the image is cut short.
    NotAnImage(&'static str),
    /// The node said the body is not an image (an error page served with `200 OK`).
    ContentType(String),
}

impl fmt::Display for Damaged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Hash { expected, got } => write!(
                f,
                "the page's SHA-256 is {}…, its name says {}…: damaged in transit",
                &got[..12],
                &expected[..12]
            ),
            Self::NotAnImage(what) => write!(f, "the page is not a whole image ({what})"),
            Self::ContentType(kind) => {
                let kind: String = kind.chars().take(60).filter(|c| !c.is_control()).collect();
                write!(f, "the node served {kind:?} instead of an image")
            }
        }
    }
}

impl std::error::Error for Damaged {}

/// Checks a page's bytes against its file name on the image node.
pub(crate) fn check_page(file_name: &str, bytes: &[u8]) -> Result<(), Damaged> {
    match name_hash(file_name) {
        Some(expected) => {
            let got = hex(&Sha256::digest(bytes));
            if got.eq_ignore_ascii_case(expected) {
                Ok(())
            } else {
                Err(Damaged::Hash {
                    expected: expected.to_ascii_lowercase(),
                    got,
                })
            }
        }
        None => check_image(bytes).map_err(Damaged::NotAnImage),
    }
}

/// The 64 hex digits after the last `-` of the stem (`x1-<hash>.png`), if there are.
fn name_hash(file_name: &str) -> Option<&str> {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    let (_, hash) = stem.rsplit_once('-')?;
    (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then_some(hash)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// Whether the bytes are a whole PNG, JPEG, GIF or WebP image.
fn check_image(bytes: &[u8]) -> Result<(), &'static str> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    // The IEND chunk: zero length, type, and its fixed CRC.
    const PNG_END: &[u8] = b"\0\0\0\0IEND\xAE\x42\x60\x82";
    if bytes.starts_with(PNG) {
        return bytes
            .ends_with(PNG_END)
            .then_some(())
            .ok_or("PNG without its IEND chunk");
    }
    if bytes.starts_with(b"\xFF\xD8\xFF") {
        // Some encoders pad after the end-of-image marker.
        let tail = &bytes[bytes.len().saturating_sub(32)..];
        return tail
            .windows(2)
            .any(|w| w == b"\xFF\xD9")
            .then_some(())
            .ok_or("JPEG without its end marker");
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return (bytes.last() == Some(&b';'))
            .then_some(())
            .ok_or("GIF without its trailer");
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        let declared = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]);
        let whole = usize::try_from(declared).is_ok_and(|n| n.checked_add(8) == Some(bytes.len()));
        return whole
            .then_some(())
            .ok_or("WebP shorter or longer than its header says");
    }
    Err("no PNG, JPEG, GIF or WebP signature")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png() -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        bytes.extend_from_slice(&[0; 17]);
        bytes.extend_from_slice(b"\0\0\0\0IEND\xAE\x42\x60\x82");
        bytes
    }

    #[test]
    fn a_hash_in_the_name_must_match_the_bytes() {
        let bytes = png();
        let name = format!("x1-{}.png", hex(&Sha256::digest(&bytes)));
        assert_eq!(check_page(&name, &bytes), Ok(()));
        assert_eq!(check_page(&name.to_uppercase(), &bytes), Ok(()));
        let mut flipped = bytes;
        flipped[20] ^= 1;
        let error = check_page(&name, &flipped).unwrap_err();
        assert!(matches!(error, Damaged::Hash { .. }));
        assert!(error.to_string().contains("damaged in transit"), "{error}");
    }

    #[test]
    fn without_a_hash_the_image_must_be_whole() {
        let whole = png();
        assert_eq!(check_page("001.png", &whole), Ok(()));
        assert!(check_page("001.png", &whole[..whole.len() - 3]).is_err());
        assert!(check_page("p.jpg", b"\xFF\xD8\xFF\xE0 data \xFF\xD9").is_ok());
        assert!(check_page("p.jpg", b"\xFF\xD8\xFF\xE0 data cut").is_err());
        assert!(check_page("p.gif", b"GIF89a....;").is_ok());
        assert!(check_page("p.gif", b"GIF89a....").is_err());
        let mut webp = b"RIFF\x08\0\0\0WEBPVP8 ".to_vec();
        assert!(check_page("p.webp", &webp).is_ok());
        webp.push(0);
        assert!(check_page("p.webp", &webp).is_err());
        let html = b"<!DOCTYPE html><html>Bad gateway</html>";
        assert_eq!(
            check_page("x1-short.png", html),
            Err(Damaged::NotAnImage("no PNG, JPEG, GIF or WebP signature"))
        );
        assert!(check_page("x", b"").is_err());
    }

    #[test]
    fn only_64_hex_digits_count_as_a_hash() {
        let hash = "a".repeat(64);
        assert_eq!(name_hash(&format!("x12-{hash}.jpg")), Some(hash.as_str()));
        assert_eq!(name_hash(&format!("x12-{hash}")), Some(hash.as_str()));
        assert_eq!(name_hash(&format!("x12-{}.jpg", "g".repeat(64))), None);
        assert_eq!(name_hash("x12-abc.jpg"), None);
        assert_eq!(name_hash("001.png"), None);
    }
}
