//! Reads the `exp` claim of a JWT without verifying it.
//!
//! The client only needs to know when to refresh; the server verifies the token. A token that
//! is not a JWT, or whose payload is garbage, simply has no known expiry.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long from now until the token's `exp` claim, if it has a readable one.
///
/// `Some(Duration::ZERO)` for a token that has already expired by the wall clock.
pub(crate) fn lifetime(token: &str, now: SystemTime) -> Option<Duration> {
    let exp = exp(token)?;
    let expires = UNIX_EPOCH.checked_add(Duration::from_secs(exp))?;
    Some(expires.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The `exp` claim (seconds since the UNIX epoch).
fn exp(token: &str) -> Option<u64> {
    let mut parts = token.split('.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let json = decode_base64url(payload)?;
    let claims: serde_json::Value = serde_json::from_slice(&json).ok()?;
    let exp = claims.get("exp")?;
    // `exp` is a NumericDate: an integer, though some issuers write a float.
    exp.as_u64().or_else(|| {
        exp.as_f64()
            .filter(|f| f.is_finite() && *f >= 0.0)
            .map(|f| f as u64)
    })
}

/// Decodes unpadded (or padded) base64url; `None` on any invalid character.
fn decode_base64url(input: &str) -> Option<Vec<u8>> {
    let input = input.trim_end_matches('=');
    if input.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(input.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for byte in input.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(data: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in data.chunks(3) {
            let n = chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b))
                << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            }
        }
        out
    }

    #[test]
    fn decodes_base64url_of_every_length() {
        for text in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "{\"exp\":1}",
            "\u{ff}\u{fe}?>",
        ] {
            assert_eq!(
                decode_base64url(&b64(text.as_bytes())).unwrap(),
                text.as_bytes()
            );
        }
        assert_eq!(decode_base64url("_-8").unwrap(), [0xff, 0xef]);
    }

    #[test]
    fn reads_exp() {
        let token = format!(
            "{}.{}.sig",
            b64(b"{\"alg\":\"none\"}"),
            b64(b"{\"sub\":\"x\",\"exp\":1000}")
        );
        let now = UNIX_EPOCH + Duration::from_secs(400);
        assert_eq!(lifetime(&token, now), Some(Duration::from_secs(600)));
        let later = UNIX_EPOCH + Duration::from_secs(2000);
        assert_eq!(lifetime(&token, later), Some(Duration::ZERO));
    }

    #[test]
    fn garbage_has_no_exp() {
        let now = SystemTime::now();
        for token in [
            "",
            "not-a-jwt",
            "a.b",
            "a.b.c.d",
            "x.!!!.y",
            "x.a.y",
            &format!("x.{}.y", b64(b"not json")),
            &format!("x.{}.y", b64(b"{\"exp\":\"soon\"}")),
            &format!("x.{}.y", b64(b"{\"exp\":-5}")),
            &format!("x.{}.y", b64(b"{\"iat\":5}")),
        ] {
            assert_eq!(lifetime(token, now), None, "{token}");
        }
    }
}
