//! [`TempDir`], a directory of a test's own, removed when dropped.

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;

/// A directory of its own under the system's temporary one, removed when dropped.
pub(super) struct TempDir(pub(super) PathBuf);

impl TempDir {
    /// A new empty one, with an empty `pages/` inside.
    pub(super) fn new(tag: &str) -> Self {
        static COUNT: AtomicU64 = AtomicU64::new(0);
        let count = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "asyncdex-pack-{tag}-{}-{count}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(path.join("pages")).unwrap();
        Self(path)
    }

    /// Writes a file under `pages/` and returns its path.
    pub(super) fn file(&self, name: &str, data: &[u8]) -> PathBuf {
        let path = self.0.join("pages").join(name);
        fs::write(&path, data).unwrap();
        path
    }

    /// The names in the directory itself (not under `pages/`), sorted.
    pub(super) fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name != "pages")
            .collect();
        names.sort();
        names
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
