//! The optional config file, `asyncdex.toml`, and the `ASYNCDEX_*` environment variables that
//! override it: standing defaults for `download` and `sync`.
//!
//! Precedence, highest first: command-line flags (the CLI applies them on top of [`Config`]),
//! then the environment, then the file, then the built-in defaults. This module checks each
//! value's shape only (a string, a list of strings, a boolean); what a value means (a language
//! code, a preset or format name) is checked by the CLI with the parsers its flags use, so a bad
//! value reads the same wherever it was written.
//!
//! The file is `asyncdex.toml` in the platform's config directory (`~/.config/asyncdex/` on
//! Linux), or the file that `ASYNCDEX_CONFIG` names. The default file may be absent; a named one
//! must exist. Unknown keys are errors, so a typo is never silently ignored, and credentials are
//! refused outright: they belong in the environment, not in a file that gets copied around.

use std::ffi::OsString;
use std::fmt::{self, Write as _};
use std::fs::File;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

/// The file's name inside the platform's config directory.
const FILE_NAME: &str = "asyncdex.toml";

/// Names a file to read instead of the default one (which then is not looked at).
const CONFIG_VAR: &str = "ASYNCDEX_CONFIG";

/// Far above any real config file: the cap keeps `ASYNCDEX_CONFIG=/dev/zero` from filling memory.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Key names (lowercase, `-` read as `_`) that are credentials, refused wherever they appear.
const CREDENTIAL_KEYS: [&str; 8] = [
    "username",
    "user",
    "password",
    "client_id",
    "client_secret",
    "token",
    "access_token",
    "refresh_token",
];

/// Parts of a key name that mark a credential under any spelling (`api_token`, `passwd`, ...).
const CREDENTIAL_PARTS: [&str; 4] = ["password", "passwd", "secret", "token"];

/// What a credential key in the file is told to do instead.
const CREDENTIALS_FIX: &str = "credentials don't belong in asyncdex.toml: use the \
ASYNCDEX_USERNAME / ASYNCDEX_PASSWORD environment variables (and ASYNCDEX_CLIENT_ID / \
ASYNCDEX_CLIENT_SECRET for a personal client)";

/// The settings of the file and the environment, before command-line flags.
///
/// `None` (or an empty list) means that neither the file nor the environment set it, so the
/// command's own default applies.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    /// Output directory and library root for `download` and `sync`, with a leading `~/`
    /// expanded to the home directory.
    pub(crate) out: Option<PathBuf>,
    /// Language codes, most preferred first (not yet checked to be codes).
    pub(crate) languages: Option<Vec<String>>,
    /// Library layout preset name (`komga`, `kavita`, `plain`; not yet checked).
    pub(crate) preset: Option<String>,
    /// Download format name (`folder`, `cbz`, `cbz-volume`, `cbz-single`; not yet checked).
    pub(crate) format: Option<String>,
    /// Scanlation groups whose version of a chapter wins, by name or id.
    pub(crate) prefer_groups: Vec<String>,
    /// Scanlation groups never downloaded, by name or id.
    pub(crate) block_groups: Vec<String>,
    /// Uploaders never downloaded, by name or id.
    pub(crate) block_uploaders: Vec<String>,
    /// Download the compressed (data-saver) pages.
    pub(crate) data_saver: Option<bool>,
    /// Also download the series and volume covers.
    pub(crate) cover: Option<bool>,
    /// Write a ComicInfo.xml into each archive.
    pub(crate) comic_info: Option<bool>,
    /// Skip oneshots.
    pub(crate) no_oneshots: Option<bool>,
    /// The file that was looked at, for the first line of [`Config::render`].
    file: FileState,
    /// Where each setting's value came from, indexed by [`Setting::index`].
    origins: [Origin; Setting::ALL.len()],
}

/// Why loading the file or the environment failed: one line that says what to fix.
#[derive(Debug)]
pub(crate) struct ConfigError {
    /// The whole line, already naming the file or the variable at fault.
    message: String,
}

impl ConfigError {
    /// An error about the environment (or anything not inside the file).
    fn new(message: String) -> Self {
        // One line whatever went in: a key or a path may hold a newline of its own.
        Self {
            message: message.replace(['\n', '\r'], " "),
        }
    }

    /// An error about the file at `path`.
    fn in_file(path: &Path, message: &str) -> Self {
        Self::new(format!("the config file {}: {message}", path.display()))
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// One setting, in the order that [`Config::render`] prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    /// `out`
    Out,
    /// `languages`
    Languages,
    /// `preset`
    Preset,
    /// `format`
    Format,
    /// `prefer_groups`
    PreferGroups,
    /// `block_groups`
    BlockGroups,
    /// `block_uploaders`
    BlockUploaders,
    /// `data_saver`
    DataSaver,
    /// `cover`
    Cover,
    /// `comic_info`
    ComicInfo,
    /// `no_oneshots`
    NoOneshots,
}

impl Setting {
    /// Every setting, in order.
    const ALL: [Self; 11] = [
        Self::Out,
        Self::Languages,
        Self::Preset,
        Self::Format,
        Self::PreferGroups,
        Self::BlockGroups,
        Self::BlockUploaders,
        Self::DataSaver,
        Self::Cover,
        Self::ComicInfo,
        Self::NoOneshots,
    ];

    /// Its position in [`Setting::ALL`] and in [`Config`]'s origins.
    fn index(self) -> usize {
        self as usize
    }

    /// Its key in the file.
    fn key(self) -> &'static str {
        match self {
            Self::Out => "out",
            Self::Languages => "languages",
            Self::Preset => "preset",
            Self::Format => "format",
            Self::PreferGroups => "prefer_groups",
            Self::BlockGroups => "block_groups",
            Self::BlockUploaders => "block_uploaders",
            Self::DataSaver => "data_saver",
            Self::Cover => "cover",
            Self::ComicInfo => "comic_info",
            Self::NoOneshots => "no_oneshots",
        }
    }

    /// The setting with this key in the file.
    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|setting| setting.key() == key)
    }

    /// The environment variable that overrides it, for the settings that have one.
    fn env_var(self) -> Option<&'static str> {
        match self {
            Self::Out => Some("ASYNCDEX_OUT"),
            Self::Languages => Some("ASYNCDEX_LANG"),
            Self::Preset => Some("ASYNCDEX_PRESET"),
            Self::Format => Some("ASYNCDEX_FORMAT"),
            Self::PreferGroups => Some("ASYNCDEX_PREFER_GROUPS"),
            Self::DataSaver => Some("ASYNCDEX_DATA_SAVER"),
            Self::BlockGroups
            | Self::BlockUploaders
            | Self::Cover
            | Self::ComicInfo
            | Self::NoOneshots => None,
        }
    }

    /// A correct line for it in the file, shown when the file has a wrong one.
    fn example(self) -> &'static str {
        match self {
            Self::Out => r#"out = "~/Manga""#,
            Self::Languages => r#"languages = ["en", "fr"]"#,
            Self::Preset => r#"preset = "komga""#,
            Self::Format => r#"format = "cbz-volume""#,
            Self::PreferGroups => r#"prefer_groups = ["Group A"]"#,
            Self::BlockGroups => r#"block_groups = ["Group B"]"#,
            Self::BlockUploaders => r#"block_uploaders = ["someone"]"#,
            Self::DataSaver => "data_saver = true",
            Self::Cover => "cover = true",
            Self::ComicInfo => "comic_info = true",
            Self::NoOneshots => "no_oneshots = true",
        }
    }
}

/// Where a setting's value came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum Origin {
    /// Neither the file nor the environment set it.
    #[default]
    Default,
    /// The config file at this path.
    File(PathBuf),
    /// This environment variable.
    Env(&'static str),
}

/// The config file that was looked at, and what was found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
enum FileState {
    /// The platform has no config directory and `ASYNCDEX_CONFIG` is not set.
    #[default]
    NoConfigDir,
    /// The default file, which does not exist.
    Missing(PathBuf),
    /// A file that was read: the default one, or the one `ASYNCDEX_CONFIG` names.
    Read {
        /// Its path.
        path: PathBuf,
        /// Whether `ASYNCDEX_CONFIG` named it.
        named: bool,
    },
}

/// The text of the config file, to read values from and to point at lines in errors.
#[derive(Debug, Clone, Copy)]
struct FileText<'a> {
    /// Where it was read from.
    path: &'a Path,
    /// Its whole text.
    text: &'a str,
}

impl FileText<'_> {
    /// The 1-based line of a byte offset into the text.
    fn line(&self, offset: usize) -> usize {
        let before = self
            .text
            .as_bytes()
            .get(..offset)
            .unwrap_or(self.text.as_bytes());
        line_of(before)
    }

    /// An error about this file.
    fn error(&self, message: &str) -> ConfigError {
        ConfigError::in_file(self.path, message)
    }
}

/// One value on its way into [`Config`], from the file or from the environment.
#[derive(Debug, Clone, Copy)]
enum Raw<'a> {
    /// A value in the file.
    File {
        /// The value, with its place in the text.
        value: &'a Spanned<DeValue<'a>>,
        /// The file it is in.
        file: FileText<'a>,
    },
    /// The value of an environment variable: valid UTF-8, not blank.
    Env {
        /// The variable.
        var: &'static str,
        /// Its value.
        text: &'a str,
    },
}

impl Raw<'_> {
    /// Where the value came from.
    fn origin(self) -> Origin {
        match self {
            Self::File { file, .. } => Origin::File(file.path.to_path_buf()),
            Self::Env { var, .. } => Origin::Env(var),
        }
    }

    /// The value as a string.
    fn text(self, setting: Setting) -> Result<String, ConfigError> {
        match self {
            Self::File { value, file } => match value.get_ref() {
                DeValue::String(text) => Ok(text.to_string()),
                other => Err(wrong_type(file, setting, "a string", value, other)),
            },
            // Stray spaces in a variable are an accident, never part of a name.
            Self::Env { text, .. } => Ok(text.trim().to_owned()),
        }
    }

    /// The value as a list of strings; in a variable, separated by commas.
    fn list(self, setting: Setting) -> Result<Vec<String>, ConfigError> {
        match self {
            Self::File { value, file } => {
                let DeValue::Array(items) = value.get_ref() else {
                    return Err(wrong_type(
                        file,
                        setting,
                        "a list of strings",
                        value,
                        value.get_ref(),
                    ));
                };
                items
                    .iter()
                    .enumerate()
                    .map(|(at, item)| match item.get_ref() {
                        DeValue::String(text) => Ok(text.to_string()),
                        other => Err(file.error(&format!(
                            "`{}` must be a list of strings (line {}), but item {} is {}: for \
                             example {}",
                            setting.key(),
                            file.line(item.span().start),
                            at + 1,
                            describe(other),
                            setting.example()
                        ))),
                    })
                    .collect()
            }
            // `en, fr` and a trailing comma both read as meant.
            Self::Env { text, .. } => Ok(text
                .split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(str::to_owned)
                .collect()),
        }
    }

    /// The value as a boolean; in a variable, `true`, `false`, `1` or `0`.
    fn flag(self, setting: Setting) -> Result<bool, ConfigError> {
        match self {
            Self::File { value, file } => match value.get_ref() {
                DeValue::Boolean(flag) => Ok(*flag),
                other => Err(wrong_type(file, setting, "true or false", value, other)),
            },
            Self::Env { var, text } => match text.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Ok(true),
                "false" | "0" => Ok(false),
                _ => Err(ConfigError::new(format!(
                    "{var} must be true, false, 1 or 0, not `{}`",
                    text.escape_debug()
                ))),
            },
        }
    }

    /// The value as a directory, with a leading `~` or `~/` expanded to `home`.
    fn dir(self, setting: Setting, home: Option<&Path>) -> Result<PathBuf, ConfigError> {
        let text = match self {
            Self::File { .. } => self.text(setting)?,
            // Kept as written: spaces can be part of a path.
            Self::Env { text, .. } => text.to_owned(),
        };
        // What is wrong and how to fix it, pointing at a line of the file or at the variable.
        let fail = |problem: &str, fix: &str| match self {
            Self::File { value, file } => file.error(&format!(
                "`{}` {problem} (line {}): {fix}",
                setting.key(),
                file.line(value.span().start)
            )),
            Self::Env { var, .. } => ConfigError::new(format!("{var} {problem}: {fix}")),
        };
        let rest = if text == "~" {
            Some("")
        } else {
            text.strip_prefix("~/")
        };
        let Some(rest) = rest else {
            let path = PathBuf::from(text);
            // The file is read from any directory: a relative path there would land the
            // library wherever asyncdex happens to run. A variable is set in that place, so a
            // relative path in it is as deliberate as one given as a flag.
            if matches!(self, Self::File { .. }) && !path.is_absolute() {
                return Err(fail(
                    "must be an absolute path or start with ~/",
                    "a relative one would depend on the directory asyncdex runs in",
                ));
            }
            return Ok(path);
        };
        let Some(home) = home else {
            return Err(fail(
                "starts with ~ but HOME is not set",
                "write the full path",
            ));
        };
        // `~//x` must not turn into the absolute `/x` that `join` would make of it.
        Ok(home.join(rest.trim_start_matches('/')))
    }
}

/// The error for a value of the wrong type in the file.
fn wrong_type(
    file: FileText<'_>,
    setting: Setting,
    wanted: &str,
    value: &Spanned<DeValue<'_>>,
    found: &DeValue<'_>,
) -> ConfigError {
    file.error(&format!(
        "`{}` must be {wanted} (line {}), not {}: for example {}",
        setting.key(),
        file.line(value.span().start),
        describe(found),
        setting.example()
    ))
}

/// A TOML value's type, with its article, for error messages.
fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// The 1-based line that follows these bytes.
fn line_of(before: &[u8]) -> usize {
    before.iter().filter(|&&byte| byte == b'\n').count() + 1
}

/// The default config file: `asyncdex.toml` in the platform's config directory
/// (`~/.config/asyncdex/` on Linux, `~/Library/Application Support/org.asyncdex.asyncdex/` on
/// macOS, `%APPDATA%\asyncdex\asyncdex\config\` on Windows); `None` without a home directory.
pub(crate) fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "asyncdex", "asyncdex")
        .map(|dirs| dirs.config_dir().join(FILE_NAME))
}

/// The settings from the real config file and the real environment.
pub(crate) fn load() -> Result<Config, ConfigError> {
    load_from(default_path().as_deref(), &|name| std::env::var_os(name))
}

/// The settings from the config file and the environment that `env` reads: the file that
/// `ASYNCDEX_CONFIG` names (which must exist), else `default` (which may be absent, like the
/// `None` of a platform without a config directory), with the environment on top.
///
/// A variable that is set but blank counts as unset, as in the XDG base-directory rules, so
/// `ASYNCDEX_LANG= asyncdex ...` falls back to the file.
pub(crate) fn load_from(
    default: Option<&Path>,
    env: &dyn Fn(&str) -> Option<OsString>,
) -> Result<Config, ConfigError> {
    let home = home_dir(env);
    let mut config = Config::default();

    // A path need not be UTF-8, so this one variable is taken as the OS gives it.
    let named = env(CONFIG_VAR)
        .filter(|path| !path.is_empty())
        .map(PathBuf::from);
    let found = match (named, default) {
        (Some(path), _) => match read_file(&path)? {
            Some(text) => Some((path, true, text)),
            None => {
                return Err(ConfigError::new(format!(
                    "{CONFIG_VAR} names {}, which does not exist: create it or unset \
                     {CONFIG_VAR}",
                    path.display()
                )));
            }
        },
        (None, Some(path)) => {
            let text = read_file(path)?;
            if text.is_none() {
                config.file = FileState::Missing(path.to_path_buf());
            }
            text.map(|text| (path.to_path_buf(), false, text))
        }
        (None, None) => None,
    };
    if let Some((path, named, text)) = found {
        config.apply_file(
            FileText {
                path: &path,
                text: &text,
            },
            home.as_deref(),
        )?;
        config.file = FileState::Read { path, named };
    }

    for setting in Setting::ALL {
        let Some(var) = setting.env_var() else {
            continue;
        };
        if let Some(text) = env_text(env, var)? {
            config.apply(setting, Raw::Env { var, text: &text }, home.as_deref())?;
        }
    }
    Ok(config)
}

/// The home directory that `~` stands for: `HOME`, or `USERPROFILE` where Windows has no `HOME`.
fn home_dir(env: &dyn Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    ["HOME", "USERPROFILE"]
        .into_iter()
        .filter_map(env)
        .find(|home| !home.is_empty())
        .map(PathBuf::from)
}

/// A variable's value: `None` when unset or blank, an error when not UTF-8 (dropping it would
/// quietly undo a setting the user made).
fn env_text(
    env: &dyn Fn(&str) -> Option<OsString>,
    var: &'static str,
) -> Result<Option<String>, ConfigError> {
    let Some(value) = env(var) else {
        return Ok(None);
    };
    let text = value.into_string().map_err(|_| {
        ConfigError::new(format!(
            "{var} is not valid UTF-8: set it to UTF-8 text or unset it"
        ))
    })?;
    Ok(Some(text).filter(|text| !text.trim().is_empty()))
}

/// The text of the config file at `path`, or `None` when there is no such file.
fn read_file(path: &Path) -> Result<Option<String>, ConfigError> {
    let cannot_read =
        |error: &io::Error| ConfigError::in_file(path, &format!("cannot be read: {error}"));
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(cannot_read(&error)),
    };
    let mut bytes = Vec::new();
    // One byte past the cap tells a file at the cap from a larger one.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| cannot_read(&error))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ConfigError::in_file(
            path,
            "is larger than 1 MiB, so it is no asyncdex.toml: point ASYNCDEX_CONFIG at the right file",
        ));
    }
    String::from_utf8(bytes).map(Some).map_err(|error| {
        let bad = error.utf8_error().valid_up_to();
        let line = line_of(error.as_bytes().get(..bad).unwrap_or_default());
        ConfigError::in_file(
            path,
            &format!("is not valid UTF-8 (line {line}): save it as UTF-8"),
        )
    })
}

impl Config {
    /// Takes the settings in the file, first checking that it holds no credentials.
    fn apply_file(&mut self, file: FileText<'_>, home: Option<&Path>) -> Result<(), ConfigError> {
        let table = DeTable::parse(file.text).map_err(|error| {
            let line = file.line(error.span().map_or(file.text.len(), |span| span.start));
            file.error(&format!(
                "TOML syntax error at line {line}: {}: fix that line",
                error.message()
            ))
        })?;
        let mut credentials = Vec::new();
        credential_keys(table.get_ref(), &mut credentials);
        if let Some(key) = credentials.into_iter().min_by_key(|key| key.span().start) {
            // The key and its line only: the value may be the secret itself.
            return Err(file.error(&format!(
                "`{}` at line {}: {CREDENTIALS_FIX}",
                key.get_ref().escape_debug(),
                file.line(key.span().start)
            )));
        }
        // In the order written, so the first mistake in the file is the one reported.
        let mut entries: Vec<_> = table.get_ref().iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, value) in entries {
            let Some(setting) = Setting::from_key(key.get_ref()) else {
                let known: Vec<_> = Setting::ALL.into_iter().map(Setting::key).collect();
                return Err(file.error(&format!(
                    "unknown setting `{}` at line {}: known settings are {}",
                    key.get_ref().escape_debug(),
                    file.line(key.span().start),
                    known.join(", ")
                )));
            };
            self.apply(setting, Raw::File { value, file }, home)?;
        }
        Ok(())
    }

    /// Sets one setting from the file or a variable, checking the value's shape.
    fn apply(
        &mut self,
        setting: Setting,
        raw: Raw<'_>,
        home: Option<&Path>,
    ) -> Result<(), ConfigError> {
        match setting {
            Setting::Out => self.out = Some(raw.dir(setting, home)?),
            Setting::Languages => self.languages = Some(raw.list(setting)?),
            Setting::Preset => self.preset = Some(raw.text(setting)?),
            Setting::Format => self.format = Some(raw.text(setting)?),
            Setting::PreferGroups => self.prefer_groups = raw.list(setting)?,
            Setting::BlockGroups => self.block_groups = raw.list(setting)?,
            Setting::BlockUploaders => self.block_uploaders = raw.list(setting)?,
            Setting::DataSaver => self.data_saver = Some(raw.flag(setting)?),
            Setting::Cover => self.cover = Some(raw.flag(setting)?),
            Setting::ComicInfo => self.comic_info = Some(raw.flag(setting)?),
            Setting::NoOneshots => self.no_oneshots = Some(raw.flag(setting)?),
        }
        self.origins[setting.index()] = raw.origin();
        Ok(())
    }

    /// The effective settings as TOML for `asyncdex config`: a first comment naming the file
    /// looked at, then one line per setting with a comment saying where its value came from.
    /// Settings left to the command's default are commented out, so the text stays a valid
    /// config file.
    pub(crate) fn render(&self) -> String {
        let lines: Vec<(String, String)> = Setting::ALL
            .into_iter()
            .map(|setting| {
                let comment = match &self.origins[setting.index()] {
                    Origin::Default => "default".to_owned(),
                    Origin::File(path) => {
                        format!("file: {}", comment_text(&path.display().to_string()))
                    }
                    Origin::Env(var) => format!("env {var}"),
                };
                (self.render_value(setting), comment)
            })
            .collect();
        let width = lines
            .iter()
            .map(|(value, _)| value.chars().count())
            .max()
            .unwrap_or(0);
        let mut out = match &self.file {
            FileState::NoConfigDir => {
                "# config file: none (this platform has no config directory; ASYNCDEX_CONFIG can name one)"
                    .to_owned()
            }
            FileState::Missing(path) => format!(
                "# config file: {} (does not exist)",
                comment_text(&path.display().to_string())
            ),
            FileState::Read { path, named } => format!(
                "# config file: {} (exists{})",
                comment_text(&path.display().to_string()),
                if *named { ", named by ASYNCDEX_CONFIG" } else { "" }
            ),
        };
        out.push('\n');
        for (value, comment) in lines {
            // `write!` to a String cannot fail.
            let _ = writeln!(out, "{value:<width$}  # {comment}");
        }
        out
    }

    /// One setting's line of [`Config::render`], without its comment.
    fn render_value(&self, setting: Setting) -> String {
        let value = match setting {
            // A home directory that is not UTF-8 shows with replacement characters: the line is
            // for reading, and TOML strings are UTF-8.
            Setting::Out => self.out.as_ref().map(|out| quote(&out.to_string_lossy())),
            Setting::Languages => self.languages.as_deref().map(quote_list),
            Setting::Preset => self.preset.as_deref().map(quote),
            Setting::Format => self.format.as_deref().map(quote),
            Setting::PreferGroups => Some(quote_list(&self.prefer_groups)),
            Setting::BlockGroups => Some(quote_list(&self.block_groups)),
            Setting::BlockUploaders => Some(quote_list(&self.block_uploaders)),
            Setting::DataSaver => self.data_saver.map(|flag| flag.to_string()),
            Setting::Cover => self.cover.map(|flag| flag.to_string()),
            Setting::ComicInfo => self.comic_info.map(|flag| flag.to_string()),
            Setting::NoOneshots => self.no_oneshots.map(|flag| flag.to_string()),
        };
        match value {
            Some(value) => format!("{} = {value}", setting.key()),
            None => format!("# {} is not set", setting.key()),
        }
    }
}

/// Every key in `table`, at any depth, that names a credential.
fn credential_keys<'t>(table: &'t DeTable<'_>, found: &mut Vec<&'t Spanned<DeString<'t>>>) {
    for (key, value) in table.iter() {
        let name = key.get_ref().to_ascii_lowercase().replace('-', "_");
        if CREDENTIAL_KEYS.contains(&name.as_str())
            || CREDENTIAL_PARTS.iter().any(|part| name.contains(part))
        {
            found.push(key);
        }
        credential_keys_in(value.get_ref(), found);
    }
}

/// The credential keys inside a value: its tables, and the tables in its lists.
fn credential_keys_in<'t>(value: &'t DeValue<'_>, found: &mut Vec<&'t Spanned<DeString<'t>>>) {
    match value {
        DeValue::Table(table) => credential_keys(table, found),
        DeValue::Array(items) => {
            for item in items.iter() {
                credential_keys_in(item.get_ref(), found);
            }
        }
        DeValue::String(_)
        | DeValue::Integer(_)
        | DeValue::Float(_)
        | DeValue::Boolean(_)
        | DeValue::Datetime(_) => {}
    }
}

/// `text` as a TOML basic string.
fn quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            // TOML forbids raw control characters in strings.
            c if c.is_control() => {
                let _ = write!(quoted, "\\u{:04X}", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// `items` as a TOML array of basic strings.
fn quote_list(items: &[String]) -> String {
    let quoted: Vec<_> = items.iter().map(|item| quote(item)).collect();
    format!("[{}]", quoted.join(", "))
}

/// `text` made safe for a TOML comment, which ends at a newline and may not hold control
/// characters.
fn comment_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::{Config, ConfigError, FILE_NAME, Origin, Setting, default_path, load_from};

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
}
