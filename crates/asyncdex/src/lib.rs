//! An async MangaDex API client built as a tower middleware stack.
//!
//! ```text
//!  MangadexClient      builder, request(), typed errors
//!    │
//!  [your layers]       ClientBuilder::layer: tracing, metrics, caching ... (outermost first)
//!    │
//!  RetryLayer          full-jitter backoff, Retry-After aware, idempotency rules, shared budget
//!    │
//!  auth session        a fresh session for the API and auth hosts only; single-flight
//!    │                 refresh; 401 -> refresh once and replay; token calls pass your layers
//!    │                 and the limiter
//!  RateLimitLayer      global bucket + per-route buckets, corrected by X-RateLimit-*
//!    │
//!  per attempt         timeout, User-Agent, gzip decompression
//!    │
//!  auth stamp          the bearer token current when the request leaves (after any wait)
//!    ▼
//!  transport           hyper-util Client + rustls (or your own: ClientBuilder::service)
//! ```
//!
//! Retry sits outside auth and rate limiting so that every attempt gets a fresh token and pays
//! its rate-limit cost. Every layer is a plain [`tower::Layer`] from [`asyncdex_tower`], usable
//! in a stack of your own.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::http::Method; // `http`, `time` and `uuid` are re-exported: no extra dependencies
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::new()?; // anonymous, https://api.mangadex.org
//! let random: serde_json::Value = client.request(Method::GET, "/manga/random").send_json().await?;
//! println!("{}", random["data"]["attributes"]["title"]);
//! # Ok(())
//! # }
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod api;
mod builder;
mod classify;
mod client;
mod deadline;
#[cfg(feature = "download")]
pub mod download;
pub mod error;
pub mod model;
mod problem;
mod query;
#[cfg_attr(
    not(feature = "download"),
    allow(unreachable_pub, reason = "re-exported by the download module")
)]
mod report_url;
mod request;
mod response;
mod send_sync;
#[cfg(feature = "download")]
pub mod series;
mod stack;
mod transport;

pub use self::builder::{
    ClientBuilder, DEFAULT_API_URL, DEFAULT_AUTH_URL, DEFAULT_MAX_BODY_SIZE, DEFAULT_UPLOADS_URL,
    DEFAULT_USER_AGENT,
};
pub use self::client::MangadexClient;
pub use self::error::{ApiError, Error, RatelimitDetails, Result};
pub use self::request::RequestBuilder;
pub use self::response::ApiResponse;
pub use self::stack::{HttpService, RequestBody, ResponseBody, http_service};
// The layer crate's types that appear in this crate's signatures, and the crates whose types
// do, so that an application needs only `asyncdex` (and tokio) to name them. `futures_util`:
// `Paginated` is its `Stream`, read with its `TryStreamExt::try_next`.
pub use asyncdex_tower::Api;
pub use asyncdex_tower::auth::{AuthHandle, Credentials, Secret, TokenCallFailed};
pub use asyncdex_tower::ratelimit::{Path, PathRatelimit, Ratelimits};
pub use asyncdex_tower::retry::RetryLayer;
pub use {futures_util, http, time, uuid};

/// Sharing MangaDex's limits with other processes: the stores
/// [`ClientBuilder::ratelimit_backend`] takes (see [`asyncdex_tower::ratelimit::store`]).
pub mod ratelimit {
    pub use asyncdex_tower::ratelimit::OnStoreFailure;
    pub use asyncdex_tower::ratelimit::file_store::FileStore;
    pub use asyncdex_tower::ratelimit::store::{
        Reserved, SharedLimit, SharedStore, StoreError, StoreFuture,
    };
}

/// Every layer-crate type a facade signature names is reachable from this crate alone.
///
/// ```
/// use std::time::Duration;
/// use asyncdex::{MangadexClient, Path, PathRatelimit, Ratelimits, RetryLayer};
/// use asyncdex::futures_util::TryStreamExt; // reads `asyncdex::api::Paginated`
/// use asyncdex::http::Method;
///
/// let limits = Ratelimits::default().with_global(4, Duration::from_secs(1));
/// let rule = PathRatelimit::new(Path::new("feed", "/manga/{id}/feed", Some(Method::GET)), 2, Duration::from_secs(1));
/// let mut limits = limits;
/// limits.add(rule);
/// let client = MangadexClient::builder()
///     .ratelimits(limits)
///     .retry_layer(RetryLayer::default())
///     .build()
///     .unwrap();
/// let _: Option<asyncdex::Secret> = client.session_token();
/// let _ = asyncdex::uuid::Uuid::nil();
/// let _ = asyncdex::time::OffsetDateTime::UNIX_EPOCH;
/// ```
#[cfg(doctest)]
struct ReexportDoctests;

/// The README's examples, compiled as doc tests so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
