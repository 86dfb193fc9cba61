//! Small self-contained helpers: a deterministic RNG, deterministic UUIDs, RFC 3339
//! formatting, base64url and base64 decoding, percent-decoding.

use uuid::Uuid;

/// SplitMix64: tiny, fast, deterministic; good enough for fake data and fault dice.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// A value in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A value in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// A float in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// The SplitMix64 finaliser, also used as a cheap hash.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a over bytes, then mixed.
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// A deterministic v4-shaped UUID from a seed, a kind tag and an index.
pub(crate) fn det_uuid(seed: u64, kind: &str, index: u64) -> Uuid {
    let a = mix(seed ^ hash_str(kind) ^ mix(index.wrapping_add(1)));
    let b = mix(a ^ 0xA5A5_5A5A_DEAD_BEEF ^ index);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&a.to_be_bytes());
    bytes[8..].copy_from_slice(&b.to_be_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// Lower-case hex of `n` pseudo-random bytes derived from `seed`.
pub(crate) fn hex_from(seed: u64, n_bytes: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(n_bytes * 2);
    while out.len() < n_bytes * 2 {
        let v = rng.next_u64();
        for b in v.to_be_bytes() {
            if out.len() < n_bytes * 2 {
                out.push_str(&format!("{b:02x}"));
            }
        }
    }
    out
}

/// RFC 3339 with an explicit `+00:00` offset, as MangaDex writes timestamps.
pub(crate) fn rfc3339(unix: i64) -> String {
    let Ok(dt) = time::OffsetDateTime::from_unix_timestamp(unix) else {
        return "1970-01-01T00:00:00+00:00".to_owned();
    };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+00:00",
        dt.year(),
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

/// Parses the API's date filter format `YYYY-MM-DDTHH:MM:SS` (UTC) into UNIX seconds.
pub(crate) fn parse_date_filter(s: &str) -> Option<i64> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let dt = time::PrimitiveDateTime::parse(s, &fmt).ok()?;
    Some(dt.assume_utc().unix_timestamp())
}

/// Percent-decodes a query or form component (`+` is a space). Invalid escapes are kept
/// verbatim; invalid UTF-8 is replaced, so this never fails.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex_val(bytes[i + 1]), hex_val(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Parses `a=b&c=d` into decoded pairs, keeping order and repeats.
pub(crate) fn parse_pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(p), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_is_total() {
        assert_eq!(percent_decode("a%20b+c"), "a b c");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
        assert_eq!(percent_decode("includes%5B%5D"), "includes[]");
    }

    #[test]
    fn rfc3339_has_explicit_offset() {
        assert_eq!(rfc3339(1_621_876_356), "2021-05-24T17:12:36+00:00");
        assert_eq!(
            parse_date_filter("2021-05-24T17:12:36"),
            Some(1_621_876_356)
        );
    }

    #[test]
    fn det_uuid_is_stable_and_v4() {
        let a = det_uuid(1, "manga", 0);
        assert_eq!(a, det_uuid(1, "manga", 0));
        assert_ne!(a, det_uuid(2, "manga", 0));
        assert_eq!(a.get_version_num(), 4);
    }
}
