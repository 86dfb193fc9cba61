//! Image nodes: asking MangaDex for one, how one is doing, and whether it may be reported.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

use uuid::Uuid;

use super::{ChapterDownload, DownloadEvent};
use crate::client::MangadexClient;
use crate::error::{Error, Result};
use crate::model::at_home::is_on;
use crate::model::{AtHomeServer, ImageQuality};

/// Whether this download's nodes may be reported to `report_url`. MangaDex's report hosts
/// hear only of nodes that MangaDex's API handed out: the nodes of another API (a mirror, a
/// test server) are none of their business.
pub(super) fn may_report(client: &MangadexClient, report_url: &str) -> bool {
    let host_of = |url: &str| {
        url.parse::<http::Uri>()
            .ok()
            .and_then(|uri| uri.host().map(str::to_owned))
    };
    let mangadex = |host: &str| is_on(host, "mangadex.org") || is_on(host, "mangadex.network");
    match host_of(report_url) {
        Some(report) if mangadex(&report) => {
            host_of(client.api_base()).is_some_and(|api| mangadex(&api))
        }
        Some(_) => true,
        None => false,
    }
}

/// How long a node's `baseUrl` is used before a new one is asked for (MangaDex gives it for
/// about 15 minutes).
const NODE_LIFETIME: Duration = Duration::from_secs(14 * 60);

/// `GET /at-home/server/{chapter}`: the one place the download asks for a node (through the
/// stack, so under the route's 40-per-minute limit).
pub(super) async fn at_home_server(client: &MangadexClient, chapter: Uuid) -> Result<AtHomeServer> {
    client.at_home().server(chapter).send().await
}

impl ChapterDownload {
    /// A new node for the chapter, which must still have `pages` pages.
    pub(super) async fn next_node(&self, pages: usize) -> Result<AtHomeServer> {
        let next = at_home_server(&self.client, self.chapter).await?;
        let now = next.files(self.quality).len();
        if now != pages {
            return Err(Error::invalid(format!(
                "chapter {} changed during the download ({pages} pages, now {now}): start it again",
                self.chapter,
            )));
        }
        self.emitter.emit(DownloadEvent::NodeSwitched {
            base_url: next.base_url.clone(),
        });
        Ok(next)
    }
}

/// The node of one round, and how it is doing.
pub(super) struct Node {
    pub(super) urls: Vec<String>,
    pub(super) report: bool,
    pub(super) since: Instant,
    pub(super) failures: AtomicU32,
    pub(super) bad: AtomicBool,
}

impl Node {
    pub(super) fn new(server: &AtHomeServer, quality: ImageQuality, may_report: bool) -> Self {
        Self {
            urls: server.page_urls(quality).collect(),
            report: may_report && server.should_report(),
            since: Instant::now(),
            failures: AtomicU32::new(0),
            bad: AtomicBool::new(false),
        }
    }

    /// Whether pages should stop being fetched here.
    pub(super) fn stop(&self) -> bool {
        self.bad.load(Ordering::Acquire) || self.since.elapsed() >= NODE_LIFETIME
    }
}
