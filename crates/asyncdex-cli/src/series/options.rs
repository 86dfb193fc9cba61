//! The series options: flags over the config file (and its environment) over defaults.

use asyncdex::model::ContentRating;
use asyncdex::series::{Filters, Format, Naming, Preset, SeriesOptions, Template};

use crate::cli::SeriesFlags;
use crate::config::Config;
use crate::error::CliError;
use crate::input;
use crate::output;

/// The series options: flags over the config file (and its environment) over defaults.
pub(crate) fn options(config: &Config, flags: &SeriesFlags) -> Result<SeriesOptions, CliError> {
    let mut options = SeriesOptions::default();
    let languages: Vec<String> = if flags.lang.is_empty() {
        config.languages.clone().unwrap_or_default()
    } else {
        flags.lang.clone()
    };
    options.filters = filters(config, flags, &languages)?;
    let format = flags.format.as_ref().or(config.format.as_ref());
    if let Some(format) = format {
        options.format = format
            .parse::<Format>()
            .map_err(|e| CliError::usage(e.to_string()))?;
    }
    let preset = flags.preset.as_ref().or(config.preset.as_ref());
    if let Some(preset) = preset {
        let preset = preset
            .parse::<Preset>()
            .map_err(|e| CliError::usage(format!("{e}")))?;
        options.naming = Naming::preset(preset);
    }
    if let Some(name) = &flags.name {
        options.naming.chapter = name
            .parse::<Template>()
            .map_err(|e| CliError::usage(e.to_string()))?;
    }
    options.data_saver = flags.data_saver || config.data_saver.unwrap_or(false);
    options.cover = flags.cover || config.cover.unwrap_or(false);
    options.comic_info = !flags.no_comicinfo && config.comic_info.unwrap_or(true);
    options.all_groups = flags.all_groups;
    Ok(options)
}

fn filters(
    config: &Config,
    flags: &SeriesFlags,
    languages: &[String],
) -> Result<Filters, CliError> {
    let mut filters = Filters::default();
    if languages.iter().any(|l| l.trim() == "all") {
        filters.languages.clear();
    } else if !languages.is_empty() {
        filters.languages = languages
            .iter()
            .map(|l| input::language(l))
            .collect::<Result<_, _>>()?;
    }
    let range = |text: &Option<String>| {
        text.as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|e: asyncdex::series::RangeError| CliError::usage(e.to_string()))
    };
    filters.chapters = range(&flags.chapters)?;
    filters.volumes = range(&flags.volumes)?;
    let pick = |flag: &Vec<String>, file: &Vec<String>| {
        if flag.is_empty() {
            file.clone()
        } else {
            flag.clone()
        }
    };
    filters.prefer_groups = pick(&flags.prefer_groups, &config.prefer_groups);
    filters.block_groups = pick(&flags.block_groups, &config.block_groups);
    filters.block_uploaders = pick(&flags.block_uploaders, &config.block_uploaders);
    filters.no_oneshots = flags.no_oneshots || config.no_oneshots.unwrap_or(false);
    if !flags.rating.is_empty() {
        filters.content_ratings = flags
            .rating
            .iter()
            .map(|r| rating(r))
            .collect::<Result<_, _>>()?;
    }
    Ok(filters)
}

fn rating(text: &str) -> Result<ContentRating, CliError> {
    let rating = ContentRating::from(text.trim().to_ascii_lowercase().as_str());
    if rating.is_unknown() {
        return Err(CliError::usage(format!(
            "unknown content rating {:?}: use safe, suggestive, erotica or pornographic",
            output::excerpt(text, output::ECHO_MAX)
        )));
    }
    Ok(rating)
}
