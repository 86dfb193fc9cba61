//! Times as stored: RFC 3339 in UTC with nine fractional digits, so text order is time order.

use time::format_description::BorrowedFormatItem;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

use super::error::StoreError;
use super::location::Location;

/// Stored times: RFC 3339 in UTC with a fixed-width fraction, so that text order is time
/// order.
const STORED_TIME: &[BorrowedFormatItem<'_>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:9]Z");

impl Location {
    pub(super) fn stored_time(&self, at: OffsetDateTime) -> Result<String, StoreError> {
        stored_time(at).ok_or_else(|| {
            self.invalid_record(format!(
                "the time {at} is outside the years 0 to 9999 the store can hold"
            ))
        })
    }
}

/// `at` as stored, or `None` when it falls outside years 0 to 9999 (which RFC 3339 cannot
/// write).
pub(super) fn stored_time(at: OffsetDateTime) -> Option<String> {
    let utc = at.checked_to_offset(UtcOffset::UTC)?;
    if !(0..=9999).contains(&utc.year()) {
        return None;
    }
    utc.format(STORED_TIME).ok()
}

pub(super) fn parse_time(text: &str) -> Result<OffsetDateTime, time::error::Parse> {
    OffsetDateTime::parse(text, &Rfc3339)
}
