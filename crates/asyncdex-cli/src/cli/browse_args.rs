//! The arguments of `asyncdex search` and `asyncdex feed`.

use clap::Args;

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
