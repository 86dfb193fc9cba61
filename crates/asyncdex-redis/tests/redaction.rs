//! A password in the Redis URL never shows: not in `Debug`, not in errors.

mod support;

use std::error::Error;
use std::time::Duration;

use asyncdex_redis::RedisStore;
use asyncdex_tower::ratelimit::SharedStore;
use support::{RedisServer, limit};

const PASSWORD: &str = "hunter2-Secret";

/// Everything an error shows: its `Display`, its `Debug` and those of its sources.
fn everything_shown(error: &(dyn Error + 'static)) -> String {
    let mut shown = format!("{error} {error:?}");
    let mut source = error.source();
    while let Some(cause) = source {
        shown += &format!(" {cause} {cause:?}");
        source = cause.source();
    }
    shown
}

#[test]
fn debug_shows_the_url_with_its_password_masked() {
    let url = format!("redis://bot:{PASSWORD}@127.0.0.1:6379/2");
    let builder = RedisStore::builder(&url, "api.test").prefix("app");
    assert!(!format!("{builder:?}").contains(PASSWORD), "{builder:?}");
    let store = builder.build().unwrap();
    let shown = format!("{store:?}");
    assert!(!shown.contains(PASSWORD), "{shown}");
    assert!(
        shown.contains("redis://bot:***@127.0.0.1:6379/2"),
        "{shown}"
    );
}

#[test]
fn a_rediss_url_is_accepted_and_masked() {
    let url = format!("rediss://:{PASSWORD}@redis.example:6380/");
    let store = RedisStore::connect_lazy(&url, "api.test").unwrap();
    let shown = format!("{store:?}");
    assert!(
        !shown.contains(PASSWORD) && shown.contains("rediss://:***@"),
        "{shown}"
    );
}

#[test]
fn a_bad_url_or_prefix_is_a_typed_error_without_the_password() {
    for url in [
        format!("redis://:{PASSWORD}@[::1"),
        format!("http://:{PASSWORD}@127.0.0.1:6379/"),
    ] {
        let error = RedisStore::connect_lazy(&url, "api.test").unwrap_err();
        let shown = everything_shown(&error);
        assert!(!shown.contains(PASSWORD), "{shown}");
    }
    let url = format!("redis://:{PASSWORD}@127.0.0.1:6379/");
    let error = RedisStore::builder(&url, "api.test")
        .prefix("a}b")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("braces"), "{error}");
}

#[tokio::test]
async fn errors_of_a_refused_password_or_a_closed_port_never_show_it() {
    let server = RedisServer::shared();
    // The server has no password: it refuses this one (AUTH fails).
    let refused = format!("redis://bot:{PASSWORD}@127.0.0.1:{}/", server.port());
    let mut closed_server = RedisServer::start();
    let closed = closed_server
        .url()
        .replace("redis://", &format!("redis://:{PASSWORD}@"));
    closed_server.kill();
    for url in [refused, closed] {
        let store = RedisStore::builder(&url, "redaction.test")
            .timeout(Duration::from_millis(500))
            .build()
            .unwrap();
        let error = store
            .reserve(
                &[limit("global", 5, Duration::from_secs(1))],
                true,
                Duration::ZERO,
            )
            .await
            .unwrap_err();
        let shown = everything_shown(&error);
        assert!(!shown.contains(PASSWORD), "{shown}");
        assert!(
            shown.contains("***"),
            "the masked URL names the server: {shown}"
        );
    }
}
