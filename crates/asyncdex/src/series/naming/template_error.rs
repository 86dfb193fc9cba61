//! [`TemplateError`]: why a template does not parse, by column, with how to fix it.

use std::fmt;

use super::field_spec::MAX_PADDING;
use super::fields::Field;

/// Why a template did not parse, and where.
///
/// Its `Display` is one line naming the problem, the column (in characters, from 1) and the
/// fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub(super) kind: ErrorKind,
    pub(super) column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ErrorKind {
    UnknownField(String),
    UnclosedField,
    UnclosedSection,
    StrayBrace,
    StrayAngle,
    NestedSection,
    BadPadding(String),
    PaddingOnText(Field),
}

impl TemplateError {
    pub(super) fn new(kind: ErrorKind, column: usize) -> TemplateError {
        TemplateError { kind, column }
    }
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = format!("in the name template at column {}", self.column);
        match &self.kind {
            ErrorKind::UnknownField(name) => {
                let known: Vec<String> = Field::ALL
                    .iter()
                    .map(|field| format!("{{{}}}", field.name()))
                    .collect();
                let known = known.join(", ");
                write!(f, "unknown field {{{name}}} {at}: known fields are {known}")
            }
            ErrorKind::UnclosedField => write!(
                f,
                "unclosed {{ {at}: end the field with }}, or write {{{{ for a literal {{"
            ),
            ErrorKind::UnclosedSection => {
                write!(f, "unclosed < {at}: end the optional section with >")
            }
            ErrorKind::StrayBrace => write!(f, "stray }} {at}: write }}}} for a literal }}"),
            ErrorKind::StrayAngle => write!(
                f,
                "stray > {at}: > only ends an optional section opened with <, and file names cannot contain it"
            ),
            ErrorKind::NestedSection => write!(
                f,
                "nested < {at}: optional sections cannot contain one another, end the open one with > first"
            ),
            ErrorKind::BadPadding(spec) => write!(
                f,
                "bad padding {{{spec}}} {at}: write {{field:N}} with N a number of digits from 1 to {MAX_PADDING}"
            ),
            ErrorKind::PaddingOnText(field) => write!(
                f,
                "padding on {{{}}} {at}: only {{volume}} and {{chapter}} are numbers, write {{{}}}",
                field.name(),
                field.name()
            ),
        }
    }
}

impl std::error::Error for TemplateError {}
