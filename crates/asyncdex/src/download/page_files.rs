//! Page files: their names, and writing one whole or not at all.

use std::path::{Path, PathBuf};

use bytes::Bytes;

use crate::error::{Error, Result, run_blocking};

/// One page's final name and path, and its file name on the image node.
#[derive(Debug)]
pub(super) struct PageFile {
    pub(super) name: String,
    pub(super) path: PathBuf,
    pub(super) remote: String,
}

/// `001.png`, `002.png` ...: the page number from 1, zero-padded to at least 3 digits (more
/// for a chapter of 1000 pages or more), and the extension of the file on the node when it is
/// a plain one.
pub(super) fn page_files(dir: &Path, files: &[String]) -> Vec<PageFile> {
    let width = files.len().to_string().len().max(3);
    files
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let ext = file
                .rsplit_once('.')
                .map(|(_, ext)| ext)
                .filter(|ext| {
                    !ext.is_empty()
                        && ext.len() <= 8
                        && ext.bytes().all(|b| b.is_ascii_alphanumeric())
                })
                .map(|ext| format!(".{}", ext.to_ascii_lowercase()))
                .unwrap_or_default();
            let name = format!("{:0width$}{ext}", index + 1);
            let path = dir.join(&name);
            PageFile {
                name,
                path,
                remote: file.clone(),
            }
        })
        .collect()
}

/// `name.part`, beside `name`.
pub(super) fn part_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// Writes `name.part`, then renames it to `name`: a page is whole under its final name or
/// not there at all.
pub(crate) async fn write_page(path: &Path, data: Bytes, fsync: bool) -> Result<()> {
    let target = path.to_owned();
    run_blocking(move || {
        let part = part_path(&target);
        let result = (|| {
            use std::io::Write;
            let mut file = std::fs::File::create(&part)?;
            file.write_all(&data)?;
            if fsync {
                file.sync_all()?;
            }
            drop(file);
            std::fs::rename(&part, &target)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&part);
        }
        result.map_err(|error| Error::io("write", &target, error))
    })
    .await
}
