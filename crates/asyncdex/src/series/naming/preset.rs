//! [`Preset`]: the naming presets that Komga and Kavita parse, by name.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A set of templates tuned for a library server (see the [module docs](super#presets)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// Names Komga orders right: `Title v01 c008.5 - Chapter title [Group]`.
    #[default]
    Komga,
    /// Names Kavita's file-name parser reads right: `Title Vol. 01 Ch. 008.5 - Chapter title
    /// [Group]`, oneshots as specials (`Title SP01 Oneshot`).
    Kavita,
    /// Short names for a file manager: `Vol.1 Ch.8.5 Chapter title [Group]`.
    Plain,
}

impl Preset {
    /// Every preset.
    pub const ALL: [Preset; 3] = [Preset::Komga, Preset::Kavita, Preset::Plain];

    /// The preset's name: `komga`, `kavita` or `plain`.
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Komga => "komga",
            Preset::Kavita => "kavita",
            Preset::Plain => "plain",
        }
    }

    /// The preset's templates: series folder, chapter, volume, single.
    pub(super) fn sources(self) -> [&'static str; 4] {
        match self {
            Preset::Komga => [
                "{title}",
                "{title} <v{volume:2} ><c{chapter:3}><{oneshot}>< - {chapter_title}>< [{group}]>",
                "{title}< v{volume:2}>",
                "{title}",
            ],
            Preset::Kavita => [
                "{title}",
                "{title} <SP01 {oneshot} ><Vol. {volume:2} ><Ch. {chapter:3}>< - {chapter_title}>< [{group}]>",
                "{title}< Vol. {volume:2}>",
                "{title}",
            ],
            Preset::Plain => [
                "{title}",
                "<Vol.{volume} ><Ch.{chapter}><{oneshot}>< {chapter_title}>< [{group}]>",
                "Vol.{volume}",
                "{title}",
            ],
        }
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Preset {
    type Err = PresetError;

    /// Parses `komga`, `kavita` or `plain`, in any ASCII case.
    fn from_str(name: &str) -> Result<Preset, PresetError> {
        Preset::ALL
            .into_iter()
            .find(|preset| preset.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| PresetError {
                name: name.to_owned(),
            })
    }
}

/// A preset name that is not `komga`, `kavita` or `plain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetError {
    pub(super) name: String,
}

impl fmt::Display for PresetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = Preset::ALL.iter().map(|preset| preset.as_str()).collect();
        write!(
            f,
            "unknown naming preset {:?}: known presets are {}",
            self.name,
            known.join(", ")
        )
    }
}

impl std::error::Error for PresetError {}
