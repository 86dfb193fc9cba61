//! The command line: global flags and commands (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
    /// Manga, chapter or list links (mangadex.org/title/..., /chapter/..., /list/...) or ids
    #[arg(required = true, value_name = "LINK_OR_ID")]
    pub(crate) ids: Vec<String>,
    /// What bare ids are [default: asked from the API: a manga, else a chapter]
    #[arg(long = "type", value_name = "KIND", value_parser = ["manga", "chapter", "list"])]
    pub(crate) kind: Option<String>,
    /// The library root (each series gets a folder in it) [default: the config's `out`, or .]
    #[arg(long, value_name = "DIR")]
    pub(crate) out: Option<PathBuf>,
    /// For chapter ids: also pack each chapter into DIR/<chapter id>.cbz (series: --format)
    #[arg(long)]
    pub(crate) cbz: bool,
    /// Print the plan (what will be fetched, where it goes, what is left out and why) and stop
    #[arg(long)]
    pub(crate) dry_run: bool,
    #[command(flatten)]
    pub(crate) series: SeriesFlags,
}

/// How a series is downloaded: every filter and layout option. Each overrides the config
/// file (`asyncdex config` shows it).
#[derive(Debug, Args, Default)]
#[command(next_help_heading = "Series options")]
pub(crate) struct SeriesFlags {
    /// Languages in order of preference, comma-separated: each chapter comes in the first it
    /// exists in [default: the config's, or en]; `all` for every language
    #[arg(long, value_name = "L,L...", value_delimiter = ',')]
    pub(crate) lang: Vec<String>,
    /// Only these chapter numbers: 1-10.5, 12-, -5 or 7
    #[arg(long, value_name = "RANGE")]
    pub(crate) chapters: Option<String>,
    /// Only these volumes: 1-3, 4-, -2 or 5
    #[arg(long, value_name = "RANGE")]
    pub(crate) volumes: Option<String>,
    /// Prefer this scanlation group (name or id) when several released a chapter; repeat, best first
    #[arg(long = "prefer-group", value_name = "GROUP")]
    pub(crate) prefer_groups: Vec<String>,
    /// Never take chapters of this group (name or id); repeatable
    #[arg(long = "block-group", value_name = "GROUP")]
    pub(crate) block_groups: Vec<String>,
    /// Never take chapters uploaded by this user (name or id); repeatable
    #[arg(long = "block-uploader", value_name = "USER")]
    pub(crate) block_uploaders: Vec<String>,
    /// Leave out oneshots
    #[arg(long)]
    pub(crate) no_oneshots: bool,
    /// Content ratings to take, comma-separated [default: safe,suggestive,erotica]
    #[arg(long, value_name = "R,R...", value_delimiter = ',')]
    pub(crate) rating: Vec<String>,
    /// Compressed images (data-saver) instead of the originals
    #[arg(long)]
    pub(crate) data_saver: bool,
    /// folder, cbz (one per chapter), cbz-volume or cbz-single [default: the config's, or folder]
    #[arg(long, value_name = "FORMAT")]
    pub(crate) format: Option<String>,
    /// Names for komga, kavita or plain (see the README) [default: the config's, or komga]
    #[arg(long, value_name = "PRESET")]
    pub(crate) preset: Option<String>,
    /// The chapter file or folder name template, e.g. "{title} c{chapter:3}< [{group}]>"
    #[arg(long, value_name = "TEMPLATE")]
    pub(crate) name: Option<String>,
    /// Keep every group's version of a chapter (names never collide)
    #[arg(long)]
    pub(crate) all_groups: bool,
    /// No ComicInfo.xml in the archives
    #[arg(long)]
    pub(crate) no_comicinfo: bool,
    /// Also the series cover (cover.jpg in its folder) and each volume's cover in its archive
    #[arg(long)]
    pub(crate) cover: bool,
}

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
