//! The server and its listeners (API, auth, image node, report, uploads), and shutdown; each
//! request goes through [`pipeline`](crate::pipeline). Its builder, and the defaults it
//! starts from, are in [`builder`]; the server's URLs, what it has seen, and how a test steers
//! it are in `urls`, `inspect` and `control`.

mod accept;
mod builder;
#[cfg(feature = "client")]
mod client;
mod control;
mod inspect;
mod urls;

use std::sync::Arc;

use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use builder::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_SEED, DEFAULT_USERNAME,
    MockServerBuilder,
};

use crate::state::State;

/// A running fake MangaDex: five hosts on 127.0.0.1 (API, auth realm, image node with a second
/// listener for `forcePort443`, report, uploads). Dropping it stops every listener and
/// connection.
#[derive(Debug)]
pub struct MockServer {
    state: Arc<State>,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl MockServer {
    /// Starts a server with the defaults.
    ///
    /// # Panics
    /// When 127.0.0.1 cannot be bound.
    pub async fn start() -> Self {
        Self::builder().start().await
    }

    /// A builder with the defaults.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// Stops every listener and open connection and waits for the tasks to end.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        for t in std::mem::take(&mut self.tasks) {
            let _ = t.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        for t in &self.tasks {
            t.abort();
        }
    }
}
