//! Tests of the config file and the environment: the shared fixtures (a temp file, a fake
//! environment, loaders that check errors are one line) and the topic modules.

mod asyncdex_config;
mod credentials;
mod env_values;
mod environment;
mod file;
mod key_errors;
mod out_path;
mod read_errors;
mod render;
mod toml_syntax;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::load::load_from;
use super::{Config, ConfigError};

/// The example file of the docs, every setting in it.
const FULL_FILE: &str = r#"out = "~/Manga"            # default output dir
languages = ["en", "fr"]   # in order of preference
preset = "komga"
format = "cbz-volume"
prefer_groups = ["Group A"]
block_groups = []
block_uploaders = ["someone"]
data_saver = false
cover = false
comic_info = true
no_oneshots = false
"#;

/// A file under the temp directory with a name no other test (or test run) uses, removed
/// when dropped.
struct TempFile(PathBuf);

impl TempFile {
    /// A new file holding `contents`.
    fn new(contents: &[u8]) -> Self {
        let file = Self::unused();
        std::fs::write(&file.0, contents).expect("write the temp file");
        file
    }

    /// A path that nothing exists at (yet).
    fn unused() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "asyncdex-config-test-{}-{}.toml",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        Self(std::env::temp_dir().join(name))
    }

    /// Its path.
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // A directory stands in for an unreadable file in one test.
        let _ = std::fs::remove_file(&self.0);
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// An environment holding only `vars`, with HOME at `/home/reader`.
fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
    let vars: Vec<(String, String)> = [("HOME", "/home/reader")]
        .iter()
        .chain(vars)
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    move |name| {
        vars.iter()
            .rev()
            .find(|(var, _)| var == name)
            .map(|(_, value)| OsString::from(value))
    }
}

/// Loads `contents` as the default file, with the environment `vars`.
fn load_text(contents: &str, vars: &[(&str, &str)]) -> (TempFile, Result<Config, ConfigError>) {
    let file = TempFile::new(contents.as_bytes());
    let config = load_from(Some(file.path()), &env(vars));
    (file, config)
}

/// The message of the error that loading `contents` fails with, checked to be one line.
fn error_of(contents: &str) -> String {
    let (file, config) = load_text(contents, &[]);
    let message = config.expect_err("loading fails").to_string();
    assert!(!message.contains('\n'), "{message}");
    assert!(
        message.starts_with(&format!("the config file {}: ", file.path().display())),
        "{message}"
    );
    message
}

/// The error that loading with the environment `vars` fails with, checked to be one line.
fn env_error_of(vars: &[(&str, &str)]) -> String {
    let message = load_from(None, &env(vars))
        .expect_err("loading fails")
        .to_string();
    assert!(!message.contains('\n'), "{message}");
    message
}
