//! Keeps a client under every MangaDex rate limit, for any number of concurrent tasks.
//!
//! ```
//! use std::convert::Infallible;
//! use asyncdex_tower::ratelimit::{MANGADEX_API_URL, RateLimitLayer};
//! use http::{Request, Response, Uri};
//! use tower::{ServiceBuilder, ServiceExt};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), tower::BoxError> {
//! // Any `Service<http::Request<B>>` works as the transport; here a stand-in.
//! let transport = tower::service_fn(|_: Request<String>| async {
//!     Ok::<_, Infallible>(Response::new(String::from("{\"result\":\"ok\"}")))
//! });
//! let service = ServiceBuilder::new()
//!     // MangaDex's table, 5 requests/s overall, for this API origin only (other hosts pass).
//!     .layer(RateLimitLayer::new(Uri::from_static(MANGADEX_API_URL)))
//!     .service(transport);
//!
//! let request = Request::get("https://api.mangadex.org/manga/random").body(String::new())?;
//! let response = service.clone().oneshot(request).await?;
//! assert_eq!(response.into_body(), "{\"result\":\"ok\"}");
//! # Ok(())
//! # }
//! ```
//!
//! # How it limits
//!
//! - Every request to the API host passes a global bucket (5 requests per second by default),
//!   and, when its path and method match a rule of [`constants::ratelimit_data`], that rule's
//!   bucket (a request tagged with its [`Route`] is looked up by that template, not matched
//!   by its path). Windows slide: no window of a rule's length, wherever it starts, ever holds more
//!   than its amount, so a fixed-window server never sees a burst across its window edge.
//! - A request reserves its slot before it is sent, so concurrent callers cannot overshoot,
//!   and is not serialised behind others: callers under the limit go at once. Waiters are
//!   served first come, first served; each sleeps on its own timer and is woken once.
//! - Responses correct the buckets: `X-RateLimit-Limit`, `-Remaining` and `-Retry-After`
//!   tighten a route's bucket; a 429 pauses the route's bucket and the global one for every
//!   caller (`X-RateLimit-Retry-After`, `Retry-After`, or a whole window when neither is
//!   there, or when `Retry-After` is negative) and marks the response with
//!   [`RatelimitPaused`](crate::hint::RatelimitPaused). A route outside the table has no bucket
//!   of its own: its `X-RateLimit-Retry-After` pauses the global bucket when the server says
//!   nothing remains.
//! - With `sleep_on_ratelimit(false)` a request that would wait fails at once with
//!   [`error::Ratelimited`] instead; nothing is sent.
//! - Requests to other hosts (image servers, the MD@Home report endpoint) pass through
//!   untouched, unless given a limit of their own with
//!   [`RateLimitLayerBuilder::limit_host`].
//! - Processes that share one IP address share one allowance through a [`SharedStore`]
//!   ([`file_store::FileStore`] on one machine, Redis for several), consulted after this
//!   process's own buckets: see [`RateLimitLayerBuilder::shared_store`].

pub mod constants;
pub mod error;
pub mod file_store;
mod future;
mod gate;
mod headers;
mod layer;
mod matcher;
mod path;
mod ratelimits;
mod record;
mod route;
mod rule;
mod service;
mod shared;
mod stage;
pub mod store;

pub use self::future::ResponseFuture;
pub use self::headers::{
    MAX_SERVER_WAIT, RatelimitHeaders, X_RATELIMIT_LIMIT, X_RATELIMIT_REMAINING,
    X_RATELIMIT_RETRY_AFTER,
};
pub use self::layer::{RateLimitLayer, RateLimitLayerBuilder};
pub use self::path::Path;
pub use self::ratelimits::{MANGADEX_GLOBAL_AMOUNT, MANGADEX_GLOBAL_TIME, Ratelimits};
pub use self::route::Route;
pub use self::rule::PathRatelimit;
pub use self::service::RateLimit;
pub use self::stage::OnStoreFailure;
pub use self::store::{SharedLimit, SharedStore};
pub use crate::api::MANGADEX_API_URL;
