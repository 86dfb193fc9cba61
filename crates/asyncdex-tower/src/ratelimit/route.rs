//! The route a request was built from, named by the client that built it.
//!
//! ```
//! use asyncdex_tower::ratelimit::{Route, constants::routes};
//! use http::Request;
//!
//! let mut request = Request::get("https://api.mangadex.org/at-home/server/0b3c4c0a")
//!     .body(())
//!     .unwrap();
//! request.extensions_mut().insert(Route(routes::AT_HOME_SERVER_CHAPTER_ID));
//! // The rate-limit layer now takes the at-home rule without matching the path.
//! ```

/// The path template a request was built from: one of
/// [`routes`](super::constants::routes), as a request extension.
///
/// A typed client that knows its route tags the request with it, and the rate-limit layer
/// looks the template up instead of matching the request's path against every rule. The tag
/// is trusted: a request tagged with another route's template is counted under that route's
/// rule. A template outside [`routes::ALL`](super::constants::routes::ALL) is ignored (the
/// path decides), and so are requests to hosts other than the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Route(pub &'static str);
