//! Typed endpoints: one call per operation of the MangaDex API (spec 5.13.1), grouped by the
//! spec's tags, each returning a builder with a setter for every parameter.
//!
//! ```text
//! client.manga()           Manga: search, get, feed, aggregate, random, tags, status, drafts...
//! client.chapter()         Chapter      client.cover()        Cover
//! client.author()          Author       client.group()        ScanlationGroup
//! client.list()            CustomList   client.feed()         Feed (followed manga, list)
//! client.follows()         Follows      client.user()         User
//! client.read_markers()    ReadMarker   client.rating()       Rating
//! client.statistics()      Statistics   client.at_home()      AtHome
//! client.authentication()  Authentication (check; legacy login/refresh/logout, deprecated)
//! client.api_clients()     ApiClient    client.captcha()      Captcha
//! client.legacy()          Legacy       client.report()       Report
//! client.settings()        Settings     client.upload()       Upload
//! client.forums()          Forums       client.ping()         Infrastructure
//! ```
//!
//! Every builder checks its input when sent ([`Error::is_invalid_input`](crate::Error), nothing
//! sent): page sizes (`limit` 1..=100, or 1..=500 for the three chapter feeds), the
//! 10,000-result window (`offset + limit <= 10000`) and at most 100 ids per id filter. Ids are
//! [`uuid::Uuid`], so a malformed id cannot be sent; parse strings with
//! [`Uuid::parse_str`](uuid::Uuid::parse_str).
//!
//! List endpoints send one page with `send()` or stream every item with `stream()` (a lazy
//! [`Paginated`] that fetches the next full-size page only when needed and stops at `total` or
//! at the result window). [`operations`] lists every operation this module implements.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::model::{ContentRating, OrderDirection, ReferenceExpansion};
//! use asyncdex::api::MangaOrder;
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::new()?;
//! let page = client
//!     .manga()
//!     .search()
//!     .title("Frieren")
//!     .content_rating([ContentRating::Safe, ContentRating::Suggestive])
//!     .includes([ReferenceExpansion::Author, ReferenceExpansion::CoverArt])
//!     .order(MangaOrder::FollowedCount, OrderDirection::Descending)
//!     .limit(10)
//!     .send()
//!     .await?;
//! for manga in &page.data {
//!     println!("{:?} by {:?}", manga.title_in(&[]), manga.authors().map(|(_, a)| &a.name).collect::<Vec<_>>());
//! }
//! # Ok(())
//! # }
//! ```

use std::fmt;

use asyncdex_tower::ratelimit::Path;
use http::Method;

use crate::client::MangadexClient;

mod batch;
mod call;
mod multipart;
mod paginate;
mod params;

pub mod api_client;
pub mod at_home;
pub mod auth;
pub mod author;
pub mod captcha;
pub mod chapter;
pub mod cover;
pub mod feed;
pub mod follows;
pub mod forums;
pub mod group;
pub mod infrastructure;
pub mod legacy;
pub mod list;
pub mod manga;
pub mod rating;
pub mod read_marker;
pub mod report;
pub mod settings;
pub mod statistics;
pub mod upload;
pub mod user;

pub use self::api_client::ApiClientOrder;
pub use self::author::AuthorOrder;
pub use self::chapter::ChapterOrder;
pub use self::cover::CoverOrder;
pub use self::group::GroupOrder;
pub use self::manga::{DraftOrder, MangaOrder, RecommendationOrder};
pub use self::paginate::Paginated;
pub use self::report::ReportOrder;
pub use self::user::UserOrder;

/// The most items one request may reach into a list: `offset + limit <= 10000`.
pub const RESULT_WINDOW: u32 = 10_000;

/// The most ids one id filter (`ids[]`, `manga[]`...) may carry.
pub const MAX_IDS: usize = 100;

/// One operation of the spec: its method, its path template, and for list endpoints the
/// largest page size.
///
/// Every builder exposes its operation as `OPERATION` and builds its URL from that template,
/// so [`operations`] lists exactly what is implemented.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation {
    method: Verb,
    template: &'static str,
    page_limit: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Verb {
    Get,
    Post,
    Put,
    Delete,
}

impl Operation {
    pub(crate) const fn new(method: Verb, template: &'static str) -> Self {
        Self {
            method,
            template,
            page_limit: None,
        }
    }

    pub(crate) const fn paged(method: Verb, template: &'static str, max: u32) -> Self {
        Self {
            method,
            template,
            page_limit: Some(max),
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        match self.method {
            Verb::Get => Method::GET,
            Verb::Post => Method::POST,
            Verb::Put => Method::PUT,
            Verb::Delete => Method::DELETE,
        }
    }

    /// The path template, as the spec writes it (`/manga/{id}/feed`).
    pub fn template(&self) -> &'static str {
        self.template
    }

    /// For list endpoints (`limit`/`offset`), the largest page size.
    pub fn page_limit(&self) -> Option<u32> {
        self.page_limit
    }

    /// Whether `path` (no query) is an instance of this operation's template, by the rate
    /// limiter's own template matching ([`Path`]).
    pub fn matches(&self, path: &str) -> bool {
        let method = self.method();
        Path::new(self.template, self.template, Some(method.clone())).matches(path, &method)
    }
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method(), self.template)
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// Every operation implemented here, from the builders' own `OPERATION` constants.
pub fn operations() -> Vec<Operation> {
    [
        manga::OPERATIONS,
        chapter::OPERATIONS,
        cover::OPERATIONS,
        author::OPERATIONS,
        group::OPERATIONS,
        list::OPERATIONS,
        feed::OPERATIONS,
        follows::OPERATIONS,
        user::OPERATIONS,
        read_marker::OPERATIONS,
        rating::OPERATIONS,
        statistics::OPERATIONS,
        at_home::OPERATIONS,
        auth::OPERATIONS,
        api_client::OPERATIONS,
        captcha::OPERATIONS,
        legacy::OPERATIONS,
        report::OPERATIONS,
        settings::OPERATIONS,
        upload::OPERATIONS,
        forums::OPERATIONS,
        infrastructure::OPERATIONS,
    ]
    .concat()
}

macro_rules! handles {
    ($( $(#[$doc:meta])* $accessor:ident => $handle:ident; )*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy, Debug)]
            pub struct $handle<'a> {
                client: &'a MangadexClient,
            }
        )*

        /// Typed endpoints, grouped by the spec's tags (see [`crate::api`]).
        impl MangadexClient {
            $(
                $(#[$doc])*
                pub fn $accessor(&self) -> $handle<'_> {
                    $handle { client: self }
                }
            )*
        }
    };
}

handles! {
    /// Manga (tag `Manga`): search, get, create, edit, feed, aggregate, random, tags, reading
    /// statuses, drafts, relations, recommendations, follow.
    manga => MangaApi;
    /// Chapters (tag `Chapter`).
    chapter => ChapterApi;
    /// Cover art (tag `Cover`).
    cover => CoverApi;
    /// Authors and artists (tag `Author`).
    author => AuthorApi;
    /// Scanlation groups (tag `ScanlationGroup`).
    group => GroupApi;
    /// Custom lists (tag `CustomList`).
    list => ListApi;
    /// Chapter feeds of the followed manga and of a custom list (tag `Feed`).
    feed => FeedApi;
    /// What the logged-in user follows (tag `Follows`).
    follows => FollowsApi;
    /// Users (tag `User`).
    user => UserApi;
    /// Read markers and reading history (tag `ReadMarker`).
    read_markers => ReadMarkerApi;
    /// The logged-in user's manga ratings (tag `Rating`).
    rating => RatingApi;
    /// Statistics of manga, chapters and groups (tag `Statistics`).
    statistics => StatisticsApi;
    /// MangaDex@Home: where to download a chapter's pages (tag `AtHome`).
    at_home => AtHomeApi;
    /// The auth check, and the deprecated legacy session-token calls (tag `Authentication`).
    authentication => AuthenticationApi;
    /// Personal OAuth API clients (tag `ApiClient`).
    api_clients => ApiClientsApi;
    /// Solving captchas (tag `Captcha`).
    captcha => CaptchaApi;
    /// Old numeric ids to UUIDs (tag `Legacy`).
    legacy => LegacyApi;
    /// Reports (tag `Report`).
    report => ReportApi;
    /// User settings and their templates (tag `Settings`).
    settings => SettingsApi;
    /// Chapter uploads (tag `Upload`).
    upload => UploadApi;
    /// Comment threads (tag `Forums`).
    forums => ForumsApi;
}
