//! `Config::render`: the settings with their origins, as a file that loads the same.

use super::{FULL_FILE, load_text};

/// The file, each value and its origin, aligned; unset settings commented out.
#[test]
fn render_shows_where_each_value_came_from() {
    let (file, config) = load_text(
        "preset = \"komga\"\nprefer_groups = [\"A \\\"quoted\\\" \\\\ group\"]\n",
        &[("ASYNCDEX_LANG", "en,fr"), ("ASYNCDEX_OUT", "/srv/manga")],
    );
    let render = config.expect("loads").render();
    // {path} stands for the file, whose name differs from run to run.
    let expected = [
        "# config file: {path} (exists)",
        "out = \"/srv/manga\"                         # env ASYNCDEX_OUT",
        "languages = [\"en\", \"fr\"]                   # env ASYNCDEX_LANG",
        "preset = \"komga\"                           # file: {path}",
        "# format is not set                        # default",
        "prefer_groups = [\"A \\\"quoted\\\" \\\\ group\"]  # file: {path}",
        "block_groups = []                          # default",
        "block_uploaders = []                       # default",
        "# data_saver is not set                    # default",
        "# cover is not set                         # default",
        "# comic_info is not set                    # default",
        "# no_oneshots is not set                   # default",
    ]
    .map(|line| format!("{line}\n"))
    .concat()
    .replace("{path}", &file.path().display().to_string());
    assert_eq!(render, expected);
}

/// `asyncdex config > asyncdex.toml` gives back the same settings, escapes included.
#[test]
fn render_is_a_config_file_that_loads_the_same() {
    let (_file, config) = load_text(
        &FULL_FILE.replace("Group A", r#"tab\there, \"quotes\", \\ and \u0007bell"#),
        &[("ASYNCDEX_FORMAT", "cbz")],
    );
    let config = config.expect("loads");
    let (_again_file, again) = load_text(&config.render(), &[]);
    let again = again.expect("the render loads");
    assert_eq!(
        again.prefer_groups,
        ["tab\there, \"quotes\", \\ and \u{7}bell"]
    );
    assert_eq!(format!("{:?}", again.out), format!("{:?}", config.out));
    assert_eq!(again.languages, config.languages);
    assert_eq!(again.format.as_deref(), Some("cbz"));
    assert_eq!(again.block_uploaders, config.block_uploaders);
    assert_eq!(again.comic_info, config.comic_info);
    assert_eq!(again.no_oneshots, config.no_oneshots);
}
