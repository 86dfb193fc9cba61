//! Which file is read and what a complete one sets, or nothing when there is none.

use std::path::PathBuf;

use super::{FULL_FILE, TempFile, env, load_text};
use crate::config::load::{default_path, load_from};
use crate::config::{FILE_NAME, Origin};

/// A missing default file, or no config directory at all, leaves every setting to the command.
#[test]
fn without_a_file_everything_is_default() {
    let missing = TempFile::unused();
    let config = load_from(Some(missing.path()), &env(&[])).expect("a missing file is fine");
    assert_eq!(config.out, None);
    assert_eq!(config.languages, None);
    assert_eq!(config.preset, None);
    assert_eq!(config.format, None);
    assert!(config.prefer_groups.is_empty());
    assert!(config.block_groups.is_empty());
    assert!(config.block_uploaders.is_empty());
    assert_eq!(config.data_saver, None);
    assert_eq!(config.cover, None);
    assert_eq!(config.comic_info, None);
    assert_eq!(config.no_oneshots, None);
    assert!(
        config
            .origins
            .iter()
            .all(|origin| *origin == Origin::Default)
    );
    let render = config.render();
    assert!(
        render.starts_with(&format!(
            "# config file: {} (does not exist)\n",
            missing.path().display()
        )),
        "{render}"
    );

    let nowhere = load_from(None, &env(&[])).expect("no config directory is fine");
    assert!(nowhere.render().starts_with("# config file: none ("));
}

/// The documented example file: every setting read, `~/` expanded, each marked as from the file.
#[test]
fn the_file_sets_every_setting() {
    let (file, config) = load_text(FULL_FILE, &[]);
    let config = config.expect("the example file loads");
    assert_eq!(config.out, Some(PathBuf::from("/home/reader/Manga")));
    assert_eq!(
        config.languages,
        Some(vec!["en".to_owned(), "fr".to_owned()])
    );
    assert_eq!(config.preset.as_deref(), Some("komga"));
    assert_eq!(config.format.as_deref(), Some("cbz-volume"));
    assert_eq!(config.prefer_groups, ["Group A"]);
    assert!(config.block_groups.is_empty());
    assert_eq!(config.block_uploaders, ["someone"]);
    assert_eq!(config.data_saver, Some(false));
    assert_eq!(config.cover, Some(false));
    assert_eq!(config.comic_info, Some(true));
    assert_eq!(config.no_oneshots, Some(false));
    let in_file = Origin::File(file.path().to_path_buf());
    assert!(config.origins.iter().all(|origin| *origin == in_file));
}

/// `None` only without a home directory; on Linux, `~/.config/asyncdex/asyncdex.toml` or
/// its `XDG_CONFIG_HOME` equivalent.
#[test]
fn the_default_file_is_asyncdex_toml_in_the_config_dir() {
    if let Some(path) = default_path() {
        assert_eq!(
            path.file_name().and_then(|name| name.to_str()),
            Some(FILE_NAME)
        );
        #[cfg(target_os = "linux")]
        assert!(
            path.ends_with("asyncdex/asyncdex.toml"),
            "{}",
            path.display()
        );
    }
}
