//! [`MockServerBuilder`]: the defaults (account, OAuth client, limits, seed) and the knobs
//! over them; [`try_start`](MockServerBuilder::try_start) binds the listeners.
//!
//! The defaults are here; the knobs are grouped by what they set: limits, accounts, answers,
//! the request log, and starting.

mod accounts;
mod answers;
mod limits;
mod requests;
mod start;

use std::time::Duration;

#[cfg(doc)]
use crate::MockServer;
use crate::faults::FaultPlan;
use crate::limits::default_route_limits;
use crate::state::Config;

/// User name of the account that always exists.
pub const DEFAULT_USERNAME: &str = "mock-user";
/// Password of the default account (its e-mail is `mock-user@example.org`).
pub const DEFAULT_PASSWORD: &str = "mock-password";
/// Client id of the OAuth personal client that always exists.
pub const DEFAULT_CLIENT_ID: &str = "mock-client";
/// Secret of the default OAuth client.
pub const DEFAULT_CLIENT_SECRET: &str = "mock-secret";
/// The default catalogue seed.
pub const DEFAULT_SEED: u64 = 0x00A5_D3C0;

/// Builds a [`MockServer`]; see the crate docs for the defaults.
#[derive(Debug, Clone)]
pub struct MockServerBuilder {
    config: Config,
    table_scale: Option<f64>,
    api_port: u16,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        Self {
            config: Config {
                global_limit: Some(5),
                route_limits: true,
                table: default_route_limits(),
                ban_after: 10,
                ban_duration: Duration::from_secs(60),
                access_ttl: Duration::from_secs(15 * 60),
                refresh_ttl: Duration::from_secs(30 * 24 * 3600),
                users: vec![(DEFAULT_USERNAME.to_owned(), DEFAULT_PASSWORD.to_owned())],
                clients: vec![(
                    DEFAULT_CLIENT_ID.to_owned(),
                    DEFAULT_CLIENT_SECRET.to_owned(),
                )],
                faults: FaultPlan::new(),
                seed: DEFAULT_SEED,
                log_requests: true,
                log_capacity: 100_000,
                reject_tokens_on_cdn: true,
                client_checks: true,
                on_request: Vec::new(),
                latency: Duration::ZERO,
                release: None,
            },
            table_scale: None,
            api_port: 0,
        }
    }
}
