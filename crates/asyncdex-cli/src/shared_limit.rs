//! One MangaDex allowance for every run of the CLI: on one machine a small state file per API
//! host (the default, no setup), across machines a Redis server (`--redis URL` or
//! `ASYNCDEX_REDIS_URL`); `--no-shared-limit` keeps each run to its own limiter.
//!
//! MangaDex limits per IP address: a shell loop that runs the CLI 70 times would otherwise
//! start every run with a fresh burst and know nothing of the last run's 429s.

use std::path::PathBuf;
use std::sync::Arc;

use asyncdex::ClientBuilder;
use asyncdex::http::Uri;
use asyncdex::ratelimit::{FileStore, OnStoreFailure, SharedStore};
use asyncdex_redis::RedisStore;

use crate::cli::Global;
use crate::error::CliError;

/// Where the state files go instead of the platform's cache directory (tests, sandboxes).
const DIR_VAR: &str = "ASYNCDEX_LIMITS_DIR";
/// The Redis server to share the limit through, when `--redis` is not given.
const REDIS_VAR: &str = "ASYNCDEX_REDIS_URL";

/// `builder` with the shared store the flags and the environment choose: none with
/// `--no-shared-limit`, with `--mock` (that fake server lives and dies with this run), or
/// without a cache directory (said at WARN).
pub(crate) fn apply(builder: ClientBuilder, global: &Global) -> Result<ClientBuilder, CliError> {
    if global.no_shared_limit || global.mock {
        return Ok(builder);
    }
    // A URL that does not parse is left to `build`, whose error redacts a password in it.
    let Ok(api) = builder.configured_api_url().parse::<Uri>() else {
        return Ok(builder);
    };
    let host = api.host().unwrap_or_default().to_owned();
    let redis = global.redis.clone().or_else(|| non_empty_var(REDIS_VAR));
    let store: Arc<dyn SharedStore> = match redis {
        Some(url) => Arc::new(
            RedisStore::connect_lazy(&url, &host)
                .map_err(|error| CliError::usage(format!("--redis: {error}")))?,
        ),
        None => match state_dir() {
            Some(dir) => Arc::new(FileStore::for_host(dir, &host, api.port_u16())),
            None => {
                tracing::warn!("no cache directory: this run keeps to its own rate limiter");
                return Ok(builder);
            }
        },
    };
    // A run's first requests open their connections after their slots were reserved: on a
    // busy machine up to 96 ms late (four runs side by side), which made six requests of
    // different runs arrive within one second where the store had spaced them 1.05 s apart.
    // The client's startup margin (300 ms, a run's first second) counts them that late.
    Ok(builder.ratelimit_backend(store, OnStoreFailure::ShareLocally))
}

fn state_dir() -> Option<PathBuf> {
    if let Some(dir) = non_empty_var(DIR_VAR) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "asyncdex", "asyncdex")
        .map(|dirs| dirs.cache_dir().join("limits"))
}

fn non_empty_var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}
