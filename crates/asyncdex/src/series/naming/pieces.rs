//! The parsed pieces of a template and how each renders.

use std::borrow::Cow;

use super::fields::{Field, NameFields};

/// A piece of a template: text, or a field with its padding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    Text(String),
    Field { field: Field, width: usize },
}

impl Piece {
    pub(super) fn render<'a>(&'a self, fields: &NameFields<'a>) -> Option<Cow<'a, str>> {
        match self {
            Piece::Text(text) => Some(Cow::Borrowed(text)),
            Piece::Field { field, width } => field.value(fields).map(|value| pad(value, *width)),
        }
    }
}

/// A top-level part of a template: a piece, or an optional section of pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Part {
    Piece(Piece),
    Optional(Vec<Piece>),
}

/// Zero-pads the leading digits of `value` to `width` digits; other values are left as is.
fn pad(value: &str, width: usize) -> Cow<'_, str> {
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits >= width {
        return Cow::Borrowed(value);
    }
    Cow::Owned(format!("{}{value}", "0".repeat(width - digits)))
}
