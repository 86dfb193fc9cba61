//! [`Format`]: how chapters are laid out on disk, and its names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// How chapters are laid out on disk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A folder of page images per chapter.
    #[default]
    Folder,
    /// A CBZ per chapter.
    Cbz,
    /// A CBZ per volume (chapters without a volume get a CBZ each).
    CbzVolume,
    /// One CBZ for the whole series.
    CbzSingle,
}

impl Format {
    /// The name used on the command line and in plans.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Folder => "folder",
            Self::Cbz => "cbz",
            Self::CbzVolume => "cbz-volume",
            Self::CbzSingle => "cbz-single",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format name that is not one of `folder`, `cbz`, `cbz-volume`, `cbz-single`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError(String);

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.0.chars().take(40).collect();
        write!(
            f,
            "unknown format {shown:?}: use folder, cbz, cbz-volume or cbz-single"
        )
    }
}

impl std::error::Error for FormatError {}

impl FromStr for Format {
    type Err = FormatError;

    fn from_str(text: &str) -> Result<Self, FormatError> {
        [Self::Folder, Self::Cbz, Self::CbzVolume, Self::CbzSingle]
            .into_iter()
            .find(|format| format.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| FormatError(text.to_owned()))
    }
}
