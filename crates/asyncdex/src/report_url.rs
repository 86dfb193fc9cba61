//! The MD@Home report URL: its default and its check, used by the client builder (always)
//! and by downloads (with the `download` feature).

use crate::error::Result;

/// Where MD@Home reports go unless [`ClientBuilder::report_url`](crate::ClientBuilder::report_url)
/// says otherwise.
pub const DEFAULT_REPORT_URL: &str = "https://api.mangadex.network/report";

/// Checks a URL for MD@Home reports: absolute, `https://` (plain `http://` only on this
/// machine, for a test server), without a user name or password. A relative one would be
/// posted to the API itself.
///
/// # Errors
///
/// [`Error::is_invalid_input`](crate::Error::is_invalid_input) saying what is wrong (the URL
/// quoted short, without credentials).
pub fn check_report_url(url: &str) -> Result<()> {
    crate::builder::secure_base(url, "report URL").map(drop)
}
