//! Reading a [`NumberRange`] from text (`1-10.5`, `12-`, `-5`, `7`), and [`RangeError`] when
//! it cannot be read.

use std::fmt;
use std::str::FromStr;

use super::NumberRange;
use super::number_range::parse_number;

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
