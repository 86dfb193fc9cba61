//! Keeping the names of one folder apart.

use std::collections::HashSet;

use crate::series::naming::unique::fold;

use super::*;

#[test]
fn unique_names_ignore_case() {
    let names = |list: &[&str]| unique_names(list.iter().map(|name| (*name).to_owned()).collect());
    assert_eq!(names(&["a", "b", "c"]), ["a", "b", "c"]);
    assert_eq!(names(&["a", "A", "a"]), ["a", "A (2)", "a (3)"]);
    assert_eq!(names(&["a", "A", "a (2)"]), ["a", "A (3)", "a (2)"]);
    assert_eq!(names(&["a (2)", "a", "a"]), ["a (2)", "a", "a (3)"]);
    assert_eq!(
        names(&["x.cbz", "X.CBZ", "x (2).cbz"]),
        ["x.cbz", "X (3).CBZ", "x (2).cbz"]
    );
    // Not extensions: a decimal chapter, a word after a dot.
    assert_eq!(names(&["c008.5", "c008.5"]), ["c008.5", "c008.5 (2)"]);
    assert_eq!(
        names(&["Ch.Extra", "ch.extra"]),
        ["Ch.Extra", "ch.extra (2)"]
    );
    assert_eq!(names(&[".cbz", ".cbz"]), [".cbz", ".cbz (2)"]);
    let many = names(&["a"; 50]);
    let distinct: HashSet<String> = many.iter().map(|name| fold(name)).collect();
    assert_eq!(distinct.len(), 50);
}
