//! `-v`/`-vv` and `RUST_LOG`: the stack's tracing events (rate-limit waits and pauses, retries,
//! token calls) on stderr.
//!
//! The library's events never carry a secret (tested in `tests/secrets.rs`), so showing them is
//! safe at every level.

use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::prelude::*;

use crate::error::{CliError, EXIT_USAGE};

/// Installs the stderr logger. `RUST_LOG` (`target=level,...`, or a bare level) wins over
/// `-v`; without either only warnings of asyncdex's own crates show; `--quiet` shows nothing.
pub(crate) fn init(verbose: u8, quiet: bool) -> Result<(), CliError> {
    let filter = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() && !quiet => {
            spec.parse::<Targets>().map_err(|error| {
                CliError::new(
                    EXIT_USAGE,
                    format!("RUST_LOG is not a filter (target=level,... or a level): {error}"),
                )
            })?
        }
        _ => Targets::new().with_target("asyncdex", level(verbose, quiet)),
    };
    let logger = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(true);
    // A second logger (a test harness's) may already be set: then that one stays.
    let _ = tracing_subscriber::registry()
        .with(logger.with_filter(filter))
        .try_init();
    Ok(())
}

/// The level `-v` flags stand for, for asyncdex's crates.
fn level(verbose: u8, quiet: bool) -> LevelFilter {
    match (quiet, verbose) {
        (true, _) => LevelFilter::OFF,
        (false, 0) => LevelFilter::WARN,
        (false, 1) => LevelFilter::INFO,
        (false, 2) => LevelFilter::DEBUG,
        (false, _) => LevelFilter::TRACE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_v_shows_more_and_quiet_shows_nothing() {
        assert_eq!(level(0, false), LevelFilter::WARN);
        assert_eq!(level(1, false), LevelFilter::INFO);
        assert_eq!(level(2, false), LevelFilter::DEBUG);
        assert_eq!(level(5, false), LevelFilter::TRACE);
        assert_eq!(level(3, true), LevelFilter::OFF);
    }
}
