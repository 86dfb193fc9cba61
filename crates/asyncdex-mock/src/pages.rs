//! Image bytes: chapter pages (PNG for `data`, JPEG for `dataSaver`) and covers (JPEG), and
//! the page file names, which carry the SHA-256 of the page's bytes as on MangaDex
//! (`x{n}-{64 hex}.png`), so clients can check what they downloaded.

use sha2::{Digest, Sha256};

use crate::util::{Rng, hash_str};

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

/// A grey page `w` x `h`, different for every `key`: a light gradient, a dark frame, a row of
/// `marks` dark squares near the top (the page number, so pages can be told apart by eye),
/// and `noise` bits of grain per pixel, which set how well the page compresses.
fn pixels(key: u64, w: usize, h: usize, marks: u32, noise: u32) -> Vec<u8> {
    let mut rng = Rng::new(key);
    let mut grain = 0u64;
    let mut out = Vec::with_capacity(w * h);
    let square = (w / 20).max(2);
    for y in 0..h {
        for x in 0..w {
            if (x + y * w).is_multiple_of(8) {
                grain = rng.next_u64();
            }
            let g = (grain & ((1 << noise) - 1)) as u8;
            grain >>= 8;
            let frame = x < 3 || y < 3 || x + 3 >= w || y + 3 >= h;
            let row = (x / square) as u32;
            let mark =
                y >= square && y < 2 * square && x % square != 0 && row % 2 == 1 && row / 2 < marks;
            let base = if frame || mark {
                24
            } else {
                (235 - (y * 50 / h)) as u8
            };
            out.push(base.saturating_sub(g));
        }
    }
    out
}

/// A grey PNG of `w` x `h`, its pixels in stored (uncompressed) deflate blocks: the cheapest
/// valid encoding, and its size follows from the dimensions.
fn png(pixels: &[u8], w: usize, h: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(pixels.len());
    let mut enc = png::Encoder::new(&mut out, w as u32, h as u32);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::NoCompression);
    let written = enc
        .write_header()
        .and_then(|mut writer| writer.write_image_data(pixels));
    if let Err(e) = written {
        panic!("asyncdex-mock: cannot encode a page as PNG: {e}");
    }
    out
}

/// A grey baseline JPEG of `w` x `h`.
fn jpeg(pixels: &[u8], w: usize, h: usize, quality: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(pixels.len() / 4);
    let enc = jpeg_encoder::Encoder::new(&mut out, quality);
    if let Err(e) = enc.encode(pixels, w as u16, h as u16, jpeg_encoder::ColorType::Luma) {
        panic!("asyncdex-mock: cannot encode an image as JPEG: {e}");
    }
    out
}

/// Page `n` of the chapter with at-home hash `hash`: a real grey PNG (data, about 20 to 60
/// KB) or JPEG (data-saver, a few KB), portrait, its size and grain drawn from the chapter,
/// page and rendition. The bytes depend on nothing else, so the file name can carry their
/// hash without a circle.
pub(crate) fn page_bytes(hash: &str, n: u32, quality: Quality) -> Vec<u8> {
    let key = hash_str(&format!("{hash}/{n}/{}", quality.ext()));
    match quality {
        Quality::Data => {
            let w = 120 + (key % 64) as usize;
            let h = w * 3 / 2;
            png(&pixels(key, w, h, n, 5), w, h)
        }
        Quality::DataSaver => {
            let w = 110 + (key % 32) as usize;
            let h = w * 3 / 2;
            jpeg(&pixels(key, w, h, n, 6), w, h, 70)
        }
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

/// A real grey JPEG for a cover rendition; `key` names the cover (manga and file). The
/// thumbnails are 512 and 256 pixels wide, as on MangaDex, and smaller pictures of the same
/// kind (not scaled copies).
pub(crate) fn cover_bytes(key: &str, size: CoverSize) -> Vec<u8> {
    let h = hash_str(&format!("{key}/{size:?}"));
    let (w, noise, quality) = match size {
        CoverSize::Original => (560 + (h % 64) as usize, 4, 75),
        CoverSize::Thumb512 => (512, 3, 70),
        CoverSize::Thumb256 => (256, 3, 70),
    };
    let height = w * 3 / 2;
    jpeg(&pixels(h, w, height, 0, noise), w, height, quality)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_stay_in_mangadex_ranges() {
        for n in 1..=6 {
            let png = page_bytes("abc", n, Quality::Data).len();
            let jpeg = page_bytes("abc", n, Quality::DataSaver).len();
            assert!((20_000..=60_000).contains(&png), "page {n}: png {png}");
            assert!((4_000..=12_000).contains(&jpeg), "page {n}: jpeg {jpeg}");
        }
        for (size, range) in [
            (CoverSize::Original, 40_000..=80_000),
            (CoverSize::Thumb512, 12_000..=18_000),
            (CoverSize::Thumb256, 4_000..=7_000),
        ] {
            let len = cover_bytes("m/f.jpg", size).len();
            assert!(range.contains(&len), "{size:?}: {len}");
        }
    }

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
