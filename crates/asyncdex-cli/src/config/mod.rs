//! The optional config file, `asyncdex.toml`, and the `ASYNCDEX_*` environment variables that
//! override it: standing defaults for `download` and `sync`.
//!
//! Precedence, highest first: command-line flags (the CLI applies them on top of [`Config`]),
//! then the environment, then the file, then the built-in defaults. This module checks each
//! value's shape only (a string, a list of strings, a boolean); what a value means (a language
//! code, a preset or format name) is checked by the CLI with the parsers its flags use, so a bad
//! value reads the same wherever it was written.
//!
//! The file is `asyncdex.toml` in the platform's config directory (`~/.config/asyncdex/` on
//! Linux), or the file that `ASYNCDEX_CONFIG` names. The default file may be absent; a named one
//! must exist. Unknown keys are errors, so a typo is never silently ignored, and credentials are
//! refused outright: they belong in the environment, not in a file that gets copied around.

mod credentials;
mod load;
mod raw;
mod render;
mod setting;
#[cfg(test)]
mod tests;

use std::fmt;
use std::path::{Path, PathBuf};

pub(crate) use load::load;
use setting::{FileState, Origin, Setting};

/// The file's name inside the platform's config directory.
const FILE_NAME: &str = "asyncdex.toml";

/// Names a file to read instead of the default one (which then is not looked at).
const CONFIG_VAR: &str = "ASYNCDEX_CONFIG";

/// The settings of the file and the environment, before command-line flags.
///
/// `None` (or an empty list) means that neither the file nor the environment set it, so the
/// command's own default applies.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    /// Output directory and library root for `download` and `sync`, with a leading `~/`
    /// expanded to the home directory.
    pub(crate) out: Option<PathBuf>,
    /// Language codes, most preferred first (not yet checked to be codes).
    pub(crate) languages: Option<Vec<String>>,
    /// Library layout preset name (`komga`, `kavita`, `plain`; not yet checked).
    pub(crate) preset: Option<String>,
    /// Download format name (`folder`, `cbz`, `cbz-volume`, `cbz-single`; not yet checked).
    pub(crate) format: Option<String>,
    /// Scanlation groups whose version of a chapter wins, by name or id.
    pub(crate) prefer_groups: Vec<String>,
    /// Scanlation groups never downloaded, by name or id.
    pub(crate) block_groups: Vec<String>,
    /// Uploaders never downloaded, by name or id.
    pub(crate) block_uploaders: Vec<String>,
    /// Download the compressed (data-saver) pages.
    pub(crate) data_saver: Option<bool>,
    /// Also download the series and volume covers.
    pub(crate) cover: Option<bool>,
    /// Write a ComicInfo.xml into each archive.
    pub(crate) comic_info: Option<bool>,
    /// Skip oneshots.
    pub(crate) no_oneshots: Option<bool>,
    /// The file that was looked at, for the first line of [`Config::render`].
    file: FileState,
    /// Where each setting's value came from, indexed by [`Setting::index`].
    origins: [Origin; Setting::ALL.len()],
}

/// Why loading the file or the environment failed: one line that says what to fix.
#[derive(Debug)]
pub(crate) struct ConfigError {
    /// The whole line, already naming the file or the variable at fault.
    message: String,
}

impl ConfigError {
    /// An error about the environment (or anything not inside the file).
    fn new(message: String) -> Self {
        // One line whatever went in: a key or a path may hold a newline of its own.
        Self {
            message: message.replace(['\n', '\r'], " "),
        }
    }

    /// An error about the file at `path`.
    fn in_file(path: &Path, message: &str) -> Self {
        Self::new(format!("the config file {}: {message}", path.display()))
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}
