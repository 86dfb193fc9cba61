//! [`SeriesJob::plan`]: the inputs of the job's source, planned series by series, with fresh
//! metadata for the series that have work.

use std::path::PathBuf;
use std::sync::Mutex;

use super::plan_one::plan_one;
use super::{SeriesJob, lock};
#[cfg(doc)]
use crate::error::Error;
use crate::error::Result;
use crate::series::plan::{Format, Plan};
use crate::series::planner;
use crate::series::source::{self, Source};

impl SeriesJob {
    /// Builds the plan: asks the API for the feeds and metadata, reads what the library
    /// already holds, chooses, names. Changes nothing on disk.
    ///
    /// # Errors
    ///
    /// The API's errors (e.g. [`Error::is_http`] 404 for an unknown manga or list,
    /// [`Error::is_unauthorized`] for the followed feed without credentials);
    /// [`Error::is_library`] when the library's store cannot be read.
    pub async fn plan(self) -> Result<Plan> {
        // Behind a mutex, locked for one statement at a time and never across an await: the
        // store's connection is not `Sync`, and the plan's future must be `Send` to be spawned.
        let store = planner::read_store(&self.root)?.map(Mutex::new);
        let records = match &store {
            Some(store) => lock(store).series()?,
            None => Vec::new(),
        };
        let inputs = match self.source {
            Source::Manga { id } => self.one_manga(id, &records).await?,
            Source::List { id } => self.list(id, &records).await?,
            Source::Followed => self.followed_series(&records).await?,
            Source::Library => self.library(store.as_ref(), &records).await?,
        };
        let followed_mark = inputs.followed_mark;
        let followed_seen = inputs.followed_seen;
        let mut folders: Vec<PathBuf> = records.iter().map(|r| r.folder.clone()).collect();
        let mut series = Vec::with_capacity(inputs.series.len());
        let mut stale = Vec::new();
        for input in inputs.series {
            // Planned from the library's copy of the metadata: enough to see that nothing is
            // new; a series with work is planned again with fresh metadata below.
            let kept = input
                .stored
                .then(|| (input.chapters.clone(), input.options.clone()));
            let planned = plan_one(
                store.as_ref().map(lock).as_deref(),
                &records,
                &mut folders,
                input,
            )?;
            if let Some(kept) = kept.filter(|_| !planned.chapters.is_empty()) {
                stale.push((series.len(), kept));
            }
            series.push(planned);
        }
        self.refresh(store.as_ref(), &records, &mut folders, &mut series, stale)
            .await?;
        for planned in &mut series {
            let wants_covers = planned.options.cover && planned.options.format == Format::CbzVolume;
            if wants_covers && !planned.chapters.is_empty() {
                planned.info.volume_covers =
                    source::volume_covers(&self.client, planned.info.id).await?;
            }
        }
        Ok(Plan {
            root: self.root,
            source: self.source,
            series,
            followed_mark,
            followed_seen,
        })
    }
}
