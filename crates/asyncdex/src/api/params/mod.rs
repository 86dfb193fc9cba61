//! The query parameters of an endpoint builder, and the macros that write their setters.
//!
//! Keys are the spec's names, brackets included (`includes[]`, `order[createdAt]`, but
//! `includes` for `GET /chapter`, as spec 5.13.1 spells it). Setting a key again replaces its
//! values; orderings accumulate in call order.

use time::OffsetDateTime;
use time::macros::format_description;

mod chapter_filters;
mod order_enum;
mod query;
mod setters;
#[cfg(test)]
mod tests;

pub(crate) use self::chapter_filters::chapter_filters;
pub(crate) use self::order_enum::order_enum;
pub(crate) use self::query::Query;
pub(crate) use self::setters::params;

/// A date filter as the API reads it: `YYYY-MM-DDTHH:MM:SS`, in UTC, no offset.
pub(crate) fn date(value: OffsetDateTime) -> String {
    let utc = value.to_offset(time::UtcOffset::UTC);
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    utc.format(&format).unwrap_or_default()
}
