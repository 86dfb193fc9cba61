//! How variables' values are read: `ASYNCDEX_DATA_SAVER`'s spellings, and text that is not
//! UTF-8.

use std::ffi::OsString;
use std::path::PathBuf;

use super::{env, env_error_of};
use crate::config::load::load_from;

/// The spellings a shell user reaches for, and a one-line error for the rest.
#[test]
fn data_saver_takes_true_false_1_or_0() {
    for (text, expected) in [
        ("true", true),
        ("TRUE", true),
        ("1", true),
        ("false", false),
        ("0", false),
    ] {
        let config = load_from(None, &env(&[("ASYNCDEX_DATA_SAVER", text)])).expect("loads");
        assert_eq!(config.data_saver, Some(expected), "{text}");
    }
    assert_eq!(
        env_error_of(&[("ASYNCDEX_DATA_SAVER", "yes")]),
        "ASYNCDEX_DATA_SAVER must be true, false, 1 or 0, not `yes`"
    );
}

#[cfg(unix)]
/// A setting's variable that is not UTF-8 fails naming it; path-only variables need no UTF-8.
#[test]
fn a_variable_that_is_not_utf8_is_an_error_naming_it() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt as _;

    for var in [
        "ASYNCDEX_OUT",
        "ASYNCDEX_LANG",
        "ASYNCDEX_PRESET",
        "ASYNCDEX_FORMAT",
        "ASYNCDEX_PREFER_GROUPS",
        "ASYNCDEX_DATA_SAVER",
    ] {
        let bad = |name: &str| (name == var).then(|| OsStr::from_bytes(b"en\xff").to_owned());
        let message = load_from(None, &bad).expect_err(var).to_string();
        assert_eq!(
            message,
            format!("{var} is not valid UTF-8: set it to UTF-8 text or unset it")
        );
    }
    // A path need not be UTF-8: ASYNCDEX_CONFIG and HOME are taken as the OS gives them.
    let home = |name: &str| match name {
        "HOME" => Some(OsStr::from_bytes(b"/home/\xff").to_owned()),
        "ASYNCDEX_OUT" => Some(OsString::from("~/Manga")),
        _ => None,
    };
    let config = load_from(None, &home).expect("loads");
    assert_eq!(
        config.out,
        Some(PathBuf::from(OsStr::from_bytes(b"/home/\xff/Manga")))
    );
    assert!(config.render().contains("out = \"/home/\u{FFFD}/Manga\""));
}
