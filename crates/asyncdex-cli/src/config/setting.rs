//! [`Setting`]: each key of the file, its variable and its example; and where a value came
//! from ([`Origin`], [`FileState`]).

use std::path::PathBuf;

/// One setting, in the order that [`Config::render`] prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Setting {
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
    pub(super) const ALL: [Self; 11] = [
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
    pub(super) fn index(self) -> usize {
        self as usize
    }

    /// Its key in the file.
    pub(super) fn key(self) -> &'static str {
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
    pub(super) fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|setting| setting.key() == key)
    }

    /// The environment variable that overrides it, for the settings that have one.
    pub(super) fn env_var(self) -> Option<&'static str> {
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
    pub(super) fn example(self) -> &'static str {
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
pub(super) enum Origin {
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
pub(super) enum FileState {
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
