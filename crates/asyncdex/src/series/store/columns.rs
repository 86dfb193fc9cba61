//! Decoding a column's value, reporting one that does not decode as damage to the store.

use std::fmt;

use rusqlite::Row;
use rusqlite::types::Type;

/// The text in column `index`, parsed; a value that does not parse is a conversion failure,
/// which [`Location::sqlite`] reports as a damaged store naming the column.
pub(super) fn parsed<T, E>(
    row: &Row<'_>,
    index: usize,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> rusqlite::Result<T>
where
    E: fmt::Display,
{
    let text: String = row.get(index)?;
    parse(&text).map_err(|e| bad_value(row, index, Type::Text, &e))
}

pub(super) fn parsed_optional<T, E>(
    row: &Row<'_>,
    index: usize,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> rusqlite::Result<Option<T>>
where
    E: fmt::Display,
{
    let text: Option<String> = row.get(index)?;
    text.map(|text| parse(&text).map_err(|e| bad_value(row, index, Type::Text, &e)))
        .transpose()
}

pub(super) fn unsigned(row: &Row<'_>, index: usize) -> rusqlite::Result<u64> {
    let value: i64 = row.get(index)?;
    u64::try_from(value).map_err(|e| bad_value(row, index, Type::Integer, &e))
}

fn bad_value(row: &Row<'_>, index: usize, kind: Type, why: &dyn fmt::Display) -> rusqlite::Error {
    let column = row.as_ref().column_name(index).unwrap_or("?");
    rusqlite::Error::FromSqlConversionFailure(
        index,
        kind,
        format!("column {column} holds a bad value: {why}").into(),
    )
}
