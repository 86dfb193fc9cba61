//! A Redis store for asyncdex's rate limiter: one MangaDex allowance shared by every process
//! and machine that talks to the same Redis.
//!
//! MangaDex limits per IP address. A bot with workers, or a few machines behind one NAT,
//! share one allowance; [`RedisStore`] keeps the limiter's
//! [`SharedStore`](asyncdex_tower::ratelimit::SharedStore) state in Redis so
//! that together they stay within it.
//!
//! Building a store needs no runtime and does not connect:
//!
//! ```
//! use asyncdex_redis::RedisStore;
//!
//! let store = RedisStore::connect_lazy("redis://:hunter2@127.0.0.1:6379/", "api.mangadex.org")?;
//! // The password never shows.
//! assert!(format!("{store:?}").contains("redis://:***@127.0.0.1:6379/"));
//! # Ok::<(), asyncdex_tower::ratelimit::store::StoreError>(())
//! ```
//!
//! Its first call connects (this part needs a Redis server):
//!
//! ```no_run
//! use std::sync::Arc;
//! use std::time::Duration;
//!
//! use asyncdex_redis::RedisStore;
//! use asyncdex_tower::ratelimit::store::Reserved;
//! use asyncdex_tower::ratelimit::{SharedLimit, SharedStore};
//!
//! # async fn run() -> Result<(), asyncdex_tower::ratelimit::store::StoreError> {
//! let store = RedisStore::builder("redis://127.0.0.1:6379/", "api.mangadex.org")
//!     .timeout(Duration::from_millis(500))
//!     .build()?;
//! let global = SharedLimit { name: Arc::from("global"), amount: 5, window: Duration::from_secs(1) };
//! match store.reserve(&[global], true, Duration::ZERO).await? {
//!     Reserved::Send(wait) => tokio::time::sleep(wait).await, // then send
//!     Reserved::Busy(wait) => println!("ask again in {wait:?}"),
//! }
//! println!("{} processes share the limit", store.peers().await?);
//! # Ok(())
//! # }
//! ```
//!
//! # In Redis
//!
//! Every call is one Lua script run by SHA (`EVALSHA`, loaded again by the `redis` crate when
//! a restarted server lost it): one round trip that decides and commits at once, on Redis's
//! clock (`TIME` inside the script, so machines with skewed clocks agree; Redis 7 or newer).
//! The keys of one API host share the hash tag `{prefix:host}` (so the scripts work on Redis
//! Cluster), and all of them expire once they no longer matter:
//!
//! | key | type | holds |
//! | --- | --- | --- |
//! | `{asyncdex:api.mangadex.org}:state:<limit>` | string | when the limit's pause ends, the slot of its last send, then when each send that can still hold one back reaches the server at the latest, earliest first (µs, each a big-endian `f64`) |
//! | `{asyncdex:api.mangadex.org}:peers` | sorted set | each store's id by its last heartbeat (µs) |
//!
//! A limit's state is one packed string rather than a sorted set and a pause key, so that a
//! reservation of two limits costs Redis four commands (`TIME`, one `MGET`, one `SET` per
//! limit) rather than eleven (see `BENCHMARKS.md`). Builds with an older layout (sorted sets
//! under `:log:` and `:pause:` keys, or a string of send times under `:limit:`) do not see
//! these keys: processes sharing a limit must all run a build with this one.
//!
//! Nothing secret is stored, and the URL's password never appears in `Debug`, `Display`,
//! errors or logs.

mod builder;
mod keys;
mod redact;
mod scripts;
mod store;

pub use builder::{DEFAULT_PEER_TTL, DEFAULT_PREFIX, DEFAULT_TIMEOUT, RedisStoreBuilder};
pub use store::RedisStore;
