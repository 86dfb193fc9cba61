//! Reads the `exp` claim of a JWT without verifying it.
//!
//! The client only needs to know when to refresh; the server verifies the token. A token that
//! is not a JWT, or whose payload is garbage, simply has no known expiry.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD_INDIFFERENT;

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
    // base64url, padded or not (RFC 7515 section 2 says unpadded; some issuers pad).
    let json = URL_SAFE_NO_PAD_INDIFFERENT.decode(payload).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&json).ok()?;
    let exp = claims.get("exp")?;
    // `exp` is a NumericDate: an integer, though some issuers write a float.
    exp.as_u64().or_else(|| {
        exp.as_f64()
            .filter(|f| f.is_finite() && *f >= 0.0)
            .map(|f| f as u64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(data: &[u8]) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data)
    }

    #[test]
    fn a_padded_payload_is_read_too() {
        let padded = base64::engine::general_purpose::URL_SAFE.encode(b"{\"exp\": 1000}");
        assert!(padded.ends_with('='));
        let token = format!("x.{padded}.y");
        let now = UNIX_EPOCH + Duration::from_secs(400);
        assert_eq!(lifetime(&token, now), Some(Duration::from_secs(600)));
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
