//! [`SeriesJob`]'s options: root, filters, format, naming, and what a sync takes.

use std::path::PathBuf;

use super::SeriesJob;
use crate::client::MangadexClient;
use crate::model::Language;
use crate::series::filter::Filters;
use crate::series::naming::Naming;
use crate::series::plan::{Format, SeriesOptions};
use crate::series::source::Source;

impl SeriesJob {
    pub(super) fn new(client: MangadexClient, source: Source) -> Self {
        Self {
            client,
            source,
            root: PathBuf::from("."),
            options: SeriesOptions::default(),
            followed: false,
            full: false,
        }
    }

    /// The library's root directory (default: the current directory); each series gets a
    /// folder in it, and the store lives in `root/.asyncdex/`.
    pub fn root(mut self, root: impl Into<PathBuf>) -> Self {
        self.root = root.into();
        self
    }

    /// Every option at once (for a sync: the options of series new to the library).
    pub fn options(mut self, options: SeriesOptions) -> Self {
        self.options = options;
        self
    }

    /// Which chapters.
    pub fn filters(mut self, filters: Filters) -> Self {
        self.options.filters = filters;
        self
    }

    /// Languages in order of preference.
    pub fn languages(mut self, languages: impl IntoIterator<Item = Language>) -> Self {
        self.options.filters.languages = languages.into_iter().collect();
        self
    }

    /// Folders or archives.
    pub fn format(mut self, format: Format) -> Self {
        self.options.format = format;
        self
    }

    /// Folder and file names.
    pub fn naming(mut self, naming: Naming) -> Self {
        self.options.naming = naming;
        self
    }

    /// Keep every group's version of a chapter.
    pub fn all_groups(mut self, all: bool) -> Self {
        self.options.all_groups = all;
        self
    }

    /// A sync also takes the new chapters of the followed feed (needs credentials).
    pub fn followed(mut self, followed: bool) -> Self {
        self.followed = followed;
        self
    }

    /// A sync reads every series' whole feed again instead of only what is new (finds
    /// chapters published with a date before the last sync, and repairs a library whose
    /// files were deleted along with `--verify`).
    pub fn full(mut self, full: bool) -> Self {
        self.full = full;
        self
    }
}
