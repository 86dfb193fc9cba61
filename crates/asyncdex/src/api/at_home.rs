//! MangaDex@Home (spec tag `AtHome`, 1 operation): `client.at_home()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//! use asyncdex::model::ImageQuality;
//!
//! # async fn run(chapter_id: uuid::Uuid) -> asyncdex::Result<()> {
//! let client = MangadexClient::new()?;
//! let server = client.at_home().server(chapter_id).force_port_443(true).send().await?;
//! for url in server.page_urls(ImageQuality::DataSaver) {
//!     println!("{url}");
//! }
//! # Ok(())
//! # }
//! ```

use uuid::Uuid;

use super::call::{Call, endpoint};
use super::params::params;
use super::{AtHomeApi, Operation};
use crate::model::AtHomeServer;

endpoint!(
    /// `GET /at-home/server/{chapterId}`: where to download a chapter's pages (valid about
    /// 15 minutes).
    AtHomeServerRequest: Get AT_HOME_SERVER_CHAPTER_ID -> AtHomeServer
);

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[AtHomeServerRequest::OPERATION];

impl AtHomeApi<'_> {
    /// `GET /at-home/server/{chapterId}`: where to download a chapter's pages.
    pub fn server(&self, chapter: Uuid) -> AtHomeServerRequest {
        let operation = AtHomeServerRequest::OPERATION;
        AtHomeServerRequest(Call::new(self.client, operation, &[&chapter]))
    }
}

impl AtHomeServerRequest {
    params! {
        /// `true`: an image server on port 443 (for networks that block other ports).
        force_port_443(flag) => "forcePort443";
    }
}
