//! [`Naming`]: the template of each kind of thing a series download puts on disk.

use serde::{Deserialize, Serialize};

use super::preset::Preset;
use super::template::Template;

/// The templates of a series download: one per kind of thing on disk.
///
/// The default is the Komga preset. When deserializing, a missing template is the Komga
/// preset's, so a configuration can override just one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Naming {
    /// The series folder.
    pub series: Template,
    /// A chapter's archive or folder, inside the series folder (without its extension).
    pub chapter: Template,
    /// A volume's archive, inside the series folder. The presets expect a volume: without
    /// one, Komga's and Kavita's render the title alone, Plain's renders `Vol`.
    pub volume: Template,
    /// The archive of a whole series.
    pub single: Template,
}

impl Naming {
    /// The templates of a preset.
    pub fn preset(preset: Preset) -> Naming {
        // The preset sources are constants that the tests parse: this cannot fail at run time.
        let [series, chapter, volume, single] = preset
            .sources()
            .map(|source| Template::parse(source).expect("preset templates parse"));
        Naming {
            series,
            chapter,
            volume,
            single,
        }
    }
}

impl Default for Naming {
    fn default() -> Naming {
        Naming::preset(Preset::Komga)
    }
}
