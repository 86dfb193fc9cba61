//! [`NumberRange`]: an inclusive range of chapter or volume numbers, and how it is written.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::RangeError;

/// An inclusive range of chapter or volume numbers, with decimals: `1-10.5`, `12-` (from 12
/// on), `-5` (up to 5), `7` (just 7).
///
/// Chapter and volume numbers are strings on MangaDex; one that is not a number (`Extra`)
/// or missing (a oneshot) is never inside a range.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NumberRange {
    pub(super) start: Option<f64>,
    pub(super) end: Option<f64>,
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
