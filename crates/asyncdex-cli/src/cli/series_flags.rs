//! How a series is downloaded: the filter and layout flags of `download` and `sync`.

use clap::Args;

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
