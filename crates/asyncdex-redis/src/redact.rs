//! A Redis URL that may be shown: its password masked.

use std::fmt;

/// What a store shows of its URL: the URL with its password replaced by `***`, and the
/// password itself (as written and percent-decoded, as Redis receives it), kept only to scrub
/// it from error texts.
#[derive(Clone)]
pub(crate) struct RedactedUrl {
    shown: String,
    passwords: Vec<String>,
}

impl RedactedUrl {
    /// Masks the password of `url`. A URL that does not parse is not shown at all (where its
    /// password sits is then unknown).
    pub(crate) fn new(url: &str) -> Self {
        let Ok(mut parsed) = url::Url::parse(url) else {
            return Self {
                shown: "<unparsable URL>".to_owned(),
                passwords: Vec::new(),
            };
        };
        let mut passwords = Vec::new();
        if let Some(written) = parsed.password().filter(|password| !password.is_empty()) {
            let decoded = percent_encoding::percent_decode_str(written).decode_utf8_lossy();
            passwords.push(decoded.into_owned());
            passwords.push(written.to_owned());
            // Only a URL that cannot have a password refuses one; this one has one.
            let _ = parsed.set_password(Some("***"));
        }
        Self {
            shown: parsed.into(),
            passwords,
        }
    }

    /// `text` with every copy of the password masked; `None` when it holds none.
    pub(crate) fn scrub(&self, text: &str) -> Option<String> {
        let mut scrubbed = None::<String>;
        for password in &self.passwords {
            let current = scrubbed.as_deref().unwrap_or(text);
            if current.contains(password.as_str()) {
                scrubbed = Some(current.replace(password.as_str(), "***"));
            }
        }
        scrubbed
    }
}

impl fmt::Display for RedactedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

impl fmt::Debug for RedactedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.shown, f)
    }
}

#[cfg(test)]
mod tests {
    use super::RedactedUrl;

    #[test]
    fn the_password_is_masked_and_the_rest_kept() {
        let url = RedactedUrl::new("rediss://bot:s3cr%2Ft@redis.example:6380/2");
        assert_eq!(url.to_string(), "rediss://bot:***@redis.example:6380/2");
        assert_eq!(
            format!("{url:?}"),
            "\"rediss://bot:***@redis.example:6380/2\""
        );
        assert_eq!(
            url.scrub("ERR s3cr%2Ft or s3cr/t refused").as_deref(),
            Some("ERR *** or *** refused")
        );
        assert_eq!(url.scrub("connection refused"), None);
    }

    #[test]
    fn an_unparsable_url_is_not_shown() {
        let url = RedactedUrl::new("redis://:hunter2@[::1");
        assert!(!url.to_string().contains("hunter2"));
    }
}
