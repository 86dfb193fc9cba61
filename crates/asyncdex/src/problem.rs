//! [`FirstProblem`]: where a request builder parks the first problem it finds while building.

use crate::error::{Error, Result};

/// The first problem found while building a request (a bad header, a body that does not
/// serialize, a parameter out of range). Building goes on so the calls chain; sending stops
/// at [`check`](Self::check) and reports it as [`Error::is_invalid_input`], sending nothing. Later
/// problems are dropped: the first is the cause, the rest are often its consequences.
#[derive(Clone, Debug, Default)]
pub(crate) struct FirstProblem(Option<String>);

impl FirstProblem {
    /// Keeps `problem` unless one was found before it.
    pub(crate) fn record(&mut self, problem: impl Into<String>) {
        self.0.get_or_insert_with(|| problem.into());
    }

    /// The problem as an error, or `Ok` when building found none.
    pub(crate) fn check(self) -> Result<()> {
        self.0
            .map_or(Ok(()), |problem| Err(Error::invalid(problem)))
    }
}
