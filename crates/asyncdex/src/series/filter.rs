//! What a series download keeps: languages, number ranges, groups, uploaders, ratings.
//!
//! ```
//! use asyncdex::series::{Filters, NumberRange};
//!
//! let range: NumberRange = "1-10.5".parse().unwrap();
//! assert!(range.contains("8.5") && !range.contains("11") && !range.contains("Extra"));
//! let open: NumberRange = "12-".parse().unwrap();
//! assert!(open.contains("120"));
//! assert!("10-1".parse::<NumberRange>().is_err()); // impossible: says so
//!
//! let filters = Filters { chapters: Some(range), ..Filters::default() };
//! assert_eq!(filters.languages[0].as_str(), "en");
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::model::{ContentRating, Language};

/// An inclusive range of chapter or volume numbers, with decimals: `1-10.5`, `12-` (from 12
/// on), `-5` (up to 5), `7` (just 7).
///
/// Chapter and volume numbers are strings on MangaDex; one that is not a number (`Extra`)
/// or missing (a oneshot) is never inside a range.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NumberRange {
    start: Option<f64>,
    end: Option<f64>,
}

impl NumberRange {
    /// Whether a chapter or volume number (as MangaDex writes it) is inside the range.
    pub fn contains(&self, number: &str) -> bool {
        parse_number(number).is_some_and(|n| self.contains_number(n))
    }

    fn contains_number(&self, n: f64) -> bool {
        self.start.is_none_or(|start| n >= start) && self.end.is_none_or(|end| n <= end)
    }
}

/// A chapter or volume number as a number, when it is one (`8.5`, ` 12 `).
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Why a range could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RangeError {
    input: String,
    why: &'static str,
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.input.chars().take(40).collect();
        write!(
            f,
            "{} in the range {shown:?}: write it as 1-10.5, 12- or -5",
            self.why
        )
    }
}

impl std::error::Error for RangeError {}

impl FromStr for NumberRange {
    type Err = RangeError;

    fn from_str(text: &str) -> Result<Self, RangeError> {
        let error = |why| RangeError {
            input: text.to_owned(),
            why,
        };
        let bound = |part: &str| -> Result<Option<f64>, RangeError> {
            let part = part.trim();
            if part.is_empty() {
                return Ok(None);
            }
            match parse_number(part) {
                Some(n) if n >= 0.0 => Ok(Some(n)),
                _ => Err(error("not a number")),
            }
        };
        let (start, end) = match text.split_once('-') {
            Some((start, end)) => (bound(start)?, bound(end)?),
            None => {
                let only = bound(text)?;
                (only, only)
            }
        };
        match (start, end) {
            (None, None) => Err(error("no number")),
            (Some(start), Some(end)) if start > end => {
                Err(error("impossible (the start is after the end)"))
            }
            _ => Ok(Self { start, end }),
        }
    }
}

impl fmt::Display for NumberRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.start, self.end) {
            (Some(start), Some(end)) if start == end => write!(f, "{start}"),
            (start, end) => {
                if let Some(start) = start {
                    write!(f, "{start}")?;
                }
                f.write_str("-")?;
                if let Some(end) = end {
                    write!(f, "{end}")?;
                }
                Ok(())
            }
        }
    }
}

impl TryFrom<String> for NumberRange {
    type Error = RangeError;

    fn try_from(text: String) -> Result<Self, RangeError> {
        text.parse()
    }
}

impl From<NumberRange> for String {
    fn from(range: NumberRange) -> Self {
        range.to_string()
    }
}

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

/// A group or user as a filter sees it: its id and name.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Named<'a> {
    pub(crate) id: uuid::Uuid,
    pub(crate) name: Option<&'a str>,
}

impl Named<'_> {
    /// Whether a filter entry (an id, or a name ignoring case) names this one.
    pub(crate) fn is(&self, entry: &str) -> bool {
        let entry = entry.trim();
        entry.parse::<uuid::Uuid>().ok() == Some(self.id)
            || self
                .name
                .is_some_and(|name| name.to_lowercase() == entry.to_lowercase())
    }
}

impl Filters {
    /// The rank of a language in the preferences (0 = best); `None` when not wanted. With
    /// no preferences every language is wanted, all equal.
    pub(crate) fn language_rank(&self, language: &Language) -> Option<usize> {
        if self.languages.is_empty() {
            return Some(0);
        }
        self.languages.iter().position(|wanted| wanted == language)
    }

    /// The best rank among a chapter's groups in `prefer_groups` (0 = best).
    pub(crate) fn preference(&self, groups: &[Named<'_>]) -> Option<usize> {
        self.prefer_groups
            .iter()
            .position(|entry| groups.iter().any(|group| group.is(entry)))
    }

    /// Whether any of these groups is blocked.
    pub(crate) fn blocks_group(&self, groups: &[Named<'_>]) -> Option<String> {
        self.block_groups
            .iter()
            .find(|entry| groups.iter().any(|group| group.is(entry)))
            .cloned()
    }

    /// Whether this uploader is blocked.
    pub(crate) fn blocks_uploader(&self, uploader: Option<Named<'_>>) -> Option<String> {
        let uploader = uploader?;
        self.block_uploaders
            .iter()
            .find(|entry| uploader.is(entry))
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse_and_contain() {
        let cases = [
            ("1-10.5", "1", true),
            ("1-10.5", "10.5", true),
            ("1-10.5", "10.6", false),
            ("1-10.5", "0.5", false),
            ("12-", "12", true),
            ("12-", "11.9", false),
            ("-5", "0", true),
            ("-5", "5.1", false),
            ("7", "7", true),
            ("7", "7.5", false),
            (" 2 - 3 ", "2.5", true),
        ];
        for (range, number, inside) in cases {
            let parsed: NumberRange = range.parse().unwrap();
            assert_eq!(parsed.contains(number), inside, "{range} contains {number}");
        }
        let any: NumberRange = "0-".parse().unwrap();
        assert!(!any.contains("Extra") && !any.contains("") && !any.contains("NaN"));
    }

    #[test]
    fn bad_ranges_say_what_is_wrong() {
        for (input, why) in [
            ("10-1", "impossible"),
            ("a-3", "not a number"),
            ("-", "no number"),
            ("", "no number"),
            ("1-2-3", "not a number"),
            ("-3-", "not a number"),
            ("inf", "not a number"),
        ] {
            let error = input.parse::<NumberRange>().unwrap_err().to_string();
            assert!(error.starts_with(why), "{input}: {error}");
            assert!(error.contains("1-10.5, 12- or -5"), "{error}");
        }
    }

    #[test]
    fn ranges_round_trip_through_serde() {
        for text in ["1-10.5", "12-", "-5", "7"] {
            let range: NumberRange = text.parse().unwrap();
            let json = serde_json::to_string(&range).unwrap();
            assert_eq!(json, format!("{text:?}"));
            assert_eq!(serde_json::from_str::<NumberRange>(&json).unwrap(), range);
        }
        assert!(serde_json::from_str::<NumberRange>("\"9-2\"").is_err());
    }

    #[test]
    fn groups_match_by_id_or_name_ignoring_case() {
        let id = uuid::Uuid::new_v4();
        let group = Named {
            id,
            name: Some("Lantern Scans"),
        };
        assert!(group.is("lantern scans") && group.is(&id.to_string()) && !group.is("other"));
        let filters = Filters {
            prefer_groups: vec!["nobody".into(), "LANTERN SCANS".into()],
            block_groups: vec![id.to_string()],
            ..Filters::default()
        };
        assert_eq!(filters.preference(&[group]), Some(1));
        assert_eq!(filters.blocks_group(&[group]), Some(id.to_string()));
        assert_eq!(filters.blocks_uploader(None), None);
    }
}
