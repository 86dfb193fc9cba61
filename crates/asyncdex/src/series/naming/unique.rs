//! [`unique_names`]: names kept apart within one folder, even on case-insensitive file systems.

use std::collections::{HashMap, HashSet};

/// Extensions [`unique_names`] keeps at the end of a name: what a series download writes.
/// A fixed list, because `Ch.Extra` or `c008.5` end in something that looks like one.
const EXTENSIONS: [&str; 18] = [
    "cbz", "cbr", "cb7", "zip", "rar", "7z", "pdf", "epub", "xml", "json", "jpg", "jpeg", "png",
    "gif", "webp", "avif", "jxl", "part",
];

/// Makes the names of one folder distinct, ignoring case as macOS and Windows do.
///
/// The names come back in the same order. The first of several names equal but for case
/// keeps its name; each later one gets ` (2)`, ` (3)` ... (before a known extension such as
/// `.cbz`: `a (2).cbz`), skipping any suffixed name that is taken, including by a name later
/// in the list: `a`, `A`, `a (2)` become `a`, `A (3)`, `a (2)`.
pub fn unique_names(names: Vec<String>) -> Vec<String> {
    let mut taken: HashSet<String> = names.iter().map(|name| fold(name)).collect();
    let mut kept = HashSet::new();
    let mut next_number: HashMap<String, u32> = HashMap::new();
    names
        .into_iter()
        .map(|name| {
            let key = fold(&name);
            if kept.insert(key.clone()) {
                return name;
            }
            let number = next_number.entry(key).or_insert(2);
            let (stem, extension) = split_extension(&name);
            loop {
                let candidate = format!("{stem} ({number}){extension}");
                *number += 1;
                if taken.insert(fold(&candidate)) {
                    return candidate;
                }
            }
        })
        .collect()
}

/// The key under which case-insensitive file systems compare names.
pub(super) fn fold(name: &str) -> String {
    name.to_lowercase()
}

/// Splits `name.cbz` into `name` and `.cbz`; a name without a known extension has none.
fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(dot)
            if dot > 0
                && EXTENSIONS
                    .iter()
                    .any(|extension| name[dot + 1..].eq_ignore_ascii_case(extension)) =>
        {
            name.split_at(dot)
        }
        _ => (name, ""),
    }
}
