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

mod filters;
mod matching;
mod number_range;
mod range_parse;
#[cfg(test)]
mod tests;

pub use self::filters::Filters;
pub(crate) use self::matching::Named;
pub use self::number_range::NumberRange;
pub(crate) use self::number_range::parse_number;
pub use self::range_parse::RangeError;
