//! Fetching the pages a round per node, switching nodes as they fail, until all are done or
//! no node could finish them.

use std::io;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use futures_util::StreamExt;

use super::node::{Node, may_report};
use super::page::{Outcome, PageState, Round};
use super::page_files::PageFile;
use super::summary::Totals;
use super::{ChapterDownload, DownloadEvent};
use crate::error::{Error, Result};
use crate::model::AtHomeServer;

impl ChapterDownload {
    /// Fetches the pages not `done`, a round per node, switching nodes as they fail. Returns
    /// what it did and the last node's answer.
    pub(super) async fn fetch_pages(
        &self,
        pages: &[PageFile],
        mut done: Vec<bool>,
        mut server: AtHomeServer,
    ) -> Result<(Totals, AtHomeServer)> {
        let report = may_report(&self.client, &self.report_url);
        let mut attempts = vec![0u32; pages.len()];
        let mut totals = Totals::default();
        let mut failure_switches = 0u32;
        loop {
            let pending: Vec<usize> = (0..pages.len()).filter(|&i| !done[i]).collect();
            if pending.is_empty() {
                return Ok((totals, server));
            }
            let node = Node::new(&server, self.quality, report);
            let mut left = Vec::new();
            let mut used_up = false;
            for outcome in self.round(&node, pages, pending, &attempts).await? {
                attempts[outcome.index] = outcome.attempts;
                totals.retries += outcome.retries;
                match outcome.state {
                    PageState::Done { bytes } => {
                        done[outcome.index] = true;
                        totals.fetched += 1;
                        totals.bytes += bytes;
                    }
                    PageState::Left { error, used_up: u } => {
                        used_up |= u;
                        left.push((outcome.index, error));
                    }
                }
            }
            if left.is_empty() {
                return Ok((totals, server));
            }
            left.sort_by_key(|(index, _)| *index);
            if node.bad.load(Ordering::Acquire) || used_up {
                if failure_switches >= self.node_switches {
                    return Err(give_up(left));
                }
                failure_switches += 1;
            }
            // Every page left will be fetched again, on the next node.
            for (index, error) in left {
                if let Some(error) = error {
                    totals.retries += 1;
                    self.emitter.emit(DownloadEvent::Retry {
                        index,
                        attempt: attempts[index],
                        error: Arc::new(error),
                    });
                }
            }
            server = self.next_node(pages.len()).await?;
            totals.switches += 1;
        }
    }

    /// One pass over the `pending` pages on `node`, at most `concurrency` at a time.
    async fn round(
        &self,
        node: &Node,
        pages: &[PageFile],
        pending: Vec<usize>,
        attempts: &[u32],
    ) -> Result<Vec<Outcome>> {
        let round = Round {
            download: self,
            node,
            pages,
            reports: &self.reports,
        };
        let mut tasks = futures_util::stream::iter(pending)
            .map(|index| round.page(index, attempts[index]))
            .buffer_unordered(self.concurrency);
        let mut outcomes = Vec::new();
        while let Some(outcome) = tasks.next().await {
            outcomes.push(outcome?);
        }
        Ok(outcomes)
    }
}

/// The error of a download that no node could finish: the first page's last error.
fn give_up(left: Vec<(usize, Option<Error>)>) -> Error {
    let pages = left.len();
    left.into_iter()
        .find_map(|(_, error)| error)
        .unwrap_or_else(|| {
            Error::transport(
                None,
                io::Error::other(format!("no image node could serve {pages} page(s)")),
            )
        })
}
