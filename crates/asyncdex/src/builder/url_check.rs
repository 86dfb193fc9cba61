//! Checks of the URLs given to a builder (https, or http on loopback; no `user:password@`),
//! and how a URL is shown in messages.

use http::Uri;

use crate::error::{Error, Result};

/// `url` parsed as the base of a service: absolute, `https://` (plain `http://` only on
/// loopback, for a test server), without a user name or password; `what` names it in errors.
pub(crate) fn secure_base(url: &str, what: &str) -> Result<Uri> {
    let uri = parse_base(url, what)?;
    if uri.scheme_str() != Some("https") && !is_loopback(&uri) {
        return Err(Error::invalid(format!(
            "the {what} must be https:// (plain http is only for a loopback test server): {uri}"
        )));
    }
    Ok(uri)
}

fn parse_base(url: &str, what: &str) -> Result<Uri> {
    let uri: Uri = url
        .trim_end_matches('/')
        .parse()
        .map_err(|_| Error::invalid(format!("the {what} is not a URL: {:?}", redact(url))))?;
    // `user:password@` would go out in every error message that names the URL, and the API
    // takes no credentials that way anyway.
    if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
        return Err(Error::invalid(format!(
            "the {what} must not hold a user name or password (`user:password@`): {}; \
             credentials go in ASYNCDEX_USERNAME and ASYNCDEX_PASSWORD",
            redact(url)
        )));
    }
    match (uri.scheme_str(), uri.host()) {
        (Some("https" | "http"), Some(_)) => Ok(uri),
        _ => Err(Error::invalid(format!(
            "the {what} must be absolute (https://host/path): {:?}",
            redact(url)
        ))),
    }
}

/// A URL as it may be shown in a message: any `user:password@` replaced by `***@`, and cut to
/// 200 characters.
pub(crate) fn redact(url: &str) -> String {
    let start = url.find("://").map_or(0, |at| at + 3);
    let rest = &url[start..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let shown = match rest[..end].rfind('@') {
        Some(at) => format!("{}***@{}", &url[..start], &rest[at + 1..]),
        None => url.to_owned(),
    };
    match shown.char_indices().nth(200) {
        Some((at, _)) => format!("{}…", &shown[..at]),
        None => shown,
    }
}

/// Whether `uri` names this machine: `localhost` in any case and with or without the final
/// dot of a fully qualified name, or a loopback address.
pub(crate) fn is_loopback(uri: &Uri) -> bool {
    match uri.host() {
        Some(host) if host.trim_end_matches('.').eq_ignore_ascii_case("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}
