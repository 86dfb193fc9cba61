//! Record paths as stored: relative to the root, `/` between components, never outside it.

use std::path::{Component, Path, PathBuf};

use super::error::{Kind, StoreError};
use super::location::Location;

impl Location {
    /// A chapter's path as stored; a chapter always lives somewhere below the root.
    pub(super) fn chapter_path(&self, path: &Path) -> Result<String, StoreError> {
        match self.relative_path(path)? {
            stored if stored.is_empty() => Err(self.error(
                Kind::InvalidPath {
                    path: path.to_path_buf(),
                    why: "a chapter lives in a file or folder below the library root, not in \
                          the root itself: give that file or folder",
                },
                None,
            )),
            stored => Ok(stored),
        }
    }

    pub(super) fn relative_path(&self, path: &Path) -> Result<String, StoreError> {
        stored_path(path).map_err(|why| {
            self.error(
                Kind::InvalidPath {
                    path: path.to_path_buf(),
                    why,
                },
                None,
            )
        })
    }
}

/// A record path as stored: its components joined by `/`, `.` dropped. Refuses what does not
/// stay below the root, and what would not come back the same (a non-UTF-8 name).
pub(super) fn stored_path(path: &Path) -> Result<String, &'static str> {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(
                part.to_str()
                    .ok_or("the path is not valid UTF-8: rename the file or folder")?,
            ),
            Component::CurDir => {}
            Component::ParentDir => {
                return Err(
                    "the path climbs out with `..`: give it relative to the library \
                            root, without `..`",
                );
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err("the path is absolute: give it relative to the library root");
            }
        }
    }
    Ok(parts.join("/"))
}

/// A stored path read back, checked as on the way in: a hand-edited store must not point a
/// sync outside its root.
pub(super) fn path_from_store(text: &str) -> Result<PathBuf, &'static str> {
    stored_path(Path::new(text)).map(PathBuf::from)
}
