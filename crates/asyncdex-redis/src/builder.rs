//! [`RedisStoreBuilder`]: the options of a [`RedisStore`].

use std::fmt;
use std::time::Duration;

use asyncdex_tower::ratelimit::store::StoreError;

use crate::keys::Keys;
use crate::redact::RedactedUrl;
use crate::store::RedisStore;

/// The key prefix unless [`RedisStoreBuilder::prefix`] sets another.
pub const DEFAULT_PREFIX: &str = "asyncdex";

/// How long a store call may take unless [`RedisStoreBuilder::timeout`] says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(2);

/// How long a heartbeat counts unless [`RedisStoreBuilder::peer_ttl`] says otherwise.
pub const DEFAULT_PEER_TTL: Duration = Duration::from_secs(10);

/// Builds a [`RedisStore`]; from [`RedisStore::builder`]. Building needs no runtime and does
/// not connect.
#[derive(Clone)]
pub struct RedisStoreBuilder {
    url: String,
    api_host: String,
    prefix: String,
    timeout: Duration,
    peer_ttl: Duration,
}

impl RedisStoreBuilder {
    pub(crate) fn new(url: &str, api_host: &str) -> Self {
        Self {
            url: url.to_owned(),
            api_host: api_host.to_owned(),
            prefix: DEFAULT_PREFIX.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            peer_ttl: DEFAULT_PEER_TTL,
        }
    }

    /// The first part of every key name (default [`DEFAULT_PREFIX`]), so that several
    /// applications can share one Redis.
    #[must_use]
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// How long one store call may take, connecting included (default [`DEFAULT_TIMEOUT`]);
    /// past it the call fails with a [`StoreError`], so a lost Redis never hangs a request.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long a store's heartbeat counts it among the peers (default
    /// [`DEFAULT_PEER_TTL`]).
    #[must_use]
    pub fn peer_ttl(mut self, peer_ttl: Duration) -> Self {
        self.peer_ttl = peer_ttl;
        self
    }

    /// The store. Fails on a URL that the `redis` crate cannot use (`redis://`, `rediss://`
    /// and `unix://` are accepted), and on a prefix or host holding braces.
    pub fn build(self) -> Result<RedisStore, StoreError> {
        let url = RedactedUrl::new(&self.url);
        let keys = Keys::new(&self.prefix, &self.api_host)?;
        // The redis crate's parse errors never quote the URL, but they are not kept either:
        // a message naming the masked URL says all there is.
        let client = redis::Client::open(self.url.as_str())
            .map_err(|_| StoreError::msg(format!("not a usable Redis URL: {url}")))?;
        Ok(RedisStore::new(
            client,
            url,
            keys,
            self.timeout,
            self.peer_ttl,
        ))
    }
}

impl fmt::Debug for RedisStoreBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisStoreBuilder")
            .field("url", &RedactedUrl::new(&self.url))
            .field("api_host", &self.api_host)
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .field("peer_ttl", &self.peer_ttl)
            .finish()
    }
}
