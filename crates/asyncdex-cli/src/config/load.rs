//! Loading: the file (named by `ASYNCDEX_CONFIG` or the default one), then the environment
//! on top, each value applied to [`Config`] through [`Raw`].

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use toml::de::DeTable;

use super::credentials::{CREDENTIALS_FIX, credential_keys};
use super::raw::{FileText, Raw, line_of};
use super::setting::{FileState, Setting};
use super::{CONFIG_VAR, Config, ConfigError, FILE_NAME};

/// Far above any real config file: the cap keeps `ASYNCDEX_CONFIG=/dev/zero` from filling memory.
const MAX_FILE_BYTES: u64 = 1024 * 1024;

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
}
