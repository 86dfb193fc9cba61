//! [`RedisStore`]: the [`SharedStore`] on a Redis server.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use asyncdex_tower::ratelimit::store::{Reserved, StoreError, StoreFuture};
use asyncdex_tower::ratelimit::{SharedLimit, SharedStore};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{FromRedisValue, RedisError, ScriptInvocation};
use tokio::sync::OnceCell;

use crate::builder::RedisStoreBuilder;
use crate::keys::Keys;
use crate::redact::RedactedUrl;
use crate::scripts::SCRIPTS;

/// A rate-limit state shared through Redis by every process that uses the same server, key
/// prefix and API host (see the [crate docs](crate) for the keys and the scripts).
///
/// Each call is one script run by SHA (`EVALSHA`): one round trip, atomic, on Redis's clock.
/// The connection is made on the first call and remade after a loss (the `redis` crate's
/// connection manager); a call that cannot finish within the
/// [timeout](RedisStoreBuilder::timeout) fails with a [`StoreError`].
pub struct RedisStore {
    client: redis::Client,
    config: ConnectionManagerConfig,
    connection: OnceCell<ConnectionManager>,
    url: RedactedUrl,
    keys: Keys,
    /// This store's name in the heartbeat registry.
    id: String,
    timeout: Duration,
    peer_ttl: Duration,
}

impl RedisStore {
    /// The store on the Redis at `url` (`redis://[user:password@]host[:port][/db]`,
    /// `rediss://` for TLS) for the API at `api_host` (e.g. `api.mangadex.org`), with the
    /// default options. Needs no runtime and does not connect: the first call does.
    pub fn connect_lazy(url: &str, api_host: &str) -> Result<Self, StoreError> {
        Self::builder(url, api_host).build()
    }

    /// A builder for a store with other options (key prefix, timeout, heartbeat TTL).
    pub fn builder(url: &str, api_host: &str) -> RedisStoreBuilder {
        RedisStoreBuilder::new(url, api_host)
    }

    pub(crate) fn new(
        client: redis::Client,
        url: RedactedUrl,
        keys: Keys,
        timeout: Duration,
        peer_ttl: Duration,
    ) -> Self {
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout))
            .set_response_timeout(Some(timeout))
            // One quick retry: a failed reconnect fails the waiting calls, and the next call
            // starts another, so a restarted Redis is found again within a call or two.
            .set_number_of_retries(1);
        Self {
            client,
            config,
            connection: OnceCell::new(),
            url,
            keys,
            id: uuid::Uuid::new_v4().simple().to_string(),
            timeout,
            peer_ttl,
        }
    }

    /// [`SharedStore::reserve`], with Redis's clock at the reservation: a committed send goes
    /// out at that time plus the wait, on the clock every process shares (for logs, and for
    /// checks that compare sends of several processes).
    pub async fn reserve_timed(
        &self,
        limits: &[SharedLimit],
        wait: bool,
        late: Duration,
    ) -> Result<(Reserved, SystemTime), StoreError> {
        let mut invocation = SCRIPTS.reserve.prepare_invoke();
        invocation.arg(u8::from(wait)).arg(micros(late));
        for limit in limits {
            if limit.amount == 0 {
                return Err(StoreError::msg(format!(
                    "the limit {:?} allows no sends",
                    limit.name
                )));
            }
            invocation
                .key(self.keys.limit(limit))
                .arg(limit.amount)
                .arg(micros(limit.window));
        }
        let (committed, after, now): (u8, u64, u64) =
            self.run("a reservation", &invocation).await?;
        let after = Duration::from_micros(after);
        let reserved = if committed == 1 {
            Reserved::Send(after)
        } else {
            Reserved::Busy(after)
        };
        Ok((reserved, UNIX_EPOCH + Duration::from_micros(now)))
    }

    /// Runs a script on the shared connection (made on first use), within the timeout.
    async fn run<T: FromRedisValue>(
        &self,
        what: &str,
        invocation: &ScriptInvocation<'_>,
    ) -> Result<T, StoreError> {
        let call = async {
            let mut connection = self.connection().await?;
            invocation.invoke_async(&mut connection).await
        };
        match tokio::time::timeout(self.timeout, call).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(self.failure(what, error)),
            Err(_elapsed) => Err(StoreError::msg(format!(
                "Redis at {} did not answer {what} within {:?}",
                self.url, self.timeout
            ))),
        }
    }

    async fn connection(&self) -> Result<ConnectionManager, RedisError> {
        let manager = self
            .connection
            .get_or_try_init(|| async {
                // rediss:// needs a rustls provider; install ring unless the process chose one
                // (then that one stays: install_default refuses to replace it).
                #[allow(deprecated, reason = "ring, chosen because it builds much faster than aws-lc-rs; rustls 0.23.48 deprecates it only for lacking post-quantum key exchange")]
                let provider = rustls::crypto::ring::default_provider();
                let _ = provider.install_default();
                ConnectionManager::new_lazy_with_config(self.client.clone(), self.config.clone())
            })
            .await?;
        Ok(manager.clone())
    }

    /// The error of a failed call, with the password scrubbed should Redis have quoted it.
    fn failure(&self, what: &str, error: RedisError) -> StoreError {
        let message = format!("Redis at {} failed {what}", self.url);
        match self.url.scrub(&format!("{error} {error:?}")) {
            Some(scrubbed) => StoreError::msg(format!("{message}: {scrubbed}")),
            None => StoreError::new(message, error),
        }
    }
}

impl SharedStore for RedisStore {
    fn reserve<'a>(
        &'a self,
        limits: &'a [SharedLimit],
        wait: bool,
        late: Duration,
    ) -> StoreFuture<'a, Reserved> {
        Box::pin(async move {
            let (reserved, _now) = self.reserve_timed(limits, wait, late).await?;
            Ok(reserved)
        })
    }

    fn pause<'a>(&'a self, limits: &'a [SharedLimit], duration: Duration) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut invocation = SCRIPTS.pause.prepare_invoke();
            invocation.arg(micros(duration));
            for limit in limits {
                invocation
                    .key(self.keys.limit(limit))
                    .arg(micros(limit.window));
            }
            self.run::<u8>("a pause", &invocation).await?;
            Ok(())
        })
    }

    fn paused<'a>(&'a self, limits: &'a [SharedLimit]) -> StoreFuture<'a, Duration> {
        Box::pin(async move {
            let mut invocation = SCRIPTS.paused.prepare_invoke();
            for limit in limits {
                invocation.key(self.keys.limit(limit));
            }
            let left: u64 = self.run("a pause check", &invocation).await?;
            Ok(Duration::from_micros(left))
        })
    }

    fn correct<'a>(
        &'a self,
        limit: &'a SharedLimit,
        used: u32,
        window_end: Duration,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut invocation = SCRIPTS.correct.prepare_invoke();
            invocation
                .key(self.keys.limit(limit))
                .arg(limit.amount)
                .arg(micros(limit.window))
                .arg(used)
                .arg(micros(window_end));
            self.run::<i64>("a correction", &invocation).await?;
            Ok(())
        })
    }

    fn peers(&self) -> StoreFuture<'_, u32> {
        Box::pin(async move {
            let mut invocation = SCRIPTS.peers.prepare_invoke();
            invocation
                .key(self.keys.peers())
                .arg(&self.id)
                .arg(micros(self.peer_ttl));
            let peers: u32 = self.run("a heartbeat", &invocation).await?;
            Ok(peers.max(1))
        })
    }
}

impl fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // By hand: the redis client's own Debug shows the password.
        f.debug_struct("RedisStore")
            .field("url", &self.url)
            .field("keys", &self.keys)
            .field("id", &self.id)
            .field("timeout", &self.timeout)
            .field("peer_ttl", &self.peer_ttl)
            .finish_non_exhaustive()
    }
}

/// Whole microseconds, the unit of every time the scripts keep.
fn micros(duration: Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}
