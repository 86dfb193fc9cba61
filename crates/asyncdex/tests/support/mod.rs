//! What several test files here share: a temporary directory, and the ComicInfo schema check.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// A directory under the system temp dir, unique to one test, removed on drop.
pub(crate) struct TempDir(pub(crate) PathBuf);

impl TempDir {
    pub(crate) fn new(tag: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "asyncdex-{tag}-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4()
        ));
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/comicinfo/ComicInfo-v2.0.xsd"
);

/// A document written to a unique file under the temp directory, removed on drop (also when
/// an assertion fails).
struct TempDocument(PathBuf);

impl TempDocument {
    fn new(xml: &str) -> TempDocument {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "asyncdex-comicinfo-{}-{}.xml",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, xml).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        TempDocument(path)
    }
}

impl Drop for TempDocument {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Runs xmllint on `xml`: `Ok` when the document is valid, `Err` with xmllint's report.
pub(crate) fn validate(xml: &str) -> Result<(), String> {
    let document = TempDocument::new(xml);
    let output = xmllint(&document.0);
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn xmllint(document: &Path) -> std::process::Output {
    let run = Command::new("xmllint")
        .args(["--noout", "--schema", SCHEMA])
        .arg(document)
        .output();
    match run {
        Ok(output) => output,
        Err(e) => panic!(
            "cannot run xmllint ({e}): install it with `apt-get install -y libxml2-utils` \
             (package libxml2-utils; on macOS it ships with the system)"
        ),
    }
}
