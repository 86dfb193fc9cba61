//! The table of every operation of the spec (method, template, auth, generic shape) and the
//! lookup of the template a path matches.

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Auth {
    /// Public; a bearer token, if sent, must still be valid.
    Public,
    /// Needs a valid bearer token.
    Required,
    /// The token is not looked at (login, refresh, check, ping).
    Ignored,
}

/// The generic answer of an operation without real behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Entity(&'static str),
    Collection(&'static str),
    Ok,
}

use std::sync::OnceLock;

use crate::template::{Template, segments};

use Auth::{Ignored as I, Public as P, Required as R};
use Shape::{Collection as C, Entity as E, Ok as K};

/// Every operation of spec 5.13.1: (method, template, auth, generic shape).
/// Auth follows the spec's `security`, except statistics (public on the real API) and
/// `/auth/check` (answers `isAuthenticated: false` without a token).
pub(crate) const OPERATIONS: &[(&str, &str, Auth, Shape)] = &[
    ("GET", "/ping", I, K),
    ("GET", "/manga", P, C("manga")),
    ("POST", "/manga", R, E("manga")),
    ("GET", "/manga/{id}/aggregate", P, K),
    (
        "GET",
        "/manga/{id}/recommendation",
        P,
        C("manga_recommendation"),
    ),
    ("GET", "/manga/{id}", P, E("manga")),
    ("PUT", "/manga/{id}", R, E("manga")),
    ("DELETE", "/manga/{id}", R, K),
    ("POST", "/auth/login", I, K),
    ("GET", "/auth/check", I, K),
    ("POST", "/auth/logout", R, K),
    ("POST", "/auth/refresh", I, K),
    ("GET", "/client", R, C("api_client")),
    ("POST", "/client", R, E("api_client")),
    ("GET", "/client/{id}", R, E("api_client")),
    ("POST", "/client/{id}", R, E("api_client")),
    ("DELETE", "/client/{id}", R, K),
    ("GET", "/client/{id}/secret", R, K),
    ("POST", "/client/{id}/secret", R, K),
    ("GET", "/group", P, C("scanlation_group")),
    ("POST", "/group", R, E("scanlation_group")),
    ("GET", "/group/{id}", P, E("scanlation_group")),
    ("PUT", "/group/{id}", R, E("scanlation_group")),
    ("DELETE", "/group/{id}", R, K),
    ("POST", "/group/{id}/follow", R, K),
    ("DELETE", "/group/{id}/follow", R, K),
    ("POST", "/list", R, E("custom_list")),
    ("GET", "/list/{id}", P, E("custom_list")),
    ("PUT", "/list/{id}", R, E("custom_list")),
    ("DELETE", "/list/{id}", R, K),
    ("POST", "/list/{id}/follow", R, K),
    ("DELETE", "/list/{id}/follow", R, K),
    ("POST", "/manga/{id}/list/{listId}", R, K),
    ("DELETE", "/manga/{id}/list/{listId}", R, K),
    ("GET", "/user/list", R, C("custom_list")),
    ("GET", "/user/{id}/list", P, C("custom_list")),
    ("GET", "/user", R, C("user")),
    ("GET", "/user/{id}", P, E("user")),
    ("DELETE", "/user/{id}", R, K),
    ("POST", "/user/delete/{code}", P, K),
    ("GET", "/chapter", P, C("chapter")),
    ("GET", "/chapter/{id}", P, E("chapter")),
    ("PUT", "/chapter/{id}", R, E("chapter")),
    ("DELETE", "/chapter/{id}", R, K),
    ("GET", "/user/follows/manga/feed", R, C("chapter")),
    ("GET", "/list/{id}/feed", P, C("chapter")),
    ("POST", "/manga/{id}/follow", R, K),
    ("DELETE", "/manga/{id}/follow", R, K),
    ("GET", "/cover", P, C("cover_art")),
    ("GET", "/cover/{mangaOrCoverId}", P, E("cover_art")),
    ("POST", "/cover/{mangaOrCoverId}", R, E("cover_art")),
    ("PUT", "/cover/{mangaOrCoverId}", R, E("cover_art")),
    ("DELETE", "/cover/{mangaOrCoverId}", R, K),
    ("GET", "/author", P, C("author")),
    ("POST", "/author", R, E("author")),
    ("GET", "/author/{id}", P, E("author")),
    ("PUT", "/author/{id}", R, E("author")),
    ("DELETE", "/author/{id}", R, K),
    ("POST", "/legacy/mapping", P, C("mapping_id")),
    ("GET", "/manga/{id}/feed", P, C("chapter")),
    ("GET", "/manga/{id}/read", R, K),
    ("POST", "/manga/{id}/read", R, K),
    ("GET", "/manga/read", R, K),
    ("GET", "/manga/random", P, E("manga")),
    ("GET", "/at-home/server/{chapterId}", P, K),
    ("GET", "/manga/tag", P, C("tag")),
    ("GET", "/user/me", R, E("user")),
    ("GET", "/user/follows/group", R, C("scanlation_group")),
    ("GET", "/user/follows/group/{id}", R, K),
    ("GET", "/user/follows/user", R, C("user")),
    ("GET", "/user/follows/user/{id}", R, K),
    ("GET", "/user/follows/manga", R, C("manga")),
    ("GET", "/user/follows/manga/{id}", R, K),
    ("GET", "/user/follows/list", R, C("custom_list")),
    ("GET", "/user/follows/list/{id}", R, K),
    ("GET", "/manga/status", R, K),
    ("GET", "/manga/{id}/status", R, K),
    ("POST", "/manga/{id}/status", R, K),
    ("GET", "/manga/draft/{id}", R, E("manga")),
    ("POST", "/manga/draft/{id}/commit", R, E("manga")),
    ("GET", "/manga/draft", R, C("manga")),
    ("POST", "/captcha/solve", R, K),
    ("GET", "/report/reasons/{category}", R, C("report_reason")),
    ("GET", "/report", R, C("report")),
    ("POST", "/report", R, K),
    ("GET", "/upload", R, E("upload_session")),
    ("POST", "/upload/begin", R, E("upload_session")),
    ("POST", "/upload/begin/{chapterId}", R, E("upload_session")),
    (
        "POST",
        "/upload/{uploadSessionId}",
        R,
        C("upload_session_file"),
    ),
    ("DELETE", "/upload/{uploadSessionId}", R, K),
    ("POST", "/upload/{uploadSessionId}/commit", R, E("chapter")),
    (
        "DELETE",
        "/upload/{uploadSessionId}/{uploadSessionFileId}",
        R,
        K,
    ),
    ("DELETE", "/upload/{uploadSessionId}/batch", R, K),
    ("POST", "/upload/check-approval-required", R, K),
    ("GET", "/manga/{mangaId}/relation", P, C("manga_relation")),
    ("POST", "/manga/{mangaId}/relation", R, E("manga_relation")),
    ("DELETE", "/manga/{mangaId}/relation/{id}", R, K),
    ("GET", "/rating", R, K),
    ("POST", "/rating/{mangaId}", R, K),
    ("DELETE", "/rating/{mangaId}", R, K),
    ("GET", "/statistics/chapter/{uuid}", P, K),
    ("GET", "/statistics/chapter", P, K),
    ("GET", "/statistics/group/{uuid}", P, K),
    ("GET", "/statistics/group", P, K),
    ("GET", "/statistics/manga/{uuid}", P, K),
    ("GET", "/statistics/manga", P, K),
    ("GET", "/settings/template", R, K),
    ("POST", "/settings/template", R, K),
    ("GET", "/settings/template/{version}", R, K),
    ("GET", "/settings", R, K),
    ("POST", "/settings", R, K),
    ("GET", "/user/history", R, K),
    ("POST", "/forums/thread", R, E("thread")),
];

/// Path parameters that are not UUIDs.
pub(super) const NON_UUID_PARAMS: &[&str] = &["{category}", "{version}", "{code}"];

/// Finds the most specific template matching `path` (literal segments beat parameters) and
/// the operations (by method) registered for it.
pub(crate) fn find_template(path: &str) -> Option<&'static str> {
    // Parsed once: this runs for every request.
    static TEMPLATES: OnceLock<Vec<(Template, &'static str)>> = OnceLock::new();
    let templates = TEMPLATES.get_or_init(|| {
        OPERATIONS
            .iter()
            .map(|(_, template, _, _)| (Template::parse(template), *template))
            .collect()
    });
    let segs = segments(path);
    let mut best: Option<(Vec<bool>, &'static str)> = None;
    for (parsed, template) in templates {
        if !parsed.matches(&segs) {
            continue;
        }
        let spec = parsed.specificity();
        if best.as_ref().is_none_or(|(b, _)| spec > *b) {
            best = Some((spec, template));
        }
    }
    best.map(|(_, t)| t)
}
