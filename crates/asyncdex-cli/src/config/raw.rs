//! [`Raw`]: one value from the file or a variable, checked for the shape its setting wants.

use std::path::{Path, PathBuf};

use toml::Spanned;
use toml::de::DeValue;

use super::ConfigError;
use super::setting::{Origin, Setting};

/// The text of the config file, to read values from and to point at lines in errors.
#[derive(Debug, Clone, Copy)]
pub(super) struct FileText<'a> {
    /// Where it was read from.
    pub(super) path: &'a Path,
    /// Its whole text.
    pub(super) text: &'a str,
}

impl FileText<'_> {
    /// The 1-based line of a byte offset into the text.
    pub(super) fn line(&self, offset: usize) -> usize {
        let before = self
            .text
            .as_bytes()
            .get(..offset)
            .unwrap_or(self.text.as_bytes());
        line_of(before)
    }

    /// An error about this file.
    pub(super) fn error(&self, message: &str) -> ConfigError {
        ConfigError::in_file(self.path, message)
    }
}

/// One value on its way into [`Config`], from the file or from the environment.
#[derive(Debug, Clone, Copy)]
pub(super) enum Raw<'a> {
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
    pub(super) fn origin(self) -> Origin {
        match self {
            Self::File { file, .. } => Origin::File(file.path.to_path_buf()),
            Self::Env { var, .. } => Origin::Env(var),
        }
    }

    /// The value as a string.
    pub(super) fn text(self, setting: Setting) -> Result<String, ConfigError> {
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
    pub(super) fn list(self, setting: Setting) -> Result<Vec<String>, ConfigError> {
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
    pub(super) fn flag(self, setting: Setting) -> Result<bool, ConfigError> {
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
    pub(super) fn dir(self, setting: Setting, home: Option<&Path>) -> Result<PathBuf, ConfigError> {
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
pub(super) fn line_of(before: &[u8]) -> usize {
    before.iter().filter(|&&byte| byte == b'\n').count() + 1
}
