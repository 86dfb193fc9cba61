//! `ASYNCDEX_CONFIG`, naming the file to read instead of the default one.

use super::{TempFile, env, env_error_of};
use crate::config::load::load_from;

/// `ASYNCDEX_CONFIG` replaces the default file, which is then not read.
#[test]
fn asyncdex_config_names_the_file() {
    let named = TempFile::new(b"preset = \"plain\"\n");
    let default = TempFile::new(b"preset = \"komga\"\nformat = \"cbz\"\n");
    let named_path = named.path().to_str().expect("a UTF-8 temp dir");
    let config = load_from(
        Some(default.path()),
        &env(&[("ASYNCDEX_CONFIG", named_path)]),
    )
    .expect("loads");
    assert_eq!(config.preset.as_deref(), Some("plain"));
    // The default file is not read at all.
    assert_eq!(config.format, None);
    let render = config.render();
    assert!(
        render.starts_with(&format!(
            "# config file: {named_path} (exists, named by ASYNCDEX_CONFIG)\n"
        )),
        "{render}"
    );
}

/// Unlike the default file, a named one must exist: the name was deliberate.
#[test]
fn asyncdex_config_naming_a_missing_file_is_an_error() {
    let missing = TempFile::unused();
    let missing_path = missing.path().to_str().expect("a UTF-8 temp dir");
    let message = env_error_of(&[("ASYNCDEX_CONFIG", missing_path)]);
    assert_eq!(
        message,
        format!(
            "ASYNCDEX_CONFIG names {missing_path}, which does not exist: create it or unset \
                 ASYNCDEX_CONFIG"
        )
    );
}
