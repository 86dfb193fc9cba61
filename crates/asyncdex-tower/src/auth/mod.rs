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
//!     .credentials(Credentials::username("user", "password"));
//! let handle = auth.handle();
//! let service = ServiceBuilder::new().layer(auth).service(transport);
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
//! # Ok(())
//! # }
//! ```
//!
//! [`AuthLayer`] gives a stack an [`Auth`] service that adds `Authorization: Bearer` to the
//! requests for the API (and auth) origin and keeps the token fresh; [`AuthHandle`] logs in
//! and out and reads the tokens; a [`TokenSource`] says how tokens are obtained:
//! [`LegacySource`], [`OAuthSource`], or your own.
//!
//! Errors, all boxed into [`tower::BoxError`] and found with `downcast_ref`:
//! [`TokenCallFailed`] when a needed token could not be obtained (see
//! [`is_rejected`](TokenCallFailed::is_rejected): the credentials or refresh token were refused
//! and dropped; otherwise transient, everything kept); [`Unauthorized`] when a request got 401
//! twice, with a fresh token the second time; [`MissingCredentials`] from the handle. A 401 to
//! a request that carried no token (anonymous mode, `WithAuth(false)`, another host) is passed
//! through as a response.
//!
//! Token calls go through the service the layer wraps, so in the asyncdex stack the rate-limit
//! layer below sees and limits them. Place a retry layer above this one: each attempt then
//! gets a fresh token.

mod call;
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
mod service;
mod source;
mod state;
mod store;
mod with_auth;

pub use self::{
    credentials::Credentials,
    error::{MissingCredentials, TokenCall, TokenCallFailed, Unauthorized},
    future::ResponseFuture,
    handle::AuthHandle,
    layer::AuthLayer,
    legacy::LegacySource,
    oauth::OAuthSource,
    secret::Secret,
    service::Auth,
    source::{Grant, TokenRequest, TokenSource, Tokens},
    with_auth::WithAuth,
};
