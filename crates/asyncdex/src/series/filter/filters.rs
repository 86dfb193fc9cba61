//! [`Filters`]: which chapters of a series are wanted, and the defaults.

use serde::{Deserialize, Serialize};

use super::NumberRange;
use crate::model::{ContentRating, Language};

/// Which chapters of a series are wanted. Serializable, so a library remembers the filters
/// each series was downloaded with and `sync` applies them again. Build it with struct update
/// syntax from [`Filters::default`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filters {
    /// Languages in order of preference: each chapter comes in the first of them it exists
    /// in (default: English). Empty: every language, each chapter in all of them.
    pub languages: Vec<Language>,
    /// Only chapters whose number is in this range.
    pub chapters: Option<NumberRange>,
    /// Only chapters whose volume is in this range.
    pub volumes: Option<NumberRange>,
    /// Scanlation groups to prefer when several released a chapter, best first: ids or
    /// names (names ignore case).
    pub prefer_groups: Vec<String>,
    /// Scanlation groups whose chapters are never taken (ids or names).
    pub block_groups: Vec<String>,
    /// Uploaders whose chapters are never taken (user ids or user names).
    pub block_uploaders: Vec<String>,
    /// Leave out oneshots (chapters without a number).
    pub no_oneshots: bool,
    /// The content ratings a manga may have to be downloaded (default: every rating but
    /// `pornographic`, as the API's own default).
    pub content_ratings: Vec<ContentRating>,
}

impl Default for Filters {
    fn default() -> Self {
        Self {
            languages: vec![Language::English],
            chapters: None,
            volumes: None,
            prefer_groups: Vec::new(),
            block_groups: Vec::new(),
            block_uploaders: Vec::new(),
            no_oneshots: false,
            content_ratings: vec![
                ContentRating::Safe,
                ContentRating::Suggestive,
                ContentRating::Erotica,
            ],
        }
    }
}
