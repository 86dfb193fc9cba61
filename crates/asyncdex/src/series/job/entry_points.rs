//! The `MangadexClient` methods that start a series job: `series`, `list_series`,
//! `followed_series` and `sync`.

use std::path::PathBuf;

use uuid::Uuid;

use super::SeriesJob;
use crate::client::MangadexClient;
use crate::series::source::Source;

impl MangadexClient {
    /// A whole manga on disk; see [`crate::series`].
    pub fn series(&self, manga: Uuid) -> SeriesJob {
        SeriesJob::new(self.clone(), Source::Manga { id: manga })
    }

    /// Every manga of a custom list on disk.
    pub fn list_series(&self, list: Uuid) -> SeriesJob {
        SeriesJob::new(self.clone(), Source::List { id: list })
    }

    /// Every manga the logged-in user follows on disk (needs credentials).
    pub fn followed_series(&self) -> SeriesJob {
        SeriesJob::new(self.clone(), Source::Followed)
    }

    /// Brings a library up to date: the new chapters of every series its store records (each
    /// with the options it was downloaded with), and with [`followed`](SeriesJob::followed)
    /// those of the followed feed too. Asks only for what is new: a series whose newest
    /// chapter did not change costs no request of its own (one `GET /manga` covers 100).
    pub fn sync(&self, root: impl Into<PathBuf>) -> SeriesJob {
        SeriesJob::new(self.clone(), Source::Library).root(root)
    }
}
