//! A faithful fake MangaDex API server for tests, benches, examples and users testing their own
//! code: real hyper 1 listeners on 127.0.0.1, no network.
//!
#![cfg_attr(
    feature = "client",
    doc = r#"
[`MockServer::client_builder`] hands out an `asyncdex` client aimed at every host of the server
(API, auth, MD@Home reports, uploads), so a test of your code needs no network:

```
use asyncdex_mock::MockServer;

# #[tokio::main(flavor = "current_thread")]
# async fn main() -> asyncdex::Result<()> {
let server = MockServer::start().await;
let client = server.client_builder().build()?;

let expected = &server.catalogue().manga[0];
let manga = client.manga().get(expected.id).send().await?.data;
assert_eq!(manga.title_in(&[]), Some(expected.title.as_str()));
assert_eq!(server.counters().requests, 1);
# Ok(())
# }
```

"#
)]
//! Any HTTP client works; here a bare hyper connection:
//!
//! ```
//! use asyncdex_mock::MockServer;
//! use http_body_util::{BodyExt, Empty};
//! use hyper_util::rt::TokioIo;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let server = MockServer::start().await;
//! let manga = &server.catalogue().manga[0];
//! let url: http::Uri = format!("{}/manga/{}", server.url(), manga.id).parse().unwrap();
//!
//! let stream = tokio::net::TcpStream::connect(url.authority().unwrap().as_str()).await.unwrap();
//! let (mut send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.unwrap();
//! tokio::spawn(conn);
//! // MangaDex, and so the mock, refuse API requests without a real User-Agent.
//! let req = http::Request::get(url.path())
//!     .header("host", "mock")
//!     .header("user-agent", "my-client/1.0")
//!     .body(Empty::<bytes::Bytes>::new())
//!     .unwrap();
//! let res = send.send_request(req).await.unwrap();
//! assert_eq!(res.status(), 200);
//! let body = res.into_body().collect().await.unwrap().to_bytes();
//! let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
//! assert_eq!(json["data"]["attributes"]["title"]["en"], manga.title.as_str());
//! assert_eq!(server.counters().requests, 1);
//! # }
//! ```
//!
#![doc = include_str!("docs/hosts.md")]
//!
#![doc = include_str!("docs/defaults.md")]
//!
#![doc = include_str!("docs/behaviour.md")]

//!
#![doc = include_str!("docs/not_modelled.md")]

pub mod catalogue;
mod clock;
mod faults;
mod limits;
mod log;
mod pages;
mod pipeline;
mod query;
mod render;
mod report;
mod response;
mod routes;
mod server;
mod state;
mod template;
mod util;
mod validate;
mod view;

pub use catalogue::Catalogue;
pub use faults::{FaultKind, FaultPlan, FaultRule, FaultSpecError, Hold, RequestMatch};
pub use limits::{RouteLimit, default_route_limits};
pub use log::{Counters, Listener, LoggedRequest};
pub use report::Report;
pub use server::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_SEED, DEFAULT_USERNAME,
    MockServer, MockServerBuilder,
};

/// Every operation of spec 5.13.1 the server knows: `(method, path template)`.
pub fn operations() -> impl Iterator<Item = (&'static str, &'static str)> {
    routes::OPERATIONS.iter().map(|(m, p, _, _)| (*m, *p))
}
