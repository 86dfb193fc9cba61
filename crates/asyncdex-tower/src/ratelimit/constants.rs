//! MangaDex's routes and per-route rate limits, as data: an API change is one edit here.
//!
//! The table follows the API documentation's current limits (see the crate's reference notes).
//! Where the docs and the spec disagree it says so: the docs still list
//! `POST /chapter/{id}/read` at 300 per 10 minutes, but spec 5.13.1 moved read markers to
//! `POST /manga/{id}/read`, so that rule is not in the table; the 2021 table had the at-home
//! route at 60 per minute and refresh at 30 per hour. Replace or extend any rule with
//! [`Ratelimits::add`](super::Ratelimits::add).

use std::time::Duration;

use http::Method;

use super::path::Path;
use super::rule::PathRatelimit;

/// Every path template of the MangaDex API (spec 5.13.1), named after its segments.
pub mod routes {
    /// `/ping`
    pub const PING: &str = "/ping";
    /// `/manga`
    pub const MANGA: &str = "/manga";
    /// `/manga/{id}/aggregate`
    pub const MANGA_ID_AGGREGATE: &str = "/manga/{id}/aggregate";
    /// `/manga/{id}/recommendation`
    pub const MANGA_ID_RECOMMENDATION: &str = "/manga/{id}/recommendation";
    /// `/manga/{id}`
    pub const MANGA_ID: &str = "/manga/{id}";
    /// `/auth/login`
    pub const AUTH_LOGIN: &str = "/auth/login";
    /// `/auth/check`
    pub const AUTH_CHECK: &str = "/auth/check";
    /// `/auth/logout`
    pub const AUTH_LOGOUT: &str = "/auth/logout";
    /// `/auth/refresh`
    pub const AUTH_REFRESH: &str = "/auth/refresh";
    /// `/client`
    pub const CLIENT: &str = "/client";
    /// `/client/{id}`
    pub const CLIENT_ID: &str = "/client/{id}";
    /// `/client/{id}/secret`
    pub const CLIENT_ID_SECRET: &str = "/client/{id}/secret";
    /// `/group`
    pub const GROUP: &str = "/group";
    /// `/group/{id}`
    pub const GROUP_ID: &str = "/group/{id}";
    /// `/group/{id}/follow`
    pub const GROUP_ID_FOLLOW: &str = "/group/{id}/follow";
    /// `/list`
    pub const LIST: &str = "/list";
    /// `/list/{id}`
    pub const LIST_ID: &str = "/list/{id}";
    /// `/list/{id}/follow`
    pub const LIST_ID_FOLLOW: &str = "/list/{id}/follow";
    /// `/manga/{id}/list/{listId}`
    pub const MANGA_ID_LIST_LIST_ID: &str = "/manga/{id}/list/{listId}";
    /// `/user/list`
    pub const USER_LIST: &str = "/user/list";
    /// `/user/{id}/list`
    pub const USER_ID_LIST: &str = "/user/{id}/list";
    /// `/user`
    pub const USER: &str = "/user";
    /// `/user/{id}`
    pub const USER_ID: &str = "/user/{id}";
    /// `/user/delete/{code}`
    pub const USER_DELETE_CODE: &str = "/user/delete/{code}";
    /// `/chapter`
    pub const CHAPTER: &str = "/chapter";
    /// `/chapter/{id}`
    pub const CHAPTER_ID: &str = "/chapter/{id}";
    /// `/user/follows/manga/feed`
    pub const USER_FOLLOWS_MANGA_FEED: &str = "/user/follows/manga/feed";
    /// `/list/{id}/feed`
    pub const LIST_ID_FEED: &str = "/list/{id}/feed";
    /// `/manga/{id}/follow`
    pub const MANGA_ID_FOLLOW: &str = "/manga/{id}/follow";
    /// `/cover`
    pub const COVER: &str = "/cover";
    /// `/cover/{mangaOrCoverId}`
    pub const COVER_MANGA_OR_COVER_ID: &str = "/cover/{mangaOrCoverId}";
    /// `/author`
    pub const AUTHOR: &str = "/author";
    /// `/author/{id}`
    pub const AUTHOR_ID: &str = "/author/{id}";
    /// `/legacy/mapping`
    pub const LEGACY_MAPPING: &str = "/legacy/mapping";
    /// `/manga/{id}/feed`
    pub const MANGA_ID_FEED: &str = "/manga/{id}/feed";
    /// `/manga/{id}/read`
    pub const MANGA_ID_READ: &str = "/manga/{id}/read";
    /// `/manga/read`
    pub const MANGA_READ: &str = "/manga/read";
    /// `/manga/random`
    pub const MANGA_RANDOM: &str = "/manga/random";
    /// `/at-home/server/{chapterId}`
    pub const AT_HOME_SERVER_CHAPTER_ID: &str = "/at-home/server/{chapterId}";
    /// `/manga/tag`
    pub const MANGA_TAG: &str = "/manga/tag";
    /// `/user/me`
    pub const USER_ME: &str = "/user/me";
    /// `/user/follows/group`
    pub const USER_FOLLOWS_GROUP: &str = "/user/follows/group";
    /// `/user/follows/group/{id}`
    pub const USER_FOLLOWS_GROUP_ID: &str = "/user/follows/group/{id}";
    /// `/user/follows/user`
    pub const USER_FOLLOWS_USER: &str = "/user/follows/user";
    /// `/user/follows/user/{id}`
    pub const USER_FOLLOWS_USER_ID: &str = "/user/follows/user/{id}";
    /// `/user/follows/manga`
    pub const USER_FOLLOWS_MANGA: &str = "/user/follows/manga";
    /// `/user/follows/manga/{id}`
    pub const USER_FOLLOWS_MANGA_ID: &str = "/user/follows/manga/{id}";
    /// `/user/follows/list`
    pub const USER_FOLLOWS_LIST: &str = "/user/follows/list";
    /// `/user/follows/list/{id}`
    pub const USER_FOLLOWS_LIST_ID: &str = "/user/follows/list/{id}";
    /// `/manga/status`
    pub const MANGA_STATUS: &str = "/manga/status";
    /// `/manga/{id}/status`
    pub const MANGA_ID_STATUS: &str = "/manga/{id}/status";
    /// `/manga/draft/{id}`
    pub const MANGA_DRAFT_ID: &str = "/manga/draft/{id}";
    /// `/manga/draft/{id}/commit`
    pub const MANGA_DRAFT_ID_COMMIT: &str = "/manga/draft/{id}/commit";
    /// `/manga/draft`
    pub const MANGA_DRAFT: &str = "/manga/draft";
    /// `/captcha/solve`
    pub const CAPTCHA_SOLVE: &str = "/captcha/solve";
    /// `/report/reasons/{category}`
    pub const REPORT_REASONS_CATEGORY: &str = "/report/reasons/{category}";
    /// `/report`
    pub const REPORT: &str = "/report";
    /// `/upload`
    pub const UPLOAD: &str = "/upload";
    /// `/upload/begin`
    pub const UPLOAD_BEGIN: &str = "/upload/begin";
    /// `/upload/begin/{chapterId}`
    pub const UPLOAD_BEGIN_CHAPTER_ID: &str = "/upload/begin/{chapterId}";
    /// `/upload/{uploadSessionId}`
    pub const UPLOAD_UPLOAD_SESSION_ID: &str = "/upload/{uploadSessionId}";
    /// `/upload/{uploadSessionId}/commit`
    pub const UPLOAD_UPLOAD_SESSION_ID_COMMIT: &str = "/upload/{uploadSessionId}/commit";
    /// `/upload/{uploadSessionId}/{uploadSessionFileId}`
    pub const UPLOAD_UPLOAD_SESSION_ID_UPLOAD_SESSION_FILE_ID: &str =
        "/upload/{uploadSessionId}/{uploadSessionFileId}";
    /// `/upload/{uploadSessionId}/batch`
    pub const UPLOAD_UPLOAD_SESSION_ID_BATCH: &str = "/upload/{uploadSessionId}/batch";
    /// `/upload/check-approval-required`
    pub const UPLOAD_CHECK_APPROVAL_REQUIRED: &str = "/upload/check-approval-required";
    /// `/manga/{mangaId}/relation`
    pub const MANGA_MANGA_ID_RELATION: &str = "/manga/{mangaId}/relation";
    /// `/manga/{mangaId}/relation/{id}`
    pub const MANGA_MANGA_ID_RELATION_ID: &str = "/manga/{mangaId}/relation/{id}";
    /// `/rating`
    pub const RATING: &str = "/rating";
    /// `/rating/{mangaId}`
    pub const RATING_MANGA_ID: &str = "/rating/{mangaId}";
    /// `/statistics/chapter/{uuid}`
    pub const STATISTICS_CHAPTER_UUID: &str = "/statistics/chapter/{uuid}";
    /// `/statistics/chapter`
    pub const STATISTICS_CHAPTER: &str = "/statistics/chapter";
    /// `/statistics/group/{uuid}`
    pub const STATISTICS_GROUP_UUID: &str = "/statistics/group/{uuid}";
    /// `/statistics/group`
    pub const STATISTICS_GROUP: &str = "/statistics/group";
    /// `/statistics/manga/{uuid}`
    pub const STATISTICS_MANGA_UUID: &str = "/statistics/manga/{uuid}";
    /// `/statistics/manga`
    pub const STATISTICS_MANGA: &str = "/statistics/manga";
    /// `/settings/template`
    pub const SETTINGS_TEMPLATE: &str = "/settings/template";
    /// `/settings/template/{version}`
    pub const SETTINGS_TEMPLATE_VERSION: &str = "/settings/template/{version}";
    /// `/settings`
    pub const SETTINGS: &str = "/settings";
    /// `/user/history`
    pub const USER_HISTORY: &str = "/user/history";
    /// `/forums/thread`
    pub const FORUMS_THREAD: &str = "/forums/thread";
    /// Every template above, in the order of the spec.
    pub const ALL: &[&str] = &[
        PING,
        MANGA,
        MANGA_ID_AGGREGATE,
        MANGA_ID_RECOMMENDATION,
        MANGA_ID,
        AUTH_LOGIN,
        AUTH_CHECK,
        AUTH_LOGOUT,
        AUTH_REFRESH,
        CLIENT,
        CLIENT_ID,
        CLIENT_ID_SECRET,
        GROUP,
        GROUP_ID,
        GROUP_ID_FOLLOW,
        LIST,
        LIST_ID,
        LIST_ID_FOLLOW,
        MANGA_ID_LIST_LIST_ID,
        USER_LIST,
        USER_ID_LIST,
        USER,
        USER_ID,
        USER_DELETE_CODE,
        CHAPTER,
        CHAPTER_ID,
        USER_FOLLOWS_MANGA_FEED,
        LIST_ID_FEED,
        MANGA_ID_FOLLOW,
        COVER,
        COVER_MANGA_OR_COVER_ID,
        AUTHOR,
        AUTHOR_ID,
        LEGACY_MAPPING,
        MANGA_ID_FEED,
        MANGA_ID_READ,
        MANGA_READ,
        MANGA_RANDOM,
        AT_HOME_SERVER_CHAPTER_ID,
        MANGA_TAG,
        USER_ME,
        USER_FOLLOWS_GROUP,
        USER_FOLLOWS_GROUP_ID,
        USER_FOLLOWS_USER,
        USER_FOLLOWS_USER_ID,
        USER_FOLLOWS_MANGA,
        USER_FOLLOWS_MANGA_ID,
        USER_FOLLOWS_LIST,
        USER_FOLLOWS_LIST_ID,
        MANGA_STATUS,
        MANGA_ID_STATUS,
        MANGA_DRAFT_ID,
        MANGA_DRAFT_ID_COMMIT,
        MANGA_DRAFT,
        CAPTCHA_SOLVE,
        REPORT_REASONS_CATEGORY,
        REPORT,
        UPLOAD,
        UPLOAD_BEGIN,
        UPLOAD_BEGIN_CHAPTER_ID,
        UPLOAD_UPLOAD_SESSION_ID,
        UPLOAD_UPLOAD_SESSION_ID_COMMIT,
        UPLOAD_UPLOAD_SESSION_ID_UPLOAD_SESSION_FILE_ID,
        UPLOAD_UPLOAD_SESSION_ID_BATCH,
        UPLOAD_CHECK_APPROVAL_REQUIRED,
        MANGA_MANGA_ID_RELATION,
        MANGA_MANGA_ID_RELATION_ID,
        RATING,
        RATING_MANGA_ID,
        STATISTICS_CHAPTER_UUID,
        STATISTICS_CHAPTER,
        STATISTICS_GROUP_UUID,
        STATISTICS_GROUP,
        STATISTICS_MANGA_UUID,
        STATISTICS_MANGA,
        SETTINGS_TEMPLATE,
        SETTINGS_TEMPLATE_VERSION,
        SETTINGS,
        USER_HISTORY,
        FORUMS_THREAD,
    ];
}

const MINUTE: Duration = Duration::from_secs(60);
const TEN_MINUTES: Duration = Duration::from_secs(10 * 60);
const HOUR: Duration = Duration::from_secs(60 * 60);

/// MangaDex's per-route limits (the global 5 requests/second is separate: see
/// [`Ratelimits::new`](super::Ratelimits::new)).
///
/// ```
/// use asyncdex_tower::ratelimit::constants::ratelimit_data;
/// use http::Method;
///
/// let at_home = ratelimit_data()
///     .into_iter()
///     .find(|rule| rule.matches("/at-home/server/0b3c4c0a", &Method::GET))
///     .unwrap();
/// assert_eq!(at_home.ratelimit_amount(), 40);
/// ```
pub fn ratelimit_data() -> Vec<PathRatelimit> {
    use routes::*;
    let rule = |name: &str, method: Method, template: &str, amount: u32, per: Duration| {
        PathRatelimit::new(Path::new(name, template, Some(method)), amount, per)
    };
    let path = |name: &str, method: Method, template: &str| Path::new(name, template, Some(method));
    vec![
        rule(
            "at-home-server",
            Method::GET,
            AT_HOME_SERVER_CHAPTER_ID,
            40,
            MINUTE,
        ),
        rule("auth-login", Method::POST, AUTH_LOGIN, 30, HOUR),
        rule("auth-refresh", Method::POST, AUTH_REFRESH, 60, HOUR),
        rule("author-create", Method::POST, AUTHOR, 10, HOUR),
        rule("author-update", Method::PUT, AUTHOR_ID, 10, MINUTE),
        rule("author-delete", Method::DELETE, AUTHOR_ID, 10, TEN_MINUTES),
        rule(
            "captcha-solve",
            Method::POST,
            CAPTCHA_SOLVE,
            10,
            TEN_MINUTES,
        ),
        rule(
            "cover-upload",
            Method::POST,
            COVER_MANGA_OR_COVER_ID,
            100,
            TEN_MINUTES,
        ),
        rule(
            "cover-update",
            Method::PUT,
            COVER_MANGA_OR_COVER_ID,
            100,
            TEN_MINUTES,
        ),
        rule(
            "cover-delete",
            Method::DELETE,
            COVER_MANGA_OR_COVER_ID,
            10,
            TEN_MINUTES,
        ),
        rule("chapter-update", Method::PUT, CHAPTER_ID, 10, MINUTE),
        rule("chapter-delete", Method::DELETE, CHAPTER_ID, 10, MINUTE),
        rule(
            "forums-thread-create",
            Method::POST,
            FORUMS_THREAD,
            10,
            MINUTE,
        ),
        rule("manga-create", Method::POST, MANGA, 10, HOUR),
        rule("manga-update", Method::PUT, MANGA_ID, 10, HOUR),
        rule("manga-delete", Method::DELETE, MANGA_ID, 10, TEN_MINUTES),
        rule(
            "manga-draft-commit",
            Method::POST,
            MANGA_DRAFT_ID_COMMIT,
            10,
            HOUR,
        ),
        rule("manga-random", Method::GET, MANGA_RANDOM, 60, MINUTE),
        rule("report-create", Method::POST, REPORT, 10, MINUTE),
        rule("report-list", Method::GET, REPORT, 10, MINUTE),
        rule("group-create", Method::POST, GROUP, 10, HOUR),
        rule("group-update", Method::PUT, GROUP_ID, 10, MINUTE),
        rule("group-delete", Method::DELETE, GROUP_ID, 10, TEN_MINUTES),
        rule("upload-session-get", Method::GET, UPLOAD, 30, MINUTE),
        rule("upload-begin", Method::POST, UPLOAD_BEGIN, 20, MINUTE).with_path(path(
            "upload-begin-edit",
            Method::POST,
            UPLOAD_BEGIN_CHAPTER_ID,
        )),
        rule(
            "upload-commit",
            Method::POST,
            UPLOAD_UPLOAD_SESSION_ID_COMMIT,
            10,
            MINUTE,
        ),
        rule(
            "upload-abandon",
            Method::DELETE,
            UPLOAD_UPLOAD_SESSION_ID,
            30,
            MINUTE,
        ),
        rule(
            "upload-files",
            Method::POST,
            UPLOAD_UPLOAD_SESSION_ID,
            250,
            MINUTE,
        )
        .with_path(path(
            "upload-file-delete",
            Method::DELETE,
            UPLOAD_UPLOAD_SESSION_ID_UPLOAD_SESSION_FILE_ID,
        ))
        .with_path(path(
            "upload-files-delete",
            Method::DELETE,
            UPLOAD_UPLOAD_SESSION_ID_BATCH,
        )),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ratelimit::Ratelimits;

    #[test]
    fn table_rules_are_distinct_and_all_kept() {
        let data = ratelimit_data();
        let limits = Ratelimits::new(data.clone());
        assert_eq!(limits.ratelimit_dictionary().len(), data.len());
        assert_eq!(data.len(), 28);
    }

    #[test]
    fn every_rule_names_a_route_of_the_spec() {
        assert_eq!(routes::ALL.len(), 80);
        let spec_regexes: Vec<String> = routes::ALL
            .iter()
            .map(|route| Path::new("spec", route, None).path_regex().to_owned())
            .collect();
        for rule in ratelimit_data() {
            for path in rule.paths() {
                assert!(path.method().is_some(), "{path:?}");
                assert!(
                    spec_regexes.iter().any(|regex| regex == path.path_regex()),
                    "{path:?}"
                );
            }
        }
    }

    #[test]
    fn shared_buckets_cover_their_routes() {
        let limits = Ratelimits::default();
        let begin = limits.route_index("/upload/begin", &Method::POST);
        let begin_edit = limits.route_index("/upload/begin/abc", &Method::POST);
        assert!(begin.is_some());
        assert_eq!(begin, begin_edit);
        let file = limits.route_index("/upload/s", &Method::POST);
        let delete_file = limits.route_index("/upload/s/f", &Method::DELETE);
        let delete_batch = limits.route_index("/upload/s/batch", &Method::DELETE);
        assert!(file.is_some());
        assert_eq!(file, delete_file);
        assert_eq!(file, delete_batch);
        // The abandon rule (DELETE /upload/{id}) is its own bucket.
        let abandon = limits.route_index("/upload/s", &Method::DELETE);
        assert!(abandon.is_some() && abandon != file);
        // Unlimited routes have no rule.
        assert_eq!(limits.route_index("/manga", &Method::GET), None);
        assert_eq!(limits.route_index("/manga/x", &Method::GET), None);
    }
}
