//! What a plan finds in the library: its store, and the folder names its series use.

use std::path::{Path, PathBuf};

use crate::series::naming::{NameFields, sanitize_component, unique_names};
use crate::series::plan::{SeriesInfo, SeriesOptions};
use crate::series::store::Store;

/// The folder of a new series: its title through the series template, unique among the
/// library's other series folders.
pub(crate) fn series_folder(
    info: &SeriesInfo,
    options: &SeriesOptions,
    others: &[PathBuf],
) -> PathBuf {
    let fields = NameFields {
        title: &info.title,
        volume: None,
        chapter: None,
        chapter_title: None,
        group: None,
        lang: "",
    };
    let mut names: Vec<String> = others
        .iter()
        .filter_map(|p| p.to_str().map(str::to_owned))
        .collect();
    let count = names.len();
    names.push(sanitize_component(&options.naming.series.render(&fields)));
    let unique = unique_names(names);
    PathBuf::from(&unique[count])
}

/// The library's store, read-only, when there is one: for what it already holds.
pub(crate) fn read_store(root: &Path) -> crate::Result<Option<Store>> {
    match Store::open_read_only(root) {
        Ok(store) => Ok(Some(store)),
        Err(error) if error.is_not_found() => Ok(None),
        Err(error) => Err(error.into()),
    }
}
