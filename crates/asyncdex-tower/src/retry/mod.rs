//! Resends failed HTTP requests with full-jitter exponential backoff, within a shared budget.
//!
//! ```
//! use std::sync::Arc;
//! use std::sync::atomic::{AtomicUsize, Ordering};
//! use std::time::Duration;
//!
//! use asyncdex_tower::retry::{Attempts, Retries, RetryLayer};
//! use http::{Request, Response, StatusCode};
//! use tower::{BoxError, ServiceBuilder, ServiceExt};
//!
//! # #[tokio::main(flavor = "current_thread", start_paused = true)]
//! # async fn main() -> Result<(), BoxError> {
//! // Every clone of the service counts in one place: resends go through new clones.
//! let calls = Arc::new(AtomicUsize::new(0));
//! let transport = tower::service_fn(move |_request: Request<String>| {
//!     let calls = calls.fetch_add(1, Ordering::Relaxed) + 1;
//!     // Two 503s, then a success.
//!     let status = if calls < 3 { StatusCode::SERVICE_UNAVAILABLE } else { StatusCode::OK };
//!     async move { Ok::<_, BoxError>(Response::builder().status(status).body(String::new())?) }
//! });
//!
//! let client = ServiceBuilder::new()
//!     .layer(
//!         RetryLayer::new()
//!             .max_retries(3)
//!             .initial_backoff(Duration::from_millis(100))
//!             .max_backoff(Duration::from_secs(5)),
//!     )
//!     .service(transport);
//!
//! let request = Request::get("https://api.mangadex.org/manga").body(String::new())?;
//! let response = client.clone().oneshot(request).await?;
//! assert_eq!(response.status(), StatusCode::OK);
//! assert_eq!(Attempts::of(&response), 3);
//!
//! // `Retries(0)`: exactly one send for this request.
//! let mut request = Request::get("https://api.mangadex.org/manga").body(String::new())?;
//! request.extensions_mut().insert(Retries(0));
//! let response = client.oneshot(request).await?;
//! assert_eq!(Attempts::of(&response), 1);
//! # Ok(())
//! # }
//! ```
//!
//! In the asyncdex stack the layer sits outside the auth and rate-limit layers, so that every
//! attempt gets a fresh token and pays its own rate-limit cost. (`ServiceBuilder` makes the
//! first layer added the outermost.)
//!
//! # What is retried
//!
//! - Responses with status 408, 429, 500, 502, 503 or 504, and errors that the
//!   [`ClassifyError`] calls [`Failure::NotSent`] or [`Failure::Transport`]. Any other error
//!   (say, a rate-limit layer failing fast) is returned at once.
//! - `GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS` and `TRACE` on any of these. `POST` and `PATCH`
//!   only when the server cannot have processed them ([`Failure::NotSent`], 408, 429), or when
//!   the request carries the [`Idempotent`] extension.
//! - At most [`Retries`] times per request (the layer's `max_retries` by default), while the
//!   shared [`RetryBudget`] allows, and never with a resend starting after `max_elapsed`.
//!
//! # How long it waits
//!
//! Before retry `n` (from 0) the layer sleeps a random time in
//! `[0, min(max_backoff, initial_backoff * 2^n)]` ("full jitter"). A `Retry-After` (seconds
//! or HTTP date) or `X-RateLimit-Retry-After` (UNIX time) header wins over the jitter, capped
//! by `max_backoff`. A 429 carrying [`RatelimitPaused`](crate::hint::RatelimitPaused) is resent
//! without a sleep here, because the rate-limit layer below already holds the resend until the
//! pause ends. Either way no resend comes sooner than `initial_backoff` after the answer: a
//! server that says "now" (`Retry-After: 0`) does not get three resends in a row.
//!
//! The request body must be `Clone` so that a resend carries exactly the same bytes
//! (`http_body_util::Full<Bytes>` is); extensions are cloned too. The response of a retried
//! attempt is dropped unread; the final response is returned intact, with an [`Attempts`]
//! extension when it took more than one send. Each retry is logged by `tracing` at debug
//! level under the target `asyncdex_tower::retry`, without headers or bodies.

mod backoff;
mod budget;
mod classify;
mod extensions;
mod future;
mod layer;
mod policy;
mod service;

pub use budget::RetryBudget;
pub use classify::{ClassifyError, DefaultClassifier, Failure};
pub use extensions::{Attempts, Idempotent, Retries};
pub use future::ResponseFuture;
pub use layer::RetryLayer;
pub use service::Retry;
