//! `asyncdex sync`'s arguments.

use std::path::PathBuf;

use clap::Args;

use super::SeriesFlags;

#[derive(Debug, Args)]
pub(crate) struct SyncArgs {
    /// The library to bring up to date [default: the config's `out`, or .]
    #[arg(value_name = "DIR")]
    pub(crate) dir: Option<PathBuf>,
    /// Keep running: one sync every DURATION (30m, 2h, 1d), until Ctrl-C or SIGTERM
    #[arg(long, value_name = "DURATION")]
    pub(crate) every: Option<String>,
    /// Also the followed feed [default: when credentials are set]
    #[arg(long, overrides_with = "no_followed")]
    pub(crate) followed: bool,
    /// Not the followed feed, only the series the library holds
    #[arg(long)]
    pub(crate) no_followed: bool,
    /// Read every series' whole feed again, not only what is new
    #[arg(long)]
    pub(crate) full: bool,
    /// Re-check the files on disk first: chapters whose files are gone are fetched again
    #[arg(long)]
    pub(crate) verify: bool,
    /// Print the plan and stop
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// How new series of the followed feed are downloaded
    #[command(flatten)]
    pub(crate) series: SeriesFlags,
}
