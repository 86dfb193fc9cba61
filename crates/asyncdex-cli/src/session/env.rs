//! Reading the environment's variables: their text, and whether one is set.

use crate::error::CliError;

/// An environment variable's text (`None` when unset); one that is not UTF-8 is bad input.
pub(super) fn env_text(name: &str) -> Result<Option<String>, CliError> {
    match std::env::var(name) {
        Ok(text) => Ok(Some(text)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(CliError::usage(format!(
            "{name} is not valid UTF-8: set it to UTF-8 text or unset it"
        ))),
    }
}

/// Whether an environment variable is set to something other than blanks (a blank one
/// counts as unset, as for the client).
pub(super) fn is_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|value| !value.to_string_lossy().trim().is_empty())
}
