//! [`PlanDownload`]: a plan set up to run with a client, and running it.

use std::sync::{Arc, Mutex};

use super::runner::Runner;
use super::summary::SeriesSummary;
use crate::client::MangadexClient;
use crate::download::{Emitter, PendingReports};
use crate::error::{Error, Result};
use crate::series::events::SeriesEvent;
use crate::series::plan::Plan;
use crate::series::store::Store;

/// A plan being set up to run; from [`Plan::download`].
#[must_use = "a download does nothing until it is run"]
#[derive(Debug)]
pub struct PlanDownload {
    pub(in crate::series) client: MangadexClient,
    pub(in crate::series) plan: Plan,
    pub(in crate::series) chapters: usize,
    pub(in crate::series) pages: usize,
    pub(in crate::series) report_url: String,
    pub(in crate::series) uploads_url: String,
    pub(in crate::series) fsync: bool,
    pub(in crate::series) emitter: Emitter<SeriesEvent>,
    pub(in crate::series) reports: PendingReports,
}

impl Plan {
    /// Sets up running this plan with `client`.
    pub fn download(self, client: &MangadexClient) -> PlanDownload {
        PlanDownload {
            client: client.clone(),
            plan: self,
            chapters: 3,
            pages: 4,
            report_url: client.report_url().to_owned(),
            uploads_url: format!("{}/covers", client.uploads_url()),
            fsync: false,
            emitter: Emitter::default(),
            reports: PendingReports::default(),
        }
    }
}

impl PlanDownload {
    /// Runs the plan. A chapter that fails does not stop the others: it is listed in
    /// [`SeriesSummary::failed`] and the next run tries it again. Dropping the future stops
    /// the run; pages already fetched wait in `root/.asyncdex/staging/` for the next one.
    ///
    /// # Errors
    ///
    /// [`Error::is_invalid_input`] for a concurrency of 0; [`Error::is_library`] when the store cannot
    /// be opened (another run holds the library, a newer version wrote it, it is damaged);
    /// [`Error::is_io`] when a file cannot be written (a full disk fails every chapter, so the
    /// run stops at the first).
    pub async fn run(self) -> Result<SeriesSummary> {
        if self.chapters == 0 || self.pages == 0 {
            return Err(Error::invalid(
                "the download concurrency must be at least 1",
            ));
        }
        let root = self.plan.root.clone();
        tokio::fs::create_dir_all(&root)
            .await
            .map_err(|e| Error::io("create directory", &root, e))?;
        let store = Arc::new(Mutex::new(Store::open(&root)?));
        let runner = Runner {
            job: &self,
            store,
            root,
        };
        runner.run().await
    }
}
