//! The knobs of what is kept of the requests: the log, hooks, a log file.

use std::path::Path;
use std::sync::Arc;

use super::MockServerBuilder;
use crate::log::LoggedRequest;

impl MockServerBuilder {
    /// Record requests in the log (default on). Counters are kept either way.
    pub fn log_requests(mut self, on: bool) -> Self {
        self.config.log_requests = on;
        self
    }

    /// Maximum number of logged requests (and of stored reports) kept; older ones are dropped
    /// (default 100 000).
    pub fn log_capacity(mut self, n: usize) -> Self {
        self.config.log_capacity = n.max(1);
        self
    }

    /// Calls `hook` with every request once it is answered (its status and fault set; the
    /// status is `None` for a connection reset), on any listener, whether or not the log keeps
    /// requests. It runs on the server's tasks: keep it short. Several hooks are called in
    /// the order they were given.
    pub fn on_request(mut self, hook: impl Fn(&LoggedRequest) + Send + Sync + 'static) -> Self {
        self.config
            .on_request
            .push(crate::log::RequestHook(Arc::new(hook)));
        self
    }

    /// Appends one JSON object per answered request, on any listener, to the file at `path`
    /// (created when missing), a line each, written whole as the request is answered (a reader
    /// never sees half a line): `seq`, `time` (UTC, RFC 3339), `listener`, `method`, `path`,
    /// `query`, `status` (`null` for a reset connection), `fault` and `remote`. Headers and
    /// bodies are left out: they may hold passwords and tokens.
    ///
    /// # Errors
    /// When the file cannot be opened for appending.
    pub fn log_file(mut self, path: impl AsRef<Path>) -> std::io::Result<Self> {
        let hook = crate::log::file_hook(path.as_ref())?;
        self.config.on_request.push(hook);
        Ok(self)
    }
}
