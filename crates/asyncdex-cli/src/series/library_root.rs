//! The library root a download or sync writes into, and the check that `--json` can print it.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::CliError;
use crate::output;

/// With `--json`, the paths written go into JSON strings, which hold only UTF-8: a library
/// root that is not UTF-8 is refused before anything is fetched, not after.
pub(crate) fn json_root(json: bool, root: &Path) -> Result<(), CliError> {
    if json && root.to_str().is_none() {
        return Err(CliError::usage(format!(
            "the output directory {} is not valid UTF-8, which --json cannot print: choose \
             another --out, or leave out --json",
            output::excerpt(&root.display().to_string(), output::ECHO_MAX)
        )));
    }
    Ok(())
}

/// The library root: the flag, else the config's `out`, else the current directory.
pub(crate) fn root(flag: Option<PathBuf>, config: &Config) -> PathBuf {
    flag.or_else(|| config.out.clone())
        .unwrap_or_else(|| PathBuf::from("."))
}
