//! The Lua scripts, one per store call, each one atomic step on Redis's clock.

use std::sync::LazyLock;

use asyncdex_tower::ratelimit::store::COMMIT_AHEAD;
use redis::Script;

/// The scripts, hashed once; [`Script`] calls them by SHA (`EVALSHA`) and loads a script
/// only when the server does not know it yet (first use, or a restarted server).
pub(crate) struct Scripts {
    pub(crate) reserve: Script,
    pub(crate) pause: Script,
    pub(crate) paused: Script,
    pub(crate) correct: Script,
    pub(crate) peers: Script,
}

pub(crate) static SCRIPTS: LazyLock<Scripts> = LazyLock::new(|| Scripts {
    // COMMIT_AHEAD is a constant: written into the script once rather than sent with every
    // reservation.
    reserve: with_state(&format!(
        "local AHEAD = {}\n{}",
        COMMIT_AHEAD.as_micros(),
        include_str!("scripts/reserve.lua")
    )),
    pause: with_state(include_str!("scripts/pause.lua")),
    paused: with_state(include_str!("scripts/paused.lua")),
    correct: with_state(include_str!("scripts/correct.lua")),
    peers: Script::new(&with_clock(include_str!("scripts/peers.lua"))),
});

/// `body` after the prelude that reads Redis's clock into `now` and defines `ttl_ms`.
fn with_clock(body: &str) -> String {
    format!("{}{body}", include_str!("scripts/clock.lua"))
}

/// `body` after the clock and the one definition of a limit's state in its key (read, write).
fn with_state(body: &str) -> Script {
    Script::new(&with_clock(&format!(
        "{}{body}",
        include_str!("scripts/state.lua")
    )))
}
