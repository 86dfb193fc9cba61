//! Session-token authentication: the legacy MangaDex login and OAuth2 personal clients.
//!
//! ```
//! use std::convert::Infallible;
//!
//! use asyncdex_tower::auth::{AuthLayer, Credentials};
//! use bytes::Bytes;
//! use http::{Request, Response, Uri};
//! use http_body_util::{BodyExt, Full};
//! use tower::{ServiceBuilder, ServiceExt, service_fn};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), tower::BoxError> {
//! // Any `Service<Request<B>>` will do as the transport; this one only answers the legacy
//! // login route and echoes whether a token came along.
//! let transport = service_fn(|request: Request<Full<Bytes>>| async move {
//!     let body = match request.uri().path() {
//!         "/auth/login" => r#"{"result":"ok","token":{"session":"s1","refresh":"r1"}}"#,
//!         _ if request.headers().contains_key("authorization") => "with a token",
//!         _ => "anonymous",
//!     };
//!     Ok::<_, Infallible>(Response::new(Full::new(Bytes::from(body))))
//! });
//!
//! let auth = AuthLayer::legacy(Uri::from_static("https://api.mangadex.org"))
//!     .credentials(Credentials::username("user", "password"))
//!     // What token calls go through: in a real stack, the rate-limited transport.
//!     .token_client(transport.clone());
//! let handle = auth.handle();
//! let service = ServiceBuilder::new().layer(auth).service(transport);
//!
//! // Log in up front (else the first request that wants a token does).
//! handle.login(None).await?;
//! let session = handle.session_token().expect("a session");
//!
//! let request = Request::get("https://api.mangadex.org/user/me").body(Full::default())?;
//! let response = service.clone().oneshot(request).await?;
//! assert_eq!(response.into_body().collect().await?.to_bytes(), "with a token");
//!
//! // Other hosts never see the token.
//! let request = Request::get("https://uploads.mangadex.org/covers/x.jpg").body(Full::default())?;
//! let response = service.oneshot(request).await?;
//! assert_eq!(response.into_body().collect().await?.to_bytes(), "anonymous");
//!
//! assert!(handle.refresh_token().is_some());
//! assert_eq!(handle.session_token().unwrap().expose(), session.expose());
//! # Ok(())
//! # }
//! ```
//!
//! [`AuthLayer`] adds `Authorization: Bearer` to the requests for the API (and auth) origin
//! and keeps the token fresh; [`AuthHandle`] logs in and out and reads the tokens; a
//! [`TokenSource`] says how tokens are obtained: [`LegacySource`], [`OAuthSource`], or your own.
//!
//! The work is split in two layers that share one token store:
//! - [`Session`] ([`AuthLayer::session_layer`]) decides whether a request wants the token,
//!   makes sure a fresh session exists (single flight), sends the request on, and after a 401
//!   renews the session once and replays the request once;
//! - [`Stamp`] ([`AuthLayer::stamp_layer`]) sets the header from the session current when the
//!   request is sent, and tags the response with that session.
//!
//! Put the session layer above a rate limiter and the stamp layer below it: a request that
//! waited in the limiter while the session was renewed then leaves with the new token. The
//! layer alone applies both, session over stamp, e.g. for a stack without a limiter:
//!
//! ```text
//! ServiceBuilder::new()
//!     .layer(retry)
//!     .layer(auth.session_layer())
//!     .layer(ratelimit)
//!     .layer(auth.stamp_layer())
//!     .service(transport)
//! ```
//!
//! Token calls (login, refresh, logout) go through the store's token client, set with
//! [`AuthLayer::token_client`]: typically the rate-limited transport, stamp layer included, so
//! the limiter sees them. The store owns it type-erased; the stamp layer holds only the token
//! state, so a client that contains the stamp layer makes no reference cycle. When none is
//! set, the session service installs a clone of the service it wraps on the first request
//! that wants a token, so [`AuthLayer`] alone in a stack needs no setup; a login before any
//! such request needs a token client set, and otherwise fails with a transient
//! [`TokenCallFailed`].
//!
//! Errors, all boxed into [`tower::BoxError`] and found with `downcast_ref`:
//! [`TokenCallFailed`] when a needed token could not be obtained (see
//! [`is_rejected`](TokenCallFailed::is_rejected): the credentials or refresh token were
//! refused, and every later request that wants a token fails the same way without a call until
//! the handle logs in again, is given new credentials or logs out; otherwise transient,
//! everything kept); [`Unauthorized`] when a request got 401
//! twice, with a fresh token the second time; [`MissingCredentials`] from the handle. A 401 to
//! a request that wants no token (anonymous mode, `WithAuth(false)`, another host) is passed
//! through as a response.
//!
//! Place a retry layer above the session layer: each attempt then gets a fresh token.

mod call;
mod client;
mod credentials;
mod error;
mod future;
mod handle;
mod jwt;
mod layer;
mod legacy;
mod oauth;
mod scope;
mod secret;
mod session;
mod source;
mod stamp;
mod state;
mod store;
mod with_auth;

pub use self::{
    credentials::Credentials,
    error::{MissingCredentials, SessionExpired, TokenCall, TokenCallFailed, Unauthorized},
    future::ResponseFuture,
    handle::AuthHandle,
    layer::AuthLayer,
    legacy::LegacySource,
    oauth::OAuthSource,
    secret::Secret,
    session::{Session, SessionLayer},
    source::{Grant, TokenRequest, TokenSource, Tokens},
    stamp::{Stamp, StampFuture, StampLayer},
    with_auth::WithAuth,
};

/// What [`AuthLayer`] builds as a [`tower::Layer`]: [`Session`] over [`Stamp`].
pub type Auth<S> = Session<Stamp<S>>;
