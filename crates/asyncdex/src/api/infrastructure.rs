//! Health check (spec tag `Infrastructure`, 1 operation): `client.ping()`.
//!
//! ```no_run
//! use asyncdex::MangadexClient;
//!
//! # async fn run() -> asyncdex::Result<()> {
//! let client = MangadexClient::new()?;
//! assert_eq!(client.ping().send().await?, "pong");
//! # Ok(())
//! # }
//! ```

use super::call::Call;
use super::{Operation, Verb};
use crate::client::MangadexClient;
use crate::error::Result;

/// `GET /ping`: `pong` (plain text) when the API is healthy.
#[derive(Clone, Debug)]
#[must_use = "a request does nothing until it is sent"]
pub struct Ping(Call);

impl Ping {
    /// The operation of the spec this builder calls.
    pub const OPERATION: Operation = Operation::new(
        Verb::Get,
        asyncdex_tower::ratelimit::constants::routes::PING,
    );

    /// Sends the request: the answer's text (`pong`).
    ///
    /// # Errors
    ///
    /// As [`RequestBuilder::send`](crate::RequestBuilder::send), and
    /// [`Error::is_decode`](crate::Error::is_decode) when the answer is not text.
    pub async fn send(self) -> Result<String> {
        Ok(self.0.send().await?.text()?.to_owned())
    }
}

/// The operations of this tag.
pub(crate) const OPERATIONS: &[Operation] = &[Ping::OPERATION];

impl MangadexClient {
    /// `GET /ping` (tag `Infrastructure`): whether the API is healthy.
    pub fn ping(&self) -> Ping {
        Ping(Call::new(self, Ping::OPERATION, &[]))
    }
}
