//! The command line: global flags and commands (clap derive).
//!
//! The top-level parser and the list of commands are here; the global flags and each command's
//! arguments have their own modules.

mod browse_args;
mod download_args;
mod global;
mod mock_args;
mod series_flags;
mod sync_args;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub(crate) use self::browse_args::{FeedArgs, SearchArgs};
pub(crate) use self::download_args::DownloadArgs;
pub(crate) use self::global::Global;
pub(crate) use self::mock_args::MockArgs;
pub(crate) use self::series_flags::SeriesFlags;
pub(crate) use self::sync_args::SyncArgs;

const AFTER_HELP: &str = "\
Credentials come from the environment: ASYNCDEX_USERNAME and ASYNCDEX_PASSWORD (an account),
ASYNCDEX_CLIENT_ID and ASYNCDEX_CLIENT_SECRET (an OAuth personal client), ASYNCDEX_REFRESH_TOKEN.
After a login the refresh token (never the password) is kept, so later runs refresh instead of
logging in again; `asyncdex logout` revokes and deletes it. ASYNCDEX_TOKEN_STORE chooses where:
auto (default: the OS keyring, else a file readable only by you in the data directory or
ASYNCDEX_DATA_DIR; nothing for --mock or a server on loopback), keyring, file or none.

Examples:
  asyncdex --mock search Dragon           no network needed: an embedded fake MangaDex
  asyncdex search Frieren --limit 5
  asyncdex feed <manga-id> --lang en --all
  asyncdex --mock download 32aebfe5-edd2-4283-ad06-71766628d510 --out library --format cbz-volume
  asyncdex download https://mangadex.org/title/<id> --lang en,fr --preset kavita --dry-run
  asyncdex sync library --every 30m

Exit codes: 0 ok, 1 API or network error, 2 bad usage or input, 3 unauthorized,
4 rate-limited (with --no-wait) or temporarily banned for sending too fast.";

/// Search MangaDex, list chapters and download them, from the command line.
#[derive(Debug, Parser)]
#[command(name = "asyncdex", version, after_help = AFTER_HELP)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Search manga by title: id, title, year, status
    Search(SearchArgs),
    /// One manga: title, authors, artists, tags, description
    Manga {
        /// The manga's id (a UUID, or a mangadex.org/title/... link)
        id: String,
        /// Show the title, tags and description in this language when there is one
        #[arg(long, value_name = "L")]
        lang: Option<String>,
    },
    /// The chapters of a manga: id, volume, chapter, title, language, pages
    Feed(FeedArgs),
    /// The page image URLs of a chapter
    Pages {
        /// The chapter's id (a UUID, or a mangadex.org/chapter/... link)
        id: String,
        /// Compressed images (data-saver) instead of the originals
        #[arg(long)]
        data_saver: bool,
    },
    /// Download whole series (manga or list links) or chapters to disk; resumable
    Download(DownloadArgs),
    /// Bring a library up to date: new chapters of its series (and of the followed feed)
    Sync(SyncArgs),
    /// What a library holds: its series, their chapters, and files missing on disk
    Library {
        /// The library [default: the config's `out`, or .]
        #[arg(value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// The effective settings (config file, environment, defaults) and where each comes from
    Config,
    /// Show the account the configured credentials log in to
    Whoami,
    /// Log in (from the kept refresh token when there is one) and say whether it worked
    Login,
    /// End the session: revoke and delete the kept refresh token (with no store, log in with
    /// the configured credentials and end that session)
    Logout,
    /// Run the fake MangaDex server in the foreground until Ctrl-C
    Mock(MockArgs),
}
