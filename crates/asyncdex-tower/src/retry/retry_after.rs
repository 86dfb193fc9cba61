//! Server hints on when to retry: `Retry-After` and MangaDex's `X-RateLimit-Retry-After`.
//!
//! Both speak wall-clock time (an HTTP date, a UNIX timestamp), so they are converted to a
//! plain delay once, against `SystemTime::now()`, and the layer then sleeps on tokio's clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderMap;
use http::header::RETRY_AFTER;

const X_RATELIMIT_RETRY_AFTER: &str = "x-ratelimit-retry-after";

/// The longest wait the response's headers ask for, if any header is present and valid.
pub(crate) fn server_delay(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, now));
    let ratelimit = headers
        .get(X_RATELIMIT_RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_unix_time(v, now));
    // Both may be present; honouring the longer one is the only way to honour both.
    retry_after.max(ratelimit)
}

/// `Retry-After: <delay-seconds>` or `Retry-After: <IMF-fixdate>` (RFC 9110, section 10.2.3).
/// The obsolete RFC 850 and asctime date forms are not accepted.
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a u64 is still "a very long time".
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = parse_imf_fixdate(value)?;
    Some(until(at, now))
}

/// `X-RateLimit-Retry-After: <UNIX seconds>`, an absolute time. A time in the past (clock
/// skew) means "now".
fn parse_unix_time(value: &str, now: SystemTime) -> Option<Duration> {
    let secs: f64 = value.trim().parse().ok()?;
    if !secs.is_finite() {
        return None;
    }
    let at = if secs <= 0.0 {
        UNIX_EPOCH
    } else {
        UNIX_EPOCH.checked_add(Duration::try_from_secs_f64(secs).ok()?)?
    };
    Some(until(at, now))
}

fn until(at: SystemTime, now: SystemTime) -> Duration {
    at.duration_since(now).unwrap_or(Duration::ZERO)
}

/// `Sun, 06 Nov 1994 08:49:37 GMT`
fn parse_imf_fixdate(value: &str) -> Option<SystemTime> {
    let mut parts = value.split_ascii_whitespace();
    let _weekday = parts.next()?.strip_suffix(',')?;
    let day: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let year: i64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let (h, m, s): (u64, u64, u64) = (
        clock.next()?.parse().ok()?,
        clock.next()?.parse().ok()?,
        clock.next()?.parse().ok()?,
    );
    if parts.next()? != "GMT" || parts.next().is_some() || clock.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
    if !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let secs = u64::try_from(days).ok()? * 86_400 + h * 3600 + m * 60 + s;
    UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn retry_after_seconds() {
        let now = at(1_000);
        let d = server_delay(&headers(&[("retry-after", " 7 ")]), now);
        assert_eq!(d, Some(Duration::from_secs(7)));
        let d = server_delay(&headers(&[("retry-after", "99999999999999999999999")]), now);
        assert_eq!(d, Some(Duration::from_secs(u64::MAX)));
        assert_eq!(server_delay(&headers(&[("retry-after", "-3")]), now), None);
        assert_eq!(
            server_delay(&headers(&[("retry-after", "soon")]), now),
            None
        );
        assert_eq!(server_delay(&HeaderMap::new(), now), None);
    }

    #[test]
    fn retry_after_http_date() {
        // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT (the RFC's example).
        let value = "Sun, 06 Nov 1994 08:49:37 GMT";
        assert_eq!(parse_imf_fixdate(value), Some(at(784_111_777)));
        let d = server_delay(&headers(&[("retry-after", value)]), at(784_111_767));
        assert_eq!(d, Some(Duration::from_secs(10)));
        // A date in the past means now.
        let d = server_delay(&headers(&[("retry-after", value)]), at(784_111_800));
        assert_eq!(d, Some(Duration::ZERO));
        // Leap day, and a date after 2038.
        assert_eq!(
            parse_imf_fixdate("Thu, 29 Feb 2024 00:00:00 GMT"),
            Some(at(1_709_164_800))
        );
        assert_eq!(
            parse_imf_fixdate("Fri, 01 Jan 2100 12:00:00 GMT"),
            Some(at(4_102_488_000))
        );
        for bad in [
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_imf_fixdate(bad), None, "{bad}");
        }
    }

    #[test]
    fn x_ratelimit_retry_after_is_absolute() {
        let now = at(1_700_000_000);
        let h = headers(&[("x-ratelimit-retry-after", "1700000042")]);
        assert_eq!(server_delay(&h, now), Some(Duration::from_secs(42)));
        // In the past, or negative: retry now.
        let h = headers(&[("x-ratelimit-retry-after", "1699999990")]);
        assert_eq!(server_delay(&h, now), Some(Duration::ZERO));
        let h = headers(&[("x-ratelimit-retry-after", "-5")]);
        assert_eq!(server_delay(&h, now), Some(Duration::ZERO));
        let h = headers(&[("x-ratelimit-retry-after", "NaN")]);
        assert_eq!(server_delay(&h, now), None);
    }

    #[test]
    fn the_longer_hint_wins() {
        let now = at(1_700_000_000);
        let h = headers(&[
            ("retry-after", "5"),
            ("x-ratelimit-retry-after", "1700000030"),
        ]);
        assert_eq!(server_delay(&h, now), Some(Duration::from_secs(30)));
        let h = headers(&[
            ("retry-after", "50"),
            ("x-ratelimit-retry-after", "1700000030"),
        ]);
        assert_eq!(server_delay(&h, now), Some(Duration::from_secs(50)));
    }
}
