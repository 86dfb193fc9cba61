//! The MD@Home report URL: its default and its check, used by the client builder (always)
//! and by downloads (with the `download` feature).

use crate::error::{Error, Result};

/// Where MD@Home reports go unless [`ClientBuilder::report_url`](crate::ClientBuilder::report_url)
/// says otherwise.
pub const DEFAULT_REPORT_URL: &str = "https://api.mangadex.network/report";

/// Checks a URL for MD@Home reports: absolute, `https://` (plain `http://` only on this
/// machine, for a test server), without a user name or password. A relative one would be
/// posted to the API itself.
///
/// # Errors
///
/// [`Error::is_invalid_input`] saying what is wrong (the URL quoted short, without credentials).
pub fn check_report_url(url: &str) -> Result<()> {
    let shown = crate::builder::redact(url);
    let uri: http::Uri = url
        .parse()
        .map_err(|_| Error::invalid(format!("the report URL is not a URL: {shown:?}")))?;
    let (Some(_), Some(authority)) = (uri.scheme(), uri.authority()) else {
        return Err(Error::invalid(format!(
            "the report URL must be absolute (https://host/path): {shown:?}"
        )));
    };
    if authority.as_str().contains('@') {
        return Err(Error::invalid(format!(
            "the report URL must not hold a user name or password: {shown:?}"
        )));
    }
    match uri.scheme_str() {
        Some("https") => Ok(()),
        Some("http") if crate::builder::is_loopback(&uri) => Ok(()),
        _ => Err(Error::invalid(format!(
            "the report URL must be https:// (plain http only for a loopback test server): {shown:?}"
        ))),
    }
}
