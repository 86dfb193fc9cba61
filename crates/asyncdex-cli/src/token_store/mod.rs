//! The refresh token kept between runs, so that a run (a cron sync) starts from it instead of
//! spending one of the login route's 30 calls an hour.
//!
//! Only the refresh token is kept, never the password or a session token, in the OS keyring
//! ([`OsKeyring`]) or, where none works, in a file only its owner can read ([`TokenFile`]).
//! `ASYNCDEX_TOKEN_STORE` chooses: `auto` (the default: the keyring, else the file), `keyring`,
//! `file` or `none`. Each token is keyed by the server that issued it and the username.

mod file;
mod kept;
mod keyring;
#[cfg(test)]
mod tests;

use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use asyncdex::Secret;

pub(crate) use self::file::TokenFile;
pub(crate) use self::kept::KeptToken;
pub(crate) use self::keyring::OsKeyring;
use crate::error::CliError;

/// The variable that chooses the store.
pub(crate) const STORE_VAR: &str = "ASYNCDEX_TOKEN_STORE";
/// The variable that names the directory of the token file.
pub(crate) const DIR_VAR: &str = "ASYNCDEX_DATA_DIR";

/// Which store `ASYNCDEX_TOKEN_STORE` chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StoreKind {
    /// The OS keyring, else the file (a test server's tokens are not kept at all).
    Auto,
    Keyring,
    File,
    None,
}

impl StoreKind {
    /// The choice in `value` (unset or blank: `auto`).
    pub(crate) fn parse(value: Option<&str>) -> Result<Self, CliError> {
        match value.map(str::trim) {
            None | Some("" | "auto") => Ok(Self::Auto),
            Some("keyring") => Ok(Self::Keyring),
            Some("file") => Ok(Self::File),
            Some("none") => Ok(Self::None),
            Some(other) => Err(CliError::usage(format!(
                "{STORE_VAR} must be auto, keyring, file or none, not `{}`",
                crate::output::excerpt(other, crate::output::ECHO_MAX)
            ))),
        }
    }
}

/// Whose token: the server that issued it (the OAuth token endpoint's origin, or the API's
/// for the legacy login) and the account's username.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TokenKey {
    pub(crate) server: String,
    pub(crate) username: String,
}

/// Why a store could not do what was asked. The messages never hold a token.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum StoreError {
    /// No keyring works here (keyctl blocked in a container, no keychain access): the file
    /// takes over.
    Unavailable(String),
    /// The store holds something that is not a token: replaced at the next save.
    Corrupt(String),
    /// Reading or writing the file failed.
    Io(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unavailable(why) => write!(f, "no usable OS keyring: {why}"),
            Self::Corrupt(what) | Self::Io(what) => f.write_str(what),
        }
    }
}

/// A place refresh tokens are kept in.
pub(crate) trait Backend: Send + Sync {
    /// The token kept for `key`; `None` when there is none.
    fn load(&self, key: &TokenKey) -> Result<Option<Secret>, StoreError>;
    /// Keeps `token` for `key`, replacing any other.
    fn save(&self, key: &TokenKey, token: &Secret) -> Result<(), StoreError>;
    /// Deletes the token of `key`; whether there was one.
    fn delete(&self, key: &TokenKey) -> Result<bool, StoreError>;
    /// Where tokens are kept, for messages: "the OS keyring", a file's path.
    fn place(&self) -> String;
}

/// `auto`: the keyring until it turns out not to work here, then the file for the rest of
/// the run. Detected at run time, on the first call, because only that tells (a container
/// may block the keyctl calls that the same binary makes freely on a desktop).
pub(crate) struct KeyringOrFile {
    keyring: Box<dyn Backend>,
    file: Box<dyn Backend>,
    keyring_failed: AtomicBool,
}

impl KeyringOrFile {
    pub(crate) fn new(keyring: Box<dyn Backend>, file: Box<dyn Backend>) -> Self {
        Self {
            keyring,
            file,
            keyring_failed: AtomicBool::new(false),
        }
    }

    /// `op` on the keyring, or on the file once the keyring has failed.
    fn first_working<T>(
        &self,
        op: impl Fn(&dyn Backend) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if !self.keyring_failed.load(Ordering::Relaxed) {
            match op(&*self.keyring) {
                Err(StoreError::Unavailable(why)) => {
                    tracing::info!(
                        target: "asyncdex::token_store",
                        "no OS keyring here ({why}): the refresh token goes to {}",
                        self.file.place()
                    );
                    self.keyring_failed.store(true, Ordering::Relaxed);
                }
                done => return done,
            }
        }
        op(&*self.file)
    }
}

impl Backend for KeyringOrFile {
    fn load(&self, key: &TokenKey) -> Result<Option<Secret>, StoreError> {
        self.first_working(|store| store.load(key))
    }

    fn save(&self, key: &TokenKey, token: &Secret) -> Result<(), StoreError> {
        self.first_working(|store| store.save(key, token))
    }

    fn delete(&self, key: &TokenKey) -> Result<bool, StoreError> {
        self.first_working(|store| store.delete(key))
    }

    fn place(&self) -> String {
        if self.keyring_failed.load(Ordering::Relaxed) {
            self.file.place()
        } else {
            self.keyring.place()
        }
    }
}

/// The store `kind` names, or `None` for `none`; `auto` keeps nothing for a test server on
/// loopback (`--mock`, or a `MockServer`), whose tokens die with it.
pub(crate) fn open(
    kind: StoreKind,
    data_dir: Option<PathBuf>,
    test_server: bool,
) -> Option<Box<dyn Backend>> {
    let file = || Box::new(TokenFile::in_dir(data_dir.clone()));
    match kind {
        StoreKind::None => None,
        StoreKind::Auto if test_server => None,
        StoreKind::Auto => Some(Box::new(KeyringOrFile::new(Box::new(OsKeyring), file()))),
        StoreKind::Keyring => Some(Box::new(OsKeyring)),
        StoreKind::File => Some(file()),
    }
}

/// The token file's directory: `ASYNCDEX_DATA_DIR`, else the platform's data directory
/// (`~/.local/share/asyncdex/` on Linux, `~/Library/Application Support/org.asyncdex.asyncdex/`
/// on macOS, `%APPDATA%\asyncdex\asyncdex\data\` on Windows); `None` without a home directory.
pub(crate) fn data_dir(var: Option<PathBuf>) -> Option<PathBuf> {
    var.filter(|dir| !dir.as_os_str().is_empty()).or_else(|| {
        directories::ProjectDirs::from("org", "asyncdex", "asyncdex")
            .map(|dirs| dirs.data_dir().to_owned())
    })
}
