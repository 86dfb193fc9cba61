//! A Redis that is down, killed mid-run or restarted: calls fail with a `StoreError` within
//! the store's timeout, and work again once Redis is back.

mod support;

use std::future::Future;
use std::time::Duration;

use asyncdex_redis::RedisStore;
use asyncdex_tower::ratelimit::SharedStore;
use asyncdex_tower::ratelimit::store::{Reserved, StoreError};
use support::{RedisServer, limit};

const TIMEOUT: Duration = Duration::from_millis(300);

/// `call`'s result; a call still pending long after the store's timeout is a hang, a failure.
async fn finished<T>(call: impl Future<Output = Result<T, StoreError>>) -> Result<T, StoreError> {
    tokio::time::timeout(Duration::from_secs(10), call)
        .await
        .expect("a store call hung past its timeout")
}

fn store(url: &str) -> RedisStore {
    RedisStore::builder(url, "outage.test")
        .timeout(TIMEOUT)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_killed_redis_fails_every_call_and_a_restarted_one_serves_them_again() {
    let mut server = RedisServer::start();
    let store = store(&server.url());
    let global = limit("global", 100, Duration::from_secs(1));
    let limits = [global.clone()];
    assert!(matches!(
        finished(store.reserve(&limits, true, Duration::ZERO)).await,
        Ok(Reserved::Send(_))
    ));

    server.kill();
    let error = finished(store.reserve(&limits, true, Duration::ZERO))
        .await
        .unwrap_err();
    assert!(error.to_string().contains("127.0.0.1"), "{error}");
    assert!(
        finished(store.pause(&limits, Duration::from_secs(1)))
            .await
            .is_err()
    );
    assert!(
        finished(store.correct(&global, 1, Duration::from_secs(1)))
            .await
            .is_err()
    );
    assert!(finished(store.peers()).await.is_err());

    // The restarted server has lost the scripts too; the store loads them again.
    server.restart();
    let mut failures = 0;
    let reserved = loop {
        match finished(store.reserve(&limits, true, Duration::ZERO)).await {
            Ok(reserved) => break reserved,
            Err(error) if failures < 40 => {
                failures += 1;
                eprintln!("not back yet: {error}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(error) => panic!("Redis is back but the store is not: {error}"),
        }
    };
    assert_eq!(reserved, Reserved::Send(Duration::ZERO));
    assert_eq!(finished(store.peers()).await.unwrap(), 1);
}

#[tokio::test]
async fn a_redis_down_from_the_start_fails_calls_with_a_store_error() {
    let mut server = RedisServer::start();
    let url = server.url();
    server.kill();
    let store = store(&url);
    let limits = [limit("global", 5, Duration::from_secs(1))];
    let error = finished(store.reserve(&limits, true, Duration::ZERO))
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("failed a reservation")
            || error.to_string().contains("did not answer"),
        "{error}"
    );
    assert!(finished(store.peers()).await.is_err());
}
