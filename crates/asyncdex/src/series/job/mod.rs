//! `client.series(id)`, `client.list_series(id)`, `client.followed_series()` and
//! `client.sync(root)`: a series download being set up, and the plan it makes.

mod builder;
mod entry_points;
mod followed;
mod inputs;
mod library;
mod plan_one;
mod planning;
mod refresh;
mod sources;
mod watermarks;

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

#[cfg(doc)]
use super::plan::Plan;
use super::plan::SeriesOptions;
use super::source::Source;
use super::store::Store;
use crate::client::MangadexClient;

pub(crate) use self::watermarks::{FOLLOWED_MARK, seen_key, series_mark};

/// A series download or sync being set up: [`plan`](Self::plan) it, then
/// [`download`](Plan::download) the plan.
#[must_use = "a series job does nothing until it is planned"]
#[derive(Debug)]
pub struct SeriesJob {
    client: MangadexClient,
    source: Source,
    root: PathBuf,
    options: SeriesOptions,
    followed: bool,
    full: bool,
}

fn lock(store: &Mutex<Store>) -> MutexGuard<'_, Store> {
    // The store's methods do not panic while it is locked; were one to, the connection is
    // still usable, so a poisoned lock is taken as it is.
    store.lock().unwrap_or_else(PoisonError::into_inner)
}
