//! The error for a URL the `http` crate refuses, quoting only the start of a long one.

use http::Uri;

use crate::error::Error;

/// The longest URI the `http` crate parses.
const URI_MAX: usize = u16::MAX as usize - 1;

/// How many characters of a bad URL an error quotes.
const URL_ECHO: usize = 200;

/// The first `max` characters of `text`.
fn cut(text: &str, max: usize) -> &str {
    text.char_indices()
        .nth(max)
        .map_or(text, |(at, _)| &text[..at])
}

/// The error for a URL the `http` crate refuses: `text` is the whole URL when `absolute`,
/// else a path on `api_base`.
pub(super) fn invalid_url(api_base: &Uri, absolute: bool, text: &str) -> Error {
    let shown = if absolute {
        text.to_owned()
    } else {
        let scheme = api_base.scheme_str().unwrap_or("https");
        let authority = api_base.authority().map_or("", |a| a.as_str());
        format!("{scheme}://{authority}{text}")
    };
    // A URL over `http`'s limit is most often a huge parameter (a pasted title): say that,
    // and quote only the start of it.
    if shown.len() > URI_MAX {
        return Error::invalid(format!(
            "the URL is too long: {} bytes (at most {URI_MAX}); shorten the parameters: {:?}…",
            shown.len(),
            cut(&shown, URL_ECHO)
        ));
    }
    Error::invalid(format!("not a valid URL: {:?}", cut(&shown, URL_ECHO)))
}
