//! Image bytes: chapter pages (PNG for `data`, JPEG for `dataSaver`) and covers (JPEG), and
//! the page file names, which carry the SHA-256 of the page's bytes as on MangaDex
//! (`x{n}-{64 hex}.png`), so clients can check what they downloaded.

use sha2::{Digest, Sha256};

use crate::util::{Rng, crc32, hash_str};

/// Which rendition of a page: the `data` (original) or the `dataSaver` image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quality {
    /// Original quality: PNG, `/data/...`.
    Data,
    /// Data saver: smaller JPEG, `/data-saver/...`.
    DataSaver,
}

impl Quality {
    /// The file extension of this rendition's pages.
    pub(crate) fn ext(self) -> &'static str {
        match self {
            Self::Data => "png",
            Self::DataSaver => "jpg",
        }
    }

    /// The `Content-Type` the image node sends.
    pub(crate) fn content_type(self) -> &'static str {
        match self {
            Self::Data => "image/png",
            Self::DataSaver => "image/jpeg",
        }
    }
}

/// `len` pseudo-random bytes from `key`: the payload of a fake image.
fn payload(key: u64, len: usize) -> Vec<u8> {
    let mut rng = Rng::new(key);
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        out.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Page `n` of the chapter with at-home hash `hash`: a real PNG (data) or JPEG (data-saver)
/// container around a pseudo-random payload. The bytes depend on nothing else, so the file
/// name can carry their hash without a circle.
pub(crate) fn page_bytes(hash: &str, n: u32, quality: Quality) -> Vec<u8> {
    let key = hash_str(&format!("{hash}/{n}/{}", quality.ext()));
    match quality {
        Quality::Data => png(&payload(key, 20_000 + (key % 40_000) as usize)),
        Quality::DataSaver => jpeg(&payload(key, 4_000 + (key % 8_000) as usize)),
    }
}

/// Lower-case hex of the SHA-256 of `bytes`.
fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut out, b| {
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
            out
        })
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// The file name of page `n` with these bytes: `x{n}-{sha256 of the bytes}.{png|jpg}`.
pub(crate) fn page_name(n: u32, bytes: &[u8], quality: Quality) -> String {
    format!("x{n}-{}.{}", sha256_hex(bytes), quality.ext())
}

/// The page number of a well-formed page name for `quality` (`x{n}-{64 hex}.{ext}`); whether
/// the hash is the right one is for the caller to check against the bytes.
pub(crate) fn page_number(file: &str, quality: Quality) -> Option<u32> {
    let stem = file.strip_suffix(quality.ext())?.strip_suffix('.')?;
    let (n, digest) = stem.strip_prefix('x')?.split_once('-')?;
    let well_formed = digest.len() == 64 && digest.bytes().all(|b| HEX.contains(&b));
    if !well_formed || n.starts_with('0') {
        return None;
    }
    n.parse().ok()
}

/// A rendition of a cover on the uploads host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CoverSize {
    /// The uploaded file, `{file}`.
    Original,
    /// The thumbnail 512 pixels wide, `{file}.512.jpg`.
    Thumb512,
    /// The thumbnail 256 pixels wide, `{file}.256.jpg`.
    Thumb256,
}

/// Deterministic JPEG bytes for a cover rendition; `key` names the cover (manga and file).
pub(crate) fn cover_bytes(key: &str, size: CoverSize) -> Vec<u8> {
    let h = hash_str(&format!("{key}/{size:?}"));
    let len = match size {
        CoverSize::Original => 40_000 + h % 40_000,
        CoverSize::Thumb512 => 12_000 + h % 6_000,
        CoverSize::Thumb256 => 4_000 + h % 3_000,
    };
    jpeg(&payload(h, len as usize))
}

/// A JPEG container (SOI, JFIF APP0, comment segments holding `payload`, EOI).
fn jpeg(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 64);
    out.extend_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]);
    out.extend_from_slice(b"JFIF\0");
    out.extend_from_slice(&[0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
    for chunk in payload.chunks(60_000) {
        out.extend_from_slice(&[0xFF, 0xFE]);
        out.extend_from_slice(&((chunk.len() + 2) as u16).to_be_bytes());
        out.extend_from_slice(chunk);
    }
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// A PNG container (signature, an 800x1200 IHDR, a private `mdPg` chunk holding `payload`,
/// IEND), with correct CRCs.
fn png(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 64);
    out.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    let mut chunk = |kind: &[u8; 4], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc32(&[kind, data]).to_be_bytes());
    };
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&800u32.to_be_bytes());
    ihdr.extend_from_slice(&1200u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"mdPg", payload);
    chunk(b"IEND", &[]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_matches_a_known_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn names_carry_the_hash_of_the_bytes() {
        let bytes = page_bytes("abc", 3, Quality::Data);
        let name = page_name(3, &bytes, Quality::Data);
        assert_eq!(name, format!("x3-{}.png", sha256_hex(&bytes)));
        assert_eq!(page_number(&name, Quality::Data), Some(3));
        assert_eq!(page_number(&name, Quality::DataSaver), None);
        assert_ne!(bytes, page_bytes("abc", 3, Quality::DataSaver));
        assert_ne!(bytes, page_bytes("abc", 4, Quality::Data));
        assert_ne!(bytes, page_bytes("abd", 3, Quality::Data));
    }

    #[test]
    fn malformed_names_have_no_number() {
        let h = "0".repeat(64);
        assert_eq!(
            page_number(&format!("x12-{h}.jpg"), Quality::DataSaver),
            Some(12)
        );
        for bad in [
            format!("x012-{h}.jpg"),
            format!("y1-{h}.jpg"),
            format!("x1-{}.jpg", &h[1..]),
            format!("x1-{}.jpg", "G".repeat(64)),
            format!("x1-{}.jpg", "A".repeat(64)),
            format!("x-{h}.jpg"),
            format!("x1-{h}jpg"),
            "x999-nope.jpg".to_owned(),
        ] {
            assert_eq!(page_number(&bad, Quality::DataSaver), None, "{bad}");
        }
    }
}
