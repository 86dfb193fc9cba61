//! What a running server has seen and holds: logged requests, counters, reports, the
//! catalogue, accounts.

use super::MockServer;
use crate::catalogue::Catalogue;
use crate::log::{Counters, LoggedRequest, lock};
use crate::report::Report;

impl MockServer {
    /// The logged requests, oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state.log.snapshot()
    }

    /// Empties the request log (counters are kept).
    pub fn clear_requests(&self) {
        self.state.log.clear();
    }

    /// A snapshot of the counters.
    pub fn counters(&self) -> Counters {
        self.state.counters.snapshot()
    }

    /// The reports received by the report listener, oldest first.
    pub fn reports(&self) -> Vec<Report> {
        lock(&self.state.reports).clone()
    }

    /// The seeded catalogue (generated on first use).
    pub fn catalogue(&self) -> &Catalogue {
        self.state.catalogue()
    }

    /// The id of the account with this user name, if it exists.
    pub fn user_id(&self, username: &str) -> Option<uuid::Uuid> {
        self.state
            .accounts
            .iter()
            .find(|a| a.username == username)
            .map(|a| a.id)
    }
}
