//! [`Config::render`]: the effective settings as a valid TOML file, for `asyncdex config`.

use std::fmt::Write as _;

use super::Config;
use super::setting::{FileState, Origin, Setting};

impl Config {
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
