//! `asyncdex mock`'s arguments.

use std::path::PathBuf;

use clap::Args;

/// `asyncdex mock`: the fake server's port, faults, latency and request log.
#[derive(Debug, Args)]
pub(crate) struct MockArgs {
    /// Port of its API listener [default: any free port]
    #[arg(long, value_name = "P")]
    pub(crate) port: Option<u16>,
    /// Append a JSON line per answered request (seq, time, listener, method, path, query,
    /// status, fault, remote) to FILE
    #[arg(long, value_name = "FILE")]
    pub(crate) log: Option<PathBuf>,
    /// Inject a fault, with probability P (default 1); repeatable, the first rule that
    /// fires wins. KIND: 400, 403, 429, 500, 502, 503, status_500, status_502, status_503,
    /// 429_no_headers, 429_retry_after (Retry-After: 1), html_400, html_403, captcha,
    /// malformed_json, truncated_body, connection_reset, delay (1 s); several split by |. SCOPE (default: every API
    /// request): a listener (api, auth, image, report, uploads), a method, a path
    /// (/manga/{id}, /data/*). e.g. 429:0.1, 'GET /manga/{id}=500:0.5', 'image
    /// /data/*=connection_reset,times=3'
    #[arg(long, value_name = "[SCOPE=]KIND[:P]")]
    pub(crate) fault: Vec<String>,
    /// Seed of the faults' random choices (default 0): the same seed and the same requests
    /// give the same faults
    #[arg(long, value_name = "N")]
    pub(crate) fault_seed: Option<u64>,
    /// Every request waits MS milliseconds before its answer
    #[arg(long, value_name = "MS")]
    pub(crate) latency: Option<u64>,
    /// No global or per-route rate limits
    #[arg(long)]
    pub(crate) no_limits: bool,
}
