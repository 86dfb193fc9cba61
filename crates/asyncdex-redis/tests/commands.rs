//! What one reservation costs Redis: one EVALSHA, counted by the server (`INFO
//! commandstats`) on a server of its own.

mod support;

use std::time::Duration;

use asyncdex_tower::ratelimit::SharedStore;
use support::{RedisServer, limit, raw_connection, store};

/// The calls of `command` in `INFO commandstats` (`cmdstat_evalsha:calls=3,...`).
fn calls(stats: &str, command: &str) -> u64 {
    stats
        .lines()
        .find_map(|line| line.strip_prefix(&format!("cmdstat_{command}:calls=")))
        .and_then(|rest| rest.split(',').next())
        .map_or(0, |calls| calls.parse().expect("a count"))
}

#[tokio::test]
async fn a_reservation_is_one_evalsha() {
    let server = RedisServer::start();
    let store = store(&server, "commands.test");
    // MangaDex's sizes (5 and 40) with a window so short that every reservation commits.
    let limits = [
        limit("global", 5, Duration::from_micros(1)),
        limit("GET /at-home/server/{id}", 40, Duration::from_micros(1)),
    ];
    // The first call connects and loads the script.
    store.reserve(&limits, false, Duration::ZERO).await.unwrap();
    let mut redis = raw_connection(&server).await;
    let () = redis::cmd("CONFIG")
        .arg("RESETSTAT")
        .query_async(&mut redis)
        .await
        .unwrap();

    for _ in 0..100 {
        store.reserve(&limits, false, Duration::ZERO).await.unwrap();
    }
    let stats: String = redis::cmd("INFO")
        .arg("commandstats")
        .query_async(&mut redis)
        .await
        .unwrap();
    eprintln!("{stats}");
    assert_eq!(calls(&stats, "evalsha"), 100, "{stats}");
    for other in ["eval", "script|load", "ping"] {
        assert_eq!(calls(&stats, other), 0, "{other}: {stats}");
    }
    // The commands the script runs inside are counted too, but travel no network: the clock,
    // one read of both limits' states, one write of each.
    assert_eq!(calls(&stats, "time"), 100, "{stats}");
    assert_eq!(calls(&stats, "mget"), 100, "{stats}");
    assert_eq!(calls(&stats, "set"), 200, "{stats}");
    let inside = stats
        .lines()
        .filter(|line| line.starts_with("cmdstat_"))
        .filter(|line| !line.contains("_evalsha:") && !line.contains("_config|resetstat:"));
    assert_eq!(inside.count(), 3, "TIME, MGET and SET only: {stats}");
}
