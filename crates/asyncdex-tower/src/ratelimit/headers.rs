//! Reading the server's rate-limit headers, defensively.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::header::{DATE, RETRY_AFTER};
use http::{HeaderMap, HeaderName};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc2822;

// Header names, like `http::header`'s: a `HeaderMap` looks a `HeaderName` up directly, where a
// `&str` is parsed and checked again on every lookup (every response, for the last one).

/// `X-RateLimit-Limit`: requests allowed in the window.
pub const X_RATELIMIT_LIMIT: HeaderName = HeaderName::from_static("x-ratelimit-limit");
/// `X-RateLimit-Remaining`: requests left in the current window.
pub const X_RATELIMIT_REMAINING: HeaderName = HeaderName::from_static("x-ratelimit-remaining");
/// `X-RateLimit-Retry-After`: the END of the current window, as UNIX seconds (absolute).
pub const X_RATELIMIT_RETRY_AFTER: HeaderName = HeaderName::from_static("x-ratelimit-retry-after");

/// The longest wait a server's header may impose before it is clamped: the longest MangaDex
/// window (an hour) plus slack for clock skew. The limiter, the retry layer and the facade's
/// error all read server hints with this cap.
pub const MAX_SERVER_WAIT: Duration = Duration::from_secs(65 * 60);

/// The rate-limit headers of one response, validated.
///
/// Absolute times are turned into waits relative to the response: against the response's own
/// `Date` header when it has one (so the two clocks never need to agree), else against this
/// machine's clock. Waits in the past become zero; waits longer than the cap are clamped to it.
/// Values that do not parse are ignored (with a `debug` trace event), never an error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RatelimitHeaders {
    limit: Option<u32>,
    remaining: Option<u32>,
    window_end: Option<Duration>,
    retry_after: Option<Duration>,
}

impl RatelimitHeaders {
    /// Reads the headers; any wait is clamped to `max_wait`.
    pub fn parse(headers: &HeaderMap, max_wait: Duration) -> Self {
        let mut parsed = Self::default();
        if headers.is_empty() {
            return parsed;
        }
        parsed.limit =
            header_str(headers, &X_RATELIMIT_LIMIT).and_then(|value| match value.parse::<u32>() {
                Ok(limit) if limit > 0 => Some(limit),
                _ => malformed(&X_RATELIMIT_LIMIT, value),
            });
        parsed.remaining = header_str(headers, &X_RATELIMIT_REMAINING).and_then(|value| {
            match value.parse::<i64>() {
                // A negative count means "over": nothing remains.
                Ok(remaining) => Some(u32::try_from(remaining.max(0)).unwrap_or(u32::MAX)),
                Err(_) => malformed(&X_RATELIMIT_REMAINING, value),
            }
        });
        let server_now = header_str(headers, &DATE).and_then(parse_http_date);
        parsed.window_end = header_str(headers, &X_RATELIMIT_RETRY_AFTER).and_then(|value| {
            match parse_number(value) {
                Some(unix) => Some(wait_until(unix, server_now, max_wait)),
                None => malformed(&X_RATELIMIT_RETRY_AFTER, value),
            }
        });
        parsed.retry_after = header_str(headers, &RETRY_AFTER).and_then(|value| {
            // A negative delay is no delay the standard knows: malformed, so the 429 is taken
            // as one without a hint (a pause of one window), never as "resend now".
            if let Some(seconds) = parse_number(value).filter(|seconds| *seconds >= 0.0) {
                Some(clamp(seconds, max_wait))
            } else if let Some(date) = parse_http_date(value) {
                Some(wait_until(date, server_now, max_wait))
            } else {
                malformed(&RETRY_AFTER, value)
            }
        });
        parsed
    }

    /// `X-RateLimit-Limit`, when present and a positive integer.
    pub fn limit(&self) -> Option<u32> {
        self.limit
    }

    /// `X-RateLimit-Remaining`, when present (negative values read as zero).
    pub fn remaining(&self) -> Option<u32> {
        self.remaining
    }

    /// How long until the current window ends (`X-RateLimit-Retry-After`), when present.
    pub fn window_end(&self) -> Option<Duration> {
        self.window_end
    }

    /// The standard `Retry-After` wait (seconds or an HTTP date), when present.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// How long to wait before sending the request again: the longer of `Retry-After` and
    /// the window's end (a response may carry both, and only the longer honours both).
    pub fn resend_after(&self) -> Option<Duration> {
        self.retry_after.max(self.window_end)
    }
}

fn header_str<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Option<&'a str> {
    let value = headers.get(name)?;
    match value.to_str() {
        Ok(text) => Some(text.trim()),
        Err(_) => malformed(name, "<not visible ASCII>"),
    }
}

fn malformed<T>(name: &HeaderName, value: &str) -> Option<T> {
    tracing::debug!(
        target: "asyncdex_tower::ratelimit",
        header = name.as_str(),
        value = value.get(..64).unwrap_or(value),
        "ignoring malformed rate-limit header"
    );
    None
}

/// A finite, non-NaN number of seconds (integers and decimals both occur in the wild).
fn parse_number(value: &str) -> Option<f64> {
    let number = value.parse::<f64>().ok()?;
    number.is_finite().then_some(number)
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) as UNIX seconds.
fn parse_http_date(value: &str) -> Option<f64> {
    let date = OffsetDateTime::parse(value, &Rfc2822).ok()?;
    Some(date.unix_timestamp() as f64)
}

fn wait_until(unix: f64, server_now: Option<f64>, max_wait: Duration) -> Duration {
    let now = server_now.unwrap_or_else(|| match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => since.as_secs_f64(),
        Err(_) => 0.0,
    });
    clamp(unix - now, max_wait)
}

fn clamp(seconds: f64, max_wait: Duration) -> Duration {
    if seconds <= 0.0 {
        return Duration::ZERO;
    }
    if seconds >= max_wait.as_secs_f64() {
        tracing::debug!(
            target: "asyncdex_tower::ratelimit",
            seconds,
            cap = max_wait.as_secs(),
            "clamping an absurd rate-limit wait"
        );
        return max_wait;
    }
    Duration::from_secs_f64(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    const CAP: Duration = MAX_SERVER_WAIT;

    fn parse(pairs: &[(&str, &str)]) -> RatelimitHeaders {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        RatelimitHeaders::parse(&map, CAP)
    }

    #[test]
    fn window_end_is_relative_to_the_server_date() {
        let parsed = parse(&[
            ("x-ratelimit-retry-after", "1700000030"),
            ("date", "Tue, 14 Nov 2023 22:13:20 GMT"), // 1700000000
        ]);
        assert_eq!(parsed.window_end(), Some(Duration::from_secs(30)));
    }

    #[test]
    fn a_resend_waits_for_the_longer_hint() {
        let date = ("date", "Tue, 14 Nov 2023 22:13:20 GMT"); // 1700000000
        let window = ("x-ratelimit-retry-after", "1700000030");
        let resend = |retry_after| parse(&[("retry-after", retry_after), window, date]);
        assert_eq!(resend("5").resend_after(), Some(Duration::from_secs(30)));
        assert_eq!(resend("50").resend_after(), Some(Duration::from_secs(50)));
        assert_eq!(
            parse(&[("retry-after", "7")]).resend_after(),
            Some(Duration::from_secs(7))
        );
        assert_eq!(parse(&[date]).resend_after(), None);
    }

    #[test]
    fn window_end_in_the_past_is_zero() {
        let parsed = parse(&[("x-ratelimit-retry-after", "1000")]);
        assert_eq!(parsed.window_end(), Some(Duration::ZERO));
        let parsed = parse(&[("x-ratelimit-retry-after", "-5")]);
        assert_eq!(parsed.window_end(), Some(Duration::ZERO));
    }

    #[test]
    fn absurd_waits_are_clamped() {
        let parsed = parse(&[
            ("x-ratelimit-retry-after", "99999999999999"),
            ("retry-after", "1e300"),
        ]);
        assert_eq!(parsed.window_end(), Some(CAP));
        assert_eq!(parsed.retry_after(), Some(CAP));
    }

    #[test]
    fn a_negative_retry_after_is_malformed() {
        assert_eq!(parse(&[("retry-after", "-5")]).retry_after(), None);
        assert_eq!(parse(&[("retry-after", "-0.5")]).retry_after(), None);
        assert_eq!(
            parse(&[("retry-after", "0")]).retry_after(),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn retry_after_seconds_and_date() {
        assert_eq!(
            parse(&[("retry-after", "7")]).retry_after(),
            Some(Duration::from_secs(7))
        );
        let parsed = parse(&[
            ("retry-after", "Tue, 14 Nov 2023 22:13:30 GMT"),
            ("date", "Tue, 14 Nov 2023 22:13:20 GMT"),
        ]);
        assert_eq!(parsed.retry_after(), Some(Duration::from_secs(10)));
    }

    #[test]
    fn malformed_values_are_ignored() {
        let parsed = parse(&[
            ("x-ratelimit-limit", "lots"),
            ("x-ratelimit-remaining", "1.5"),
            ("x-ratelimit-retry-after", "NaN"),
            ("retry-after", "soon"),
        ]);
        assert_eq!(parsed, RatelimitHeaders::default());
        assert_eq!(parse(&[("x-ratelimit-limit", "0")]).limit(), None);
        assert_eq!(parse(&[("x-ratelimit-limit", "-3")]).limit(), None);
    }

    #[test]
    fn negative_remaining_is_zero() {
        assert_eq!(
            parse(&[("x-ratelimit-remaining", "-2")]).remaining(),
            Some(0)
        );
        assert_eq!(
            parse(&[("x-ratelimit-remaining", " 12 ")]).remaining(),
            Some(12)
        );
    }

    #[test]
    fn non_ascii_value_is_ignored() {
        let mut map = HeaderMap::new();
        map.insert(
            "x-ratelimit-limit",
            HeaderValue::from_bytes(b"\xff\xfe").unwrap(),
        );
        assert_eq!(RatelimitHeaders::parse(&map, CAP).limit(), None);
    }
}
