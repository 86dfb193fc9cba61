//! The heartbeat registry: how many stores use one Redis for one API host.

mod support;

use std::time::Duration;

use asyncdex_redis::RedisStore;
use asyncdex_tower::ratelimit::SharedStore;
use support::RedisServer;

#[tokio::test]
async fn peers_counts_the_stores_that_heartbeat_and_drops_one_that_stops() {
    let server = RedisServer::shared();
    // Long enough that a loaded machine does not drop a store between two of its calls.
    let ttl = Duration::from_secs(1);
    let build = || {
        RedisStore::builder(&server.url(), "peers.test")
            .peer_ttl(ttl)
            .build()
            .unwrap()
    };
    let (first, second) = (build(), build());
    assert_eq!(first.peers().await.unwrap(), 1);
    assert_eq!(second.peers().await.unwrap(), 2);
    assert_eq!(first.peers().await.unwrap(), 2);

    // Redis's real clock decides, so this wait is real: past the TTL, with only the first
    // store still heartbeating.
    tokio::time::sleep(ttl + Duration::from_millis(100)).await;
    assert_eq!(
        first.peers().await.unwrap(),
        1,
        "the silent store is dropped"
    );
}

#[tokio::test]
async fn stores_of_other_hosts_or_prefixes_are_not_peers() {
    let server = RedisServer::shared();
    let url = server.url();
    let mine = RedisStore::connect_lazy(&url, "apart.test").unwrap();
    let other_host = RedisStore::connect_lazy(&url, "elsewhere.test").unwrap();
    let other_prefix = RedisStore::builder(&url, "apart.test")
        .prefix("another-app")
        .build()
        .unwrap();
    assert_eq!(other_host.peers().await.unwrap(), 1);
    assert_eq!(other_prefix.peers().await.unwrap(), 1);
    assert_eq!(mine.peers().await.unwrap(), 1);
}
