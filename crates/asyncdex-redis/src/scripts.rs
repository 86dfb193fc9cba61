//! The Lua scripts, one per store call, each one atomic step on Redis's clock.

use std::sync::LazyLock;

use redis::Script;

/// The four scripts, hashed once; [`Script`] calls them by SHA (`EVALSHA`) and loads a script
/// only when the server does not know it yet (first use, or a restarted server).
pub(crate) struct Scripts {
    pub(crate) reserve: Script,
    pub(crate) pause: Script,
    pub(crate) correct: Script,
    pub(crate) peers: Script,
}

pub(crate) static SCRIPTS: LazyLock<Scripts> = LazyLock::new(|| Scripts {
    reserve: with_clock(include_str!("scripts/reserve.lua")),
    pause: with_clock(include_str!("scripts/pause.lua")),
    correct: with_clock(include_str!("scripts/correct.lua")),
    peers: with_clock(include_str!("scripts/peers.lua")),
});

/// `body` after the prelude that reads Redis's clock into `now` and defines the time helpers.
fn with_clock(body: &str) -> Script {
    Script::new(&format!("{}{body}", include_str!("scripts/clock.lua")))
}
