//! Running a plan: fetch each chapter (the chapter download, into a staging folder), pack it
//! (a folder, or an archive), record it in the library's store.

use std::time::Duration;

mod download;
mod fetch;
mod options;
mod record;
mod runner;
mod series;
mod settle;
mod summary;

pub use self::download::PlanDownload;
pub(super) use self::record::{own_target, record};
pub(super) use self::runner::{Fetched, Runner, Slot};
pub use self::summary::{FailedChapter, SeriesSummary};

/// How long covers may take to download.
pub(super) const COVER_TIMEOUT: Duration = Duration::from_secs(60);
