//! The command line: global flags and commands (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const AFTER_HELP: &str = "\
Credentials come from the environment: ASYNCDEX_USERNAME and ASYNCDEX_PASSWORD (an account),
ASYNCDEX_CLIENT_ID and ASYNCDEX_CLIENT_SECRET (an OAuth personal client), ASYNCDEX_REFRESH_TOKEN.

Examples:
  asyncdex --mock search Dragon           no network needed: an embedded fake MangaDex
  asyncdex search Frieren --limit 5
  asyncdex feed <manga-id> --lang en --all
  asyncdex download <chapter-id> --out manga --cbz

Exit codes: 0 ok, 1 API or network error, 2 bad usage or input, 3 unauthorized,
4 rate-limited (with --no-wait).";

/// Search MangaDex, list chapters and download them, from the command line.
#[derive(Debug, Parser)]
#[command(name = "asyncdex", version, after_help = AFTER_HELP)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

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
    #[arg(long, global = true)]
    pub(crate) mock: bool,
    /// Fail at once on a rate limit (exit code 4) instead of waiting for a free slot
    #[arg(long, global = true)]
    pub(crate) no_wait: bool,
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
    /// Download chapters to disk (resumable: pages already there are skipped)
    Download(DownloadArgs),
    /// Show the account the configured credentials log in to
    Whoami,
    /// Log in with the configured credentials and say whether it worked
    Login,
    /// Log in with the configured credentials, then end that session
    Logout,
    /// Run the fake MangaDex server in the foreground until Ctrl-C
    Mock {
        /// Port of its API listener [default: any free port]
        #[arg(long, value_name = "P")]
        port: Option<u16>,
    },
}

#[derive(Debug, Args)]
pub(crate) struct SearchArgs {
    /// Words of the title
    pub(crate) title: String,
    /// How many results to show
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=100), conflicts_with = "all")]
    pub(crate) limit: u32,
    /// Every result (fetched 100 at a time, up to the API's 10,000)
    #[arg(long)]
    pub(crate) all: bool,
    /// Only manga translated to this language (en, ja, fr, pt-br...); titles shown in it
    #[arg(long, value_name = "L")]
    pub(crate) lang: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct FeedArgs {
    /// The manga's id (a UUID, or a mangadex.org/title/... link)
    pub(crate) id: String,
    /// Only chapters translated to this language (en, ja, fr, pt-br...)
    #[arg(long, value_name = "L")]
    pub(crate) lang: Option<String>,
    /// How many chapters to show
    #[arg(long, value_name = "N", default_value_t = 100,
          value_parser = clap::value_parser!(u32).range(1..=500), conflicts_with = "all")]
    pub(crate) limit: u32,
    /// Every chapter (fetched 500 at a time)
    #[arg(long)]
    pub(crate) all: bool,
}

#[derive(Debug, Args)]
pub(crate) struct DownloadArgs {
    /// The chapters' ids (UUIDs, or mangadex.org/chapter/... links)
    #[arg(required = true, value_name = "CHAPTER_ID")]
    pub(crate) ids: Vec<String>,
    /// The directory each chapter's directory goes in
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub(crate) out: PathBuf,
    /// Compressed images (data-saver) instead of the originals
    #[arg(long)]
    pub(crate) data_saver: bool,
    /// Also pack each chapter into DIR/<chapter id>.cbz
    #[arg(long)]
    pub(crate) cbz: bool,
}
