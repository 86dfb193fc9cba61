//! The `out` directory: `~` expanded from the home directory, and relative paths refused in the
//! file.

use std::ffi::OsString;
use std::path::PathBuf;

use super::{TempFile, env, error_of, load_text};
use crate::config::load::load_from;

/// `~` and `~/` expand from the (fake) HOME, in the file and in `ASYNCDEX_OUT` alike.
#[test]
fn a_leading_tilde_is_the_home_directory() {
    for (out, expected) in [
        ("~", "/home/reader"),
        ("~/", "/home/reader"),
        ("~/Manga", "/home/reader/Manga"),
        ("~//Manga/x", "/home/reader/Manga/x"),
        ("/srv/~/Manga", "/srv/~/Manga"),
    ] {
        let (_file, config) = load_text(&format!("out = {out:?}"), &[]);
        assert_eq!(
            config.expect("loads").out,
            Some(PathBuf::from(expected)),
            "{out}"
        );
        let config = load_from(None, &env(&[("ASYNCDEX_OUT", out)])).expect("loads");
        assert_eq!(config.out, Some(PathBuf::from(expected)), "{out}");
    }
    // Windows has USERPROFILE where Unix has HOME; a blank HOME does not count.
    let home = |name: &str| match name {
        "HOME" => Some(OsString::new()),
        "USERPROFILE" => Some(OsString::from("/users/reader")),
        "ASYNCDEX_OUT" => Some(OsString::from("~/Manga")),
        _ => None,
    };
    let config = load_from(None, &home).expect("loads");
    assert_eq!(config.out, Some(PathBuf::from("/users/reader/Manga")));
}

/// Without HOME a `~` cannot be expanded: an error, not a directory literally named `~`.
#[test]
fn a_tilde_without_a_home_is_an_error() {
    let no_home = |name: &str| (name == "ASYNCDEX_OUT").then(|| OsString::from("~/Manga"));
    let message = load_from(None, &no_home).expect_err("no home").to_string();
    assert_eq!(
        message,
        "ASYNCDEX_OUT starts with ~ but HOME is not set: write the full path"
    );

    let file = TempFile::new(b"\nout = \"~/Manga\"\n");
    let no_home = |_: &str| None;
    let message = load_from(Some(file.path()), &no_home)
        .expect_err("no home")
        .to_string();
    assert_eq!(
        message,
        format!(
            "the config file {}: `out` starts with ~ but HOME is not set (line 2): write the full path",
            file.path().display()
        )
    );
}

/// A relative `out` is refused in the file only.
#[test]
fn out_in_the_file_is_absolute() {
    let message = error_of("out = \"Manga\"");
    assert!(
        message.ends_with(
            "`out` must be an absolute path or start with ~/ (line 1): a relative one would \
                 depend on the directory asyncdex runs in"
        ),
        "{message}"
    );
    // Set where asyncdex runs, a relative path in the variable is meant as one.
    let config = load_from(None, &env(&[("ASYNCDEX_OUT", "Manga")])).expect("loads");
    assert_eq!(config.out, Some(PathBuf::from("Manga")));
}
