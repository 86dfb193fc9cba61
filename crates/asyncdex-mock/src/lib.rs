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
//! # Hosts
//! Five hosts, each on its own port(s) of 127.0.0.1:
//! - [`MockServer::url`]: the API (`api.mangadex.org`): every operation of spec 5.13.1;
//! - [`MockServer::realm_url`]: the auth host (`auth.mangadex.org`), a Keycloak realm: OpenID
//!   discovery at `{realm}/.well-known/openid-configuration`, the token endpoint
//!   ([`MockServer::auth_url`]; password and refresh-token grants), RFC 7009 revocation and
//!   back-channel logout; clients authenticate by HTTP Basic or in the form body (RFC 6749
//!   section 2.3.1), and a token is bound to the client it was issued to;
//! - [`MockServer::image_url`]: an MD@Home image node, returned as `baseUrl` by
//!   `GET /at-home/server/{id}`; serves `/data/{hash}/{file}` (PNG) and
//!   `/data-saver/{hash}/{file}` (JPEG) with `X-Cache: HIT|MISS`. As on MangaDex, page files
//!   are named `x{n}-{SHA-256 of the bytes}.{png|jpg}`, and a page is served under that exact
//!   name only. With `forcePort443=true` the answer names the node's second listener,
//!   [`MockServer::image_url_443`] (port 443 on MangaDex, which loopback tests cannot bind);
//! - [`MockServer::report_url`]: the MD@Home report endpoint;
//! - [`MockServer::uploads_url`]: the uploads host (`uploads.mangadex.org`): covers at
//!   `/covers/{manga id}/{file name}` and their thumbnails at `{file name}.256.jpg` and
//!   `{file name}.512.jpg`, all JPEG; 404 for a file that is not a cover of that manga.
//!
//! Requests carrying `Authorization` to the image, report or uploads host get a 403 (as real
//! ones do) and are counted in [`Counters::leaked_tokens`].
//!
//! # Defaults
//! | setting | default |
//! |---|---|
//! | global limit | 5 requests/s per client IP, sliding 1 s window, no headers, 429 with `Retry-After: 1` |
//! | per-route limits | [`default_route_limits`], fixed windows from the first request, `X-RateLimit-*` headers |
//! | ban | after 10 early retries (429s for requests sent before the end a previous 429 announced), every request gets an HTML 403 for 60 s; see [the rule](#bans) |
//! | client checks | on: API requests without a real `User-Agent`, or with `Via`, get MangaDex's plain-text 400 ([`MockServerBuilder::client_checks`]) |
//! | account | [`DEFAULT_USERNAME`] / [`DEFAULT_PASSWORD`] (e-mail `mock-user@example.org`) |
//! | OAuth client | [`DEFAULT_CLIENT_ID`] / [`DEFAULT_CLIENT_SECRET`] |
//! | token lifetimes | access/session 15 min, refresh 30 days |
//! | catalogue | seed [`DEFAULT_SEED`], [`MANGA_COUNT`](catalogue::MANGA_COUNT) generated manga, then the [showcase series](catalogue#the-showcase-series) |
//!
//! Only accepted requests count towards the global window (a 429 does not extend it).
//!
//! # Bans
//! Every 429 announces when its limit ends (`Retry-After` for the global limit,
//! `X-RateLimit-Retry-After` for a route's bucket). A request refused with a 429 although it
//! was sent before the end already announced for its limit is an *early retry*
//! ([`Counters::early_retries`]); [`MockServerBuilder::ban_after`] of them start a ban of
//! [`MockServerBuilder::ban_duration`]. The first 429 of a limit never counts, sending to other
//! routes never counts, and a client that waits as every 429 tells it is never banned. The
//! count starts again after a ban, or after `ban_duration` without an early retry.
//!
//! # Behaviour
//! - Real data and filters for manga, chapters, feeds, aggregate, authors, groups, covers,
//!   tags, statistics, users, follows, custom lists, reading statuses, read markers, ratings,
//!   at-home; per-account state in memory.
//! - Writes answer complete entities built from the request, without changing the catalogue:
//!   `POST /manga` makes a draft (state `draft`, version 1, kept per server with its owner and
//!   shown by `GET /manga/draft[/{id}]`; `POST /manga/draft/{id}/commit` submits it: state
//!   `submitted`, version + 1, status 201); `PUT /chapter/{id}` and `PUT /cover/{id}` answer
//!   the edited entity at version + 1 (a later `GET` still shows the original); `POST
//!   /cover/{id}` answers a new cover from the multipart form; `POST /upload/begin[/{id}]`
//!   sessions are kept so that `POST /upload/{id}/commit` answers a chapter of the session's
//!   manga and groups; `POST /forums/thread` answers the entity's thread (integer id). Every
//!   account follows the catalogue's first three users (the spec has no operation to follow a
//!   user): `GET /user/follows/user[/{id}]` list them, and answer 404 for anyone else. These
//!   check required fields (400), ids (404), owners (403) and `version` (409 when not current).
//! - Operations without real behaviour (upload files, settings, API clients, reports ...)
//!   answer a generic body in the right shape (entity, collection or `{"result":"ok"}`), after
//!   checking auth, path UUIDs and JSON bodies; they do not change the catalogue.
//! - Every API answer carries a fresh `X-Request-ID` (a UUID); error bodies
//!   `{"result":"error","errors":[{"id","status","title","detail","context"}]}` repeat it as
//!   every `errors[].id`. 400 for bad parameters, malformed UUIDs, bad JSON or `offset + limit
//!   > 10000`; 401 without a valid, unexpired bearer token on protected routes (and for an
//!   invalid token on any route except `/auth/*` and `/ping`); 404 for unknown ids and routes.
//! - Queries are validated against the parameter lists of spec 5.13.1 (a table derived from
//!   the spec): an undefined parameter, or a value outside its enum, limits (`limit`'s maximum
//!   of 100, or 500 for the chapter feeds), type or pattern, is a `400 validation_exception`
//!   ("The property X is not defined and the definition does not allow additional
//!   properties"). Arrays are accepted as `key[]=`, `key[N]=` and `key=` alike, whichever way
//!   the spec spells the name (it writes `includes` without brackets on `GET /chapter`):
//!   MangaDex reads all three as the same array; scalars only as `key=`, deep objects only as
//!   `order[field]=`. Booleans are `true`, `false`, `1` or `0`.
//! - Pages and covers are real images, small (a few hundred pixels) and deterministic: grey
//!   PNG originals of 20 to 60 KB, JPEG data-saver pages of 4 to 12 KB, JPEG covers of 40 to 80
//!   KB with thumbnails 512 and 256 pixels wide; every page differs (its number is drawn on
//!   it). Page names are computed once per chapter; page bytes are made on each request.
//! - Tokens are JWT-shaped (`header.payload.signature`, payload `{"exp","iat","sub","typ",...}`);
//!   refresh tokens rotate: a used one is rejected (legacy: 401 error body; OAuth: 400
//!   `invalid_grant`).
//! - Time: every window and expiry uses `tokio::time::Instant`, and UNIX times are derived from
//!   it, so tests with paused tokio time see a consistent clock.
//! - A test (`tests/schema.rs`) validates every answer to every operation, in success and
//!   error cases, against the spec's JSON schemas; where the spec is wrong about what MangaDex
//!   sends, its schema is patched in the test data with a note (`tests/data/spec-patches.json`).
//! - Release clock (for sync tests): with [`MockServer::set_release_time`] (or
//!   [`MockServerBuilder::release_time`]), chapters published after the release time do not
//!   exist yet, on every route; none is set by default, so every chapter is out. It does not
//!   follow the tokio clock: catalogue dates are fixed, not relative to the time of the run.
//! - For tests of a client: faults by route, listener, count or seeded chance ([`FaultPlan`];
//!   a rule also reads from text, `"GET /manga/{id}=500:0.5"`, see [`FaultRule`]'s `FromStr`),
//!   requests held until the test lets them go ([`MockServer::hold`]), a latency on every
//!   answer ([`MockServerBuilder::latency`]), and the requests seen ([`MockServer::requests`],
//!   or a file of JSON lines: [`MockServerBuilder::log_file`]). The `asyncdex-mock` program
//!   offers the same as options (`--fault`, `--fault-seed`, `--latency`, `--log`; `--help`).

//!
//! # Not modelled
//! - TLS, HTTP/2 and HTTP/3, redirects from plain HTTP, CORS, hotlink protection, and the
//!   edge's undocumented subnet bans; the edge's captcha is only a fault ([`FaultKind::Captcha`]).
//! - A browser's `User-Agent` (`Mozilla/...`) is always refused: the mock cannot tell a real
//!   browser from a program posing as one, as MangaDex does by other means. The wording of the
//!   `Via` refusal is the mock's own.
//! - The Keycloak browser flow (`authorization_endpoint` answers 400), ID tokens, signed JWTs
//!   (tokens are JWT-shaped, their signature is not checked by anyone) and a key set (`jwks_uri`
//!   lists none); the client-credentials grant.
//! - Request bodies are checked by the routes with real behaviour, not against the spec's
//!   schemas; the generic operations only require JSON.
//! - Writes never change the catalogue (see above); uploads keep no files; reports, settings
//!   and API clients are answers of the right shape only.
//! - The rate-limit table is the documented one: MangaDex's undocumented limits, and the
//!   several load balancers that make the global limit a range, are not modelled.

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
