//! [`FileStore`]: the limit shared by every process of one machine, in a small file under an
//! OS file lock: CLI runs side by side, or one after another, share one allowance and its
//! pauses with no setup.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use asyncdex_tower::ratelimit::file_store::FileStore;
//! use asyncdex_tower::ratelimit::store::{Reserved, SharedLimit, SharedStore};
//!
//! let dir = std::env::temp_dir().join(format!("asyncdex-doc-{}", std::process::id()));
//! let store = FileStore::new(dir.join("api.mangadex.org.limits"));
//! let global = [SharedLimit { name: "global".into(), amount: 5, window: Duration::from_secs(1) }];
//! assert_eq!(store.reserve(&global, true, Duration::ZERO).await?, Reserved::Send(Duration::ZERO));
//! # std::fs::remove_dir_all(dir)?;
//! # Ok(())
//! # }
//! ```
//!
//! Each call opens the file, takes an exclusive lock (`flock` on Unix, `LockFileEx` on
//! Windows, through `std::fs::File::lock`), reads the state, decides, writes it back and lets
//! go (a pause check, which changes nothing, takes a shared lock and writes nothing): a few tens of microseconds, done on the calling thread (a lock is held only that long,
//! so waiting for one is shorter than handing the work to a blocking thread). Time is the
//! system clock, which every process of the machine shares. A damaged or unreadable state is
//! replaced by an empty one with a warning, never an error that stops requests.

mod format;
pub(crate) mod log;

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use self::log::Logs;
use super::store::{Reserved, SharedLimit, SharedStore, StoreError, StoreFuture};

/// How long a process that stopped calling still counts as a peer.
const PEER_TTL: Duration = Duration::from_secs(10);

/// A [`SharedStore`] in a file, for the processes of one machine.
#[derive(Debug)]
pub struct FileStore {
    path: PathBuf,
    pid: u32,
    warned: AtomicBool,
}

impl FileStore {
    /// A store in the file at `path` (created, with its directory, on first use).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            pid: std::process::id(),
            warned: AtomicBool::new(false),
        }
    }

    /// The file of the API at `host` (and `port`, when not the default) in `dir`.
    pub fn for_host(dir: impl AsRef<Path>, host: &str, port: Option<u16>) -> Self {
        let name: String = host
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let name = match port {
            Some(port) => format!("{name}_{port}.limits"),
            None => format!("{name}.limits"),
        };
        Self::new(dir.as_ref().join(name))
    }

    /// The state file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `change` on the state under an exclusive lock and writes the result back.
    fn with_state<T>(&self, change: impl FnOnce(&mut Logs, u64) -> T) -> Result<T, StoreError> {
        let mut file = self.open_locked(Lock::Exclusive)?;
        let mut logs = self.read(&mut file);
        let out = change(&mut logs, now_ms());
        write(&mut file, &format::write(&logs)).map_err(self.failed("write"))?;
        Ok(out)
    }

    /// Runs `look` on the state under a shared lock, writing nothing: processes that only
    /// look do not wait for each other, and the file is left as it was.
    fn look_at_state<T>(&self, look: impl FnOnce(&Logs, u64) -> T) -> Result<T, StoreError> {
        let mut file = self.open_locked(Lock::Shared)?;
        let logs = self.read(&mut file);
        Ok(look(&logs, now_ms()))
    }

    /// The state file (created, with its directory, when missing), locked.
    fn open_locked(&self, lock: Lock) -> Result<File, StoreError> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(self.failed("create the directory of"))?;
        }
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&self.path)
            .map_err(self.failed("open"))?;
        match lock {
            Lock::Exclusive => file.lock(),
            Lock::Shared => file.lock_shared(),
        }
        .map_err(self.failed("lock"))?;
        Ok(file)
    }

    /// The error of a failed `action` on the state file.
    fn failed(&self, action: &'static str) -> impl Fn(std::io::Error) -> StoreError + '_ {
        move |error| StoreError::new(format!("could not {action} {}", self.path.display()), error)
    }

    /// The state in `file`, or an empty one (with a warning, once) when it cannot be read.
    #[allow(
        clippy::verbose_file_reads,
        reason = "read through the handle that holds the lock"
    )]
    fn read(&self, file: &mut File) -> Logs {
        let mut bytes = Vec::new();
        let state = file
            .read_to_end(&mut bytes)
            .map_err(|error| error.to_string())
            .and_then(|_| format::read(&bytes));
        state.unwrap_or_else(|problem| {
            if !self.warned.swap(true, Ordering::Relaxed) {
                tracing::warn!(
                    target: "asyncdex_tower::ratelimit",
                    path = %self.path.display(),
                    problem,
                    "the shared rate-limit state was unreadable; starting it afresh"
                );
            }
            Logs::default()
        })
    }
}

/// How a call holds the state file.
#[derive(Clone, Copy)]
enum Lock {
    /// Reads, decides and writes: alone.
    Exclusive,
    /// Only reads: beside other readers.
    Shared,
}

/// Writes `bytes` over the start of `file` in one call, then cuts the old tail: a process
/// killed in between leaves a file whose header still says where the state ends.
fn write(file: &mut File, bytes: &[u8]) -> std::io::Result<()> {
    file.seek(SeekFrom::Start(0))?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)
}

fn now_ms() -> u64 {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX)
}

impl SharedStore for FileStore {
    fn reserve<'a>(
        &'a self,
        limits: &'a [SharedLimit],
        wait: bool,
        late: Duration,
    ) -> StoreFuture<'a, Reserved> {
        let result = self.with_state(|logs, now| logs.reserve(limits, wait, late, now));
        Box::pin(std::future::ready(result))
    }

    fn pause<'a>(&'a self, limits: &'a [SharedLimit], duration: Duration) -> StoreFuture<'a, ()> {
        let result = self.with_state(|logs, now| logs.pause(limits, duration, now));
        Box::pin(std::future::ready(result))
    }

    fn paused<'a>(&'a self, limits: &'a [SharedLimit]) -> StoreFuture<'a, Duration> {
        let result = self.look_at_state(|logs, now| logs.paused(limits, now));
        Box::pin(std::future::ready(result))
    }

    fn correct<'a>(
        &'a self,
        limit: &'a SharedLimit,
        used: u32,
        window_end: Duration,
    ) -> StoreFuture<'a, ()> {
        let result = self.with_state(|logs, now| logs.correct(limit, used, window_end, now));
        Box::pin(std::future::ready(result))
    }

    fn peers(&self) -> StoreFuture<'_, u32> {
        let result = self.with_state(|logs, now| logs.heartbeat(self.pid, PEER_TTL, now));
        Box::pin(std::future::ready(result))
    }
}

#[cfg(test)]
mod tests;
