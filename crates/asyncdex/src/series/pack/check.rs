//! Checks made before anything is written: entry names, chapter prefixes, the cover's
//! extension.

use std::io;
use std::path::Path;

use super::{ArchiveSpec, COVER_STEM, PageSource};

/// Checks what can be checked before writing anything: page names, prefixes, the cover's
/// extension. Returns the cover's entry name and path.
pub(super) fn check_spec<'a>(spec: &ArchiveSpec<'a>) -> io::Result<Option<(String, &'a Path)>> {
    let mut prefixes: Vec<&str> = spec.chapters.iter().map(|c| c.prefix.as_str()).collect();
    prefixes.sort_unstable();
    if let Some(pair) = prefixes
        .windows(2)
        .find(|pair| pair[1].starts_with(pair[0]))
    {
        return Err(invalid_input(format!(
            "the chapter prefix {:?} begins {:?}: their entries could not be told apart",
            pair[0], pair[1]
        )));
    }
    for chapter in spec.chapters {
        if let PageSource::Files(pages) = &chapter.source {
            for (page, _) in pages {
                check_name(&format!("{}{page}", chapter.prefix))?;
            }
        }
    }
    spec.cover
        .map(|path| Ok((cover_name(path)?, path)))
        .transpose()
}

/// Refuses a name that is not a plain file at the archive's root: `..`, `/`, `\` (a path
/// some extractors follow), an empty name, or a NUL byte.
pub(super) fn check_name(name: &str) -> io::Result<()> {
    if name.is_empty() || name.contains(['/', '\\', '\0']) || name.contains("..") {
        return Err(invalid_input(format!(
            "{name:?} is not a plain archive entry name"
        )));
    }
    Ok(())
}

/// `0-cover.<extension>`; readers tell images by their extension, so one is required.
fn cover_name(path: &Path) -> io::Result<String> {
    path.extension()
        .and_then(|ext| ext.to_str())
        .filter(|ext| !ext.is_empty() && ext.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map(|ext| format!("{COVER_STEM}.{}", ext.to_ascii_lowercase()))
        .ok_or_else(|| {
            invalid_input(format!(
                "the cover {} has no image extension",
                path.display()
            ))
        })
}

/// An error for something this module refuses to write.
pub(super) fn invalid_input(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}
