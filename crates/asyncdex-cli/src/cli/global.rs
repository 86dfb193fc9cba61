//! The flags that apply to every command.

use clap::Args;

/// Flags that apply to every command (they may come before or after it).
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub(crate) struct Global {
    /// The API's base URL [default: https://api.mangadex.org, or ASYNCDEX_API_URL]
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) api_url: Option<String>,
    /// The OAuth token endpoint [default: MangaDex's, or ASYNCDEX_AUTH_URL]
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) auth_url: Option<String>,
    /// Where MD@Home download reports go [default: https://api.mangadex.network/report]
    #[arg(long, global = true, value_name = "URL")]
    pub(crate) report_url: Option<String>,
    /// One JSON object per line on stdout instead of a table
    #[arg(long, global = true)]
    pub(crate) json: bool,
    /// Run against an embedded fake MangaDex (no network; its account for login/whoami)
    #[arg(long, global = true, conflicts_with_all = ["api_url", "auth_url", "report_url"])]
    pub(crate) mock: bool,
    /// Fail at once on a rate limit (exit code 4) instead of waiting for a free slot
    #[arg(long, global = true)]
    pub(crate) no_wait: bool,
    /// Share MangaDex's limits through this Redis server (redis:// or rediss://) with every
    /// process on every machine behind this IP [default: ASYNCDEX_REDIS_URL; else a state
    /// file per API host shared by the runs on this machine, in ASYNCDEX_LIMITS_DIR or the
    /// cache directory]
    #[arg(
        long,
        global = true,
        value_name = "URL",
        conflicts_with = "no_shared_limit"
    )]
    pub(crate) redis: Option<String>,
    /// Keep this run to its own rate limiter (no state shared with other runs)
    #[arg(long, global = true)]
    pub(crate) no_shared_limit: bool,
    /// Print nothing but errors (for cron)
    #[arg(long, short, global = true)]
    pub(crate) quiet: bool,
    /// Log the client's work on stderr: -v rate-limit pauses and retries, -vv every wait and
    /// token call, -vvv everything (RUST_LOG=target=level,... overrides)
    #[arg(long, short, global = true, action = clap::ArgAction::Count)]
    pub(crate) verbose: u8,
}
