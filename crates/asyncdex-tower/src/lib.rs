//! Tower middleware for the MangaDex API.
//!
//! Three independent [`tower::Layer`]s, each usable alone in any tower HTTP stack over
//! `http::Request<B>` / `http::Response<B>`:
//!
//! ```text
//!  RetryLayer      backoff + jitter, Retry-After aware, idempotency rules, shared retry budget
//!    │
//!  AuthLayer       bearer token for the API and auth hosts only; single-flight refresh
//!    │
//!  RateLimitLayer  global per-host bucket + per-route buckets, corrected by X-RateLimit-*
//!    ▼
//!  transport       any Service<http::Request<B>> (hyper-util's Client in `asyncdex`)
//! ```
//!
//! Every service is `Clone`, and clones share their state (limiter buckets, token store,
//! retry budget) through an `Arc`, so no `tower::buffer::Buffer` is needed. Building a layer
//! needs no Tokio runtime.
//!
//! Each layer sits behind a cargo feature of the same name (all on by default).
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(any(feature = "ratelimit", feature = "auth"))]
mod api;
#[cfg(feature = "auth")]
pub mod auth;
pub mod hint;
#[cfg(any(feature = "ratelimit", feature = "auth"))]
mod origin;
#[cfg(feature = "ratelimit")]
pub mod ratelimit;
#[cfg(feature = "retry")]
pub mod retry;

#[cfg(any(feature = "ratelimit", feature = "auth"))]
pub use api::{Api, MANGADEX_API_URL};
