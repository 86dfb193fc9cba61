//! Parsing what is inside `{...}`: a field name and an optional padding width.

use super::fields::Field;
use super::pieces::Piece;
use super::template_error::{ErrorKind, TemplateError};

/// The widest padding a field takes: chapter numbers beyond a million do not exist.
pub(super) const MAX_PADDING: usize = 6;

/// Parses `name` or `name:N`, the inside of a `{...}` at `column`.
pub(super) fn parse_field(spec: &str, column: usize) -> Result<Piece, TemplateError> {
    let (name, width) = match spec.split_once(':') {
        Some((name, width)) => (name, Some(width)),
        None => (spec, None),
    };
    let Some(field) = Field::from_name(name) else {
        let kind = ErrorKind::UnknownField(name.to_owned());
        return Err(TemplateError::new(kind, column));
    };
    let Some(width) = width else {
        return Ok(Piece::Field { field, width: 0 });
    };
    if !field.is_number() {
        return Err(TemplateError::new(ErrorKind::PaddingOnText(field), column));
    }
    match parse_width(width) {
        Some(width) => Ok(Piece::Field { field, width }),
        None => Err(TemplateError::new(
            ErrorKind::BadPadding(spec.to_owned()),
            column,
        )),
    }
}

/// A padding is 1 to [`MAX_PADDING`] digits wide, written with ASCII digits only.
fn parse_width(width: &str) -> Option<usize> {
    if width.is_empty() || !width.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    width
        .parse()
        .ok()
        .filter(|width| (1..=MAX_PADDING).contains(width))
}
