use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::load::{default_path, load_from};
use super::{Config, ConfigError, FILE_NAME, Origin, Setting};

/// The example file of the docs, every setting in it.
const FULL_FILE: &str = r#"out = "~/Manga"            # default output dir
languages = ["en", "fr"]   # in order of preference
preset = "komga"
format = "cbz-volume"
prefer_groups = ["Group A"]
block_groups = []
block_uploaders = ["someone"]
data_saver = false
cover = false
comic_info = true
no_oneshots = false
"#;

/// A file under the temp directory with a name no other test (or test run) uses, removed
/// when dropped.
struct TempFile(PathBuf);

impl TempFile {
    /// A new file holding `contents`.
    fn new(contents: &[u8]) -> Self {
        let file = Self::unused();
        std::fs::write(&file.0, contents).expect("write the temp file");
        file
    }

    /// A path that nothing exists at (yet).
    fn unused() -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "asyncdex-config-test-{}-{}.toml",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        Self(std::env::temp_dir().join(name))
    }

    /// Its path.
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // A directory stands in for an unreadable file in one test.
        let _ = std::fs::remove_file(&self.0);
        let _ = std::fs::remove_dir(&self.0);
    }
}

/// An environment holding only `vars`, with HOME at `/home/reader`.
fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
    let vars: Vec<(String, String)> = [("HOME", "/home/reader")]
        .iter()
        .chain(vars)
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    move |name| {
        vars.iter()
            .rev()
            .find(|(var, _)| var == name)
            .map(|(_, value)| OsString::from(value))
    }
}

/// Loads `contents` as the default file, with the environment `vars`.
fn load_text(contents: &str, vars: &[(&str, &str)]) -> (TempFile, Result<Config, ConfigError>) {
    let file = TempFile::new(contents.as_bytes());
    let config = load_from(Some(file.path()), &env(vars));
    (file, config)
}

/// The message of the error that loading `contents` fails with, checked to be one line.
fn error_of(contents: &str) -> String {
    let (file, config) = load_text(contents, &[]);
    let message = config.expect_err("loading fails").to_string();
    assert!(!message.contains('\n'), "{message}");
    assert!(
        message.starts_with(&format!("the config file {}: ", file.path().display())),
        "{message}"
    );
    message
}

/// The error that loading with the environment `vars` fails with, checked to be one line.
fn env_error_of(vars: &[(&str, &str)]) -> String {
    let message = load_from(None, &env(vars))
        .expect_err("loading fails")
        .to_string();
    assert!(!message.contains('\n'), "{message}");
    message
}

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

/// A typo is reported with its line and the list of known settings.
#[test]
fn an_unknown_key_is_an_error_with_its_line() {
    let message = error_of("out = \"/srv\"\n\nlangs = [\"en\"]\n");
    assert!(
        message.ends_with(
            ": unknown setting `langs` at line 3: known settings are out, languages, preset, \
                 format, prefer_groups, block_groups, block_uploaders, data_saver, cover, \
                 comic_info, no_oneshots"
        ),
        "{message}"
    );
    // A table is a key too, and the first mistake in the file is the one reported.
    let message = error_of("[download]\nzzz = 1\n[aaa]\n");
    assert!(
        message.contains(": unknown setting `download` at line 1: "),
        "{message}"
    );
}

/// Each shape check names the setting, its line, what was found and a correct example.
#[test]
fn a_value_of_the_wrong_type_is_an_error_with_its_line() {
    let message = error_of("preset = \"komga\"\n\n\n\nformat = 5\n");
    assert!(
        message.ends_with(
            ": `format` must be a string (line 5), not an integer: for example format = \
                 \"cbz-volume\""
        ),
        "{message}"
    );
    let message = error_of("languages = \"en\"");
    assert!(
        message.ends_with(
            ": `languages` must be a list of strings (line 1), not a string: for example \
                 languages = [\"en\", \"fr\"]"
        ),
        "{message}"
    );
    let message = error_of("prefer_groups = [\n  \"Group A\",\n  7,\n]");
    assert!(
        message.ends_with(
            ": `prefer_groups` must be a list of strings (line 3), but item 2 is an integer: \
                 for example prefer_groups = [\"Group A\"]"
        ),
        "{message}"
    );
    let message = error_of("cover = \"yes\"");
    assert!(
        message.ends_with(
            ": `cover` must be true or false (line 1), not a string: for example cover = true"
        ),
        "{message}"
    );
    let message = error_of("out = 1979-05-27");
    assert!(
        message.contains("`out` must be a string (line 1), not a date"),
        "{message}"
    );
    let message = error_of("comic_info = { yes = true }");
    assert!(
        message.contains("`comic_info` must be true or false (line 1), not a table"),
        "{message}"
    );
}

/// TOML's own errors, on one line with their line number.
#[test]
fn a_syntax_error_is_an_error_with_its_line() {
    let message = error_of("preset = \"komga\"\nformat = \"cbz\n");
    assert!(
        message.contains(": TOML syntax error at line 2: "),
        "{message}"
    );
    assert!(message.ends_with(": fix that line"), "{message}");
    let message = error_of("cover = true\ncover = false\n");
    assert!(
        message.contains(": TOML syntax error at line 2: duplicate key"),
        "{message}"
    );
}

/// Credential keys, at any depth and in any spelling, fail the load before anything else, and
/// the message names the key but never its value.
#[test]
fn credentials_are_refused_without_echoing_them() {
    for (text, key, line) in [
        ("password = \"hunter2\"", "password", 1),
        ("preset = \"komga\"\nusername = \"hunter2\"", "username", 2),
        ("client_secret = \"hunter2\"", "client_secret", 1),
        ("refresh_token = \"hunter2\"", "refresh_token", 1),
        ("token = \"hunter2\"", "token", 1),
        ("Client-Id = \"hunter2\"", "Client-Id", 1),
        ("api_token = \"hunter2\"", "api_token", 1),
        ("[auth]\npassword = \"hunter2\"", "password", 2),
        ("auth.token = \"hunter2\"", "token", 1),
        ("x = [{ secret = \"hunter2\" }]", "secret", 1),
        // Before any other mistake: the message must steer secrets out of the file.
        ("langs = 1\npassword = \"hunter2\"", "password", 2),
    ] {
        let file = TempFile::new(text.as_bytes());
        let result = load_from(Some(file.path()), &env(&[]));
        // No Config, so nothing to render: the secret cannot reach `asyncdex config`.
        let message = result
            .map(|config| config.render())
            .expect_err(text)
            .to_string();
        assert_eq!(
            message,
            format!(
                "the config file {}: `{key}` at line {line}: credentials don't belong in \
                     asyncdex.toml: use the ASYNCDEX_USERNAME / ASYNCDEX_PASSWORD environment \
                     variables (and ASYNCDEX_CLIENT_ID / ASYNCDEX_CLIENT_SECRET for a personal \
                     client)",
                file.path().display()
            ),
            "{text}"
        );
        assert!(!message.contains("hunter2"), "{message}");
    }
}

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

/// Edge cases of TOML load or fail with one line, without panicking.
#[test]
fn odd_files_do_not_panic() {
    let deep = format!("x = {}{}", "[".repeat(100_000), "]".repeat(100_000));
    for text in [
        "",
        "\u{FEFF}",
        "# only a comment",
        "\u{FEFF}preset = \"komga\"",
        "\0",
        "=",
        "\"\" = 1",
        "\"a\\nb\" = 1",
        "[[cover]]",
        "a.b.c.d = 1",
        &deep,
        "languages = [[\"en\"]]",
        "out = \"\"",
    ] {
        let (_file, config) = load_text(text, &[]);
        if let Err(error) = config {
            assert!(!error.to_string().contains('\n'), "{error}");
        }
    }
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
