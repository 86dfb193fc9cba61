//! The `ASYNCDEX_*` variables over the file, alone, and blank.

use std::path::PathBuf;

use super::{FULL_FILE, env, load_text};
use crate::config::load::load_from;
use crate::config::{Origin, Setting};

/// Each of the six variables beats the file; settings without a variable keep the file's value.
#[test]
fn the_environment_overrides_the_file() {
    let vars = [
        ("ASYNCDEX_OUT", "/srv/manga"),
        ("ASYNCDEX_LANG", " es-la, pt-br ,"),
        ("ASYNCDEX_PRESET", "kavita"),
        ("ASYNCDEX_FORMAT", " folder "),
        ("ASYNCDEX_PREFER_GROUPS", "Group B,Group C"),
        ("ASYNCDEX_DATA_SAVER", "1"),
    ];
    let (file, config) = load_text(FULL_FILE, &vars);
    let config = config.expect("loads");
    assert_eq!(config.out, Some(PathBuf::from("/srv/manga")));
    assert_eq!(
        config.languages,
        Some(vec!["es-la".to_owned(), "pt-br".to_owned()])
    );
    assert_eq!(config.preset.as_deref(), Some("kavita"));
    assert_eq!(config.format.as_deref(), Some("folder"));
    assert_eq!(config.prefer_groups, ["Group B", "Group C"]);
    assert_eq!(config.data_saver, Some(true));
    // No variable for these: the file's values stand.
    assert_eq!(config.block_uploaders, ["someone"]);
    assert_eq!(config.comic_info, Some(true));
    for setting in Setting::ALL {
        let expected = setting
            .env_var()
            .map_or_else(|| Origin::File(file.path().to_path_buf()), Origin::Env);
        assert_eq!(config.origins[setting.index()], expected, "{setting:?}");
    }
}

/// Variables work without any file.
#[test]
fn the_environment_alone_sets_its_settings() {
    let config = load_from(
        None,
        &env(&[("ASYNCDEX_LANG", "en"), ("ASYNCDEX_DATA_SAVER", "False")]),
    )
    .expect("loads");
    assert_eq!(config.languages, Some(vec!["en".to_owned()]));
    assert_eq!(config.data_saver, Some(false));
    assert_eq!(
        config.origins[Setting::Languages.index()],
        Origin::Env("ASYNCDEX_LANG")
    );
    assert_eq!(config.out, None);
}

/// `ASYNCDEX_LANG=` falls back to the file instead of emptying the setting.
#[test]
fn a_blank_variable_counts_as_unset() {
    let vars = [
        ("ASYNCDEX_LANG", ""),
        ("ASYNCDEX_OUT", "  "),
        ("ASYNCDEX_DATA_SAVER", ""),
    ];
    let (file, config) = load_text(FULL_FILE, &vars);
    let config = config.expect("loads");
    assert_eq!(
        config.languages,
        Some(vec!["en".to_owned(), "fr".to_owned()])
    );
    assert_eq!(config.out, Some(PathBuf::from("/home/reader/Manga")));
    assert_eq!(config.data_saver, Some(false));
    let in_file = Origin::File(file.path().to_path_buf());
    assert_eq!(config.origins[Setting::Languages.index()], in_file);
}
