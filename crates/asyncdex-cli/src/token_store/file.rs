//! The token file, where no keyring works: one JSON object,
//! `{"<server>": {"<username>": "<refresh token>"}}`, that only its owner can read (mode
//! 0600 in a 0700 directory on Unix; the per-user data directory elsewhere).
//!
//! Every write replaces the whole file atomically (a new file, made private before the token
//! goes in, then renamed over the old one), so a crash or a second run writing at the same
//! moment never leaves half a file. Two runs saving at the same moment: the last one wins,
//! and the other account's token may be lost (it then logs in once more).

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use asyncdex::Secret;

use super::{Backend, StoreError, TokenKey};

/// The file's name in the data directory.
pub(crate) const FILE_NAME: &str = "refresh-tokens.json";
/// Far above any real token file: the cap keeps a wrong file from filling memory.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Server, then username, then token.
type Tokens = BTreeMap<String, BTreeMap<String, String>>;

/// The token file in a directory (`None`: there is no data directory, so no file either).
#[derive(Debug)]
pub(crate) struct TokenFile {
    path: Option<PathBuf>,
}

impl TokenFile {
    pub(crate) fn in_dir(dir: Option<PathBuf>) -> Self {
        Self {
            path: dir.map(|dir| dir.join(FILE_NAME)),
        }
    }

    fn path(&self) -> Result<&Path, StoreError> {
        self.path.as_deref().ok_or_else(|| {
            StoreError::Io(
                "no home directory for the token file: set ASYNCDEX_DATA_DIR to a directory"
                    .to_owned(),
            )
        })
    }

    /// Every token in the file; none when it does not exist.
    fn read(&self) -> Result<Tokens, StoreError> {
        let path = self.path()?;
        let text = match read_capped(path) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Tokens::new()),
            Err(error) if error.kind() == io::ErrorKind::InvalidData => {
                return Err(corrupt(path, "it is not UTF-8 text"));
            }
            Err(error) => return Err(io_error("read", path, &error)),
        };
        // serde's message may quote the file's text, which holds tokens: only say where.
        serde_json::from_str(&text).map_err(|error| {
            corrupt(
                path,
                &format!(
                    "line {} column {} is not a token file's",
                    error.line(),
                    error.column()
                ),
            )
        })
    }

    /// Replaces the file with `tokens`; deletes it when there are none left.
    fn write(&self, tokens: &Tokens) -> Result<(), StoreError> {
        let path = self.path()?;
        if tokens.is_empty() {
            return match fs::remove_file(path) {
                Err(error) if error.kind() != io::ErrorKind::NotFound => {
                    Err(io_error("delete", path, &error))
                }
                _ => Ok(()),
            };
        }
        let text = serde_json::to_string_pretty(tokens)
            .map_err(|error| StoreError::Io(format!("could not encode the token file: {error}")))?;
        write_atomically(path, text.as_bytes()).map_err(|error| io_error("write", path, &error))
    }
}

impl Backend for TokenFile {
    fn load(&self, key: &TokenKey) -> Result<Option<Secret>, StoreError> {
        let tokens = self.read()?;
        Ok(tokens
            .get(&key.server)
            .and_then(|users| users.get(&key.username))
            .map(|token| Secret::new(token.as_str())))
    }

    fn save(&self, key: &TokenKey, token: &Secret) -> Result<(), StoreError> {
        // An unreadable file is replaced (the load that found it said so).
        let mut tokens = match self.read() {
            Err(StoreError::Corrupt(_)) => Tokens::new(),
            other => other?,
        };
        tokens
            .entry(key.server.clone())
            .or_default()
            .insert(key.username.clone(), token.expose().to_owned());
        self.write(&tokens)
    }

    fn delete(&self, key: &TokenKey) -> Result<bool, StoreError> {
        let mut tokens = match self.read() {
            // Nobody's token can be read from it: it goes.
            Err(StoreError::Corrupt(_)) => {
                self.write(&Tokens::new())?;
                return Ok(true);
            }
            other => other?,
        };
        let Some(users) = tokens.get_mut(&key.server) else {
            return Ok(false);
        };
        let deleted = users.remove(&key.username).is_some();
        if users.is_empty() {
            tokens.remove(&key.server);
        }
        if deleted {
            self.write(&tokens)?;
        }
        Ok(deleted)
    }

    fn place(&self) -> String {
        self.path.as_deref().map_or_else(
            || "no file (no home directory)".to_owned(),
            |path| path.display().to_string(),
        )
    }
}

fn read_capped(path: &Path) -> io::Result<String> {
    let mut text = String::new();
    File::open(path)?
        .take(MAX_FILE_BYTES)
        .read_to_string(&mut text)?;
    Ok(text)
}

fn corrupt(path: &Path, why: &str) -> StoreError {
    StoreError::Corrupt(format!(
        "the token file {} is unreadable ({why}); it is replaced at the next login",
        path.display()
    ))
}

fn io_error(doing: &str, path: &Path, error: &io::Error) -> StoreError {
    StoreError::Io(format!(
        "could not {doing} the token file {}: {}",
        path.display(),
        crate::error::strip_os_error(&error.to_string())
    ))
}

/// Writes `bytes` to `path` through a private temporary file renamed over it: readers see the
/// old file or the new one, never a part, and the token is never in a file others can read.
fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    private_dir(dir)?;
    let temp = dir.join(format!(".{FILE_NAME}.{}.tmp", std::process::id()));
    // Left by a crashed run that had this process id: never ours to keep.
    let _ = fs::remove_file(&temp);
    let written = private_file(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    });
    if written.is_err() {
        let _ = fs::remove_file(&temp);
    }
    written
}

/// Creates `dir` (and its parents) when missing; on Unix only its owner may enter one it made.
fn private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// A new file (never an existing one, nor a link planted in its place), mode 0600 on Unix
/// from the moment it exists.
fn private_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}
