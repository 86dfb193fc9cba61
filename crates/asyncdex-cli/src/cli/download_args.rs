//! `asyncdex download`'s arguments.

use std::path::PathBuf;

use clap::Args;

use super::SeriesFlags;

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
