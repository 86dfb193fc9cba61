//! [`SkipReason`]: why a chapter of the feed is not in a plan.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Why a chapter of the feed is not in a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkipReason {
    /// Hosted on another site (`externalUrl`): MangaDex has no pages for it.
    External {
        /// Where it is.
        url: String,
    },
    /// MangaDex marks it unavailable, or it has no pages.
    Unavailable,
    /// Another version of the same chapter was chosen.
    Duplicate {
        /// The version taken instead.
        kept: Uuid,
    },
    /// A filter leaves it out.
    Filtered {
        /// Which one, in words.
        why: String,
    },
    /// The library already has it (its store records the chapter).
    AlreadyThere {
        /// Where it is, relative to the library's root.
        path: PathBuf,
    },
}
