//! Files that cannot be read as text: unreadable, not UTF-8, or too large.

use super::{TempFile, env};
use crate::config::load::load_from;

/// A directory where the file should be cannot be read (even by root, unlike a file with
/// no read permission).
#[test]
fn an_unreadable_file_is_an_error_with_the_os_reason() {
    let dir = TempFile::unused();
    std::fs::create_dir(dir.path()).expect("make the directory");
    let message = load_from(Some(dir.path()), &env(&[]))
        .expect_err("a directory")
        .to_string();
    let prefix = format!("the config file {}: cannot be read: ", dir.path().display());
    assert!(
        message.starts_with(&prefix) && message.len() > prefix.len(),
        "{message}"
    );
    assert!(message.contains("os error"), "{message}");
}

/// A file saved in another encoding points at the line of its first bad byte.
#[test]
fn a_file_that_is_not_utf8_is_an_error_with_its_line() {
    let file = TempFile::new(b"preset = \"komga\"\nformat = \"\xff\"\n");
    let message = load_from(Some(file.path()), &env(&[]))
        .expect_err("not UTF-8")
        .to_string();
    assert_eq!(
        message,
        format!(
            "the config file {}: is not valid UTF-8 (line 2): save it as UTF-8",
            file.path().display()
        )
    );
}

/// Reading stops past the cap instead of reading a runaway file to the end.
#[test]
fn a_huge_file_is_an_error() {
    let file = TempFile::new(&vec![b'#'; 1024 * 1024 + 1]);
    let message = load_from(Some(file.path()), &env(&[]))
        .expect_err("too large")
        .to_string();
    assert!(message.contains(": is larger than 1 MiB"), "{message}");
    let file = TempFile::new(&vec![b'#'; 1024 * 1024]);
    load_from(Some(file.path()), &env(&[])).expect("at the cap loads");
}
