//! [`SeriesOptions`]: how a series is downloaded, and the defaults.

use serde::{Deserialize, Serialize};

use super::Format;
use crate::series::filter::Filters;
use crate::series::naming::Naming;

/// How a series is downloaded. A library remembers it per series, so `sync` downloads new
/// chapters the same way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SeriesOptions {
    /// Which chapters.
    pub filters: Filters,
    /// Folders or archives.
    pub format: Format,
    /// Folder and file names.
    pub naming: Naming,
    /// Write a `ComicInfo.xml` into every archive (default: yes).
    pub comic_info: bool,
    /// Write the series cover as `cover.jpg` in the series folder, and each volume's cover
    /// as the first image of its volume archive (default: no).
    pub cover: bool,
    /// Compressed images (data-saver) instead of the originals (default: no).
    pub data_saver: bool,
    /// Keep every group's version of a chapter instead of one (default: no).
    pub all_groups: bool,
    /// The series came from the followed feed: a sync that reads that feed needs no other
    /// request for it (set by the plan; a `full` sync checks it anyway).
    pub followed: bool,
}

impl Default for SeriesOptions {
    fn default() -> Self {
        Self {
            filters: Filters::default(),
            format: Format::default(),
            naming: Naming::default(),
            comic_info: true,
            cover: false,
            data_saver: false,
            all_groups: false,
            followed: false,
        }
    }
}
