//! The template parser: literal text, `{field:N}` and `<...>` sections, with errors by column.

use super::field_spec::parse_field;
use super::pieces::{Part, Piece};
use super::template_error::{ErrorKind, TemplateError};

/// The template parser: a single pass over the characters, with at most one open section.
#[derive(Default)]
pub(super) struct Parser {
    pub(super) parts: Vec<Part>,
    /// The open optional section: its pieces and the column of its `<`.
    section: Option<(Vec<Piece>, usize)>,
    pub(super) text: String,
}

impl Parser {
    pub(super) fn run(mut self, source: &str) -> Result<Vec<Part>, TemplateError> {
        let chars: Vec<char> = source.chars().collect();
        let mut at = 0;
        while let Some(&c) = chars.get(at) {
            let column = at + 1;
            let next = chars.get(at + 1).copied();
            at += match (c, next) {
                ('{', Some('{')) | ('}', Some('}')) => self.literal(c),
                ('{', _) => self.field(&chars[at + 1..], column)?,
                ('}', _) => return Err(TemplateError::new(ErrorKind::StrayBrace, column)),
                ('<', _) => self.open(column)?,
                ('>', _) => self.close(column)?,
                _ => {
                    self.text.push(c);
                    1
                }
            };
        }
        if let Some((_, column)) = self.section {
            return Err(TemplateError::new(ErrorKind::UnclosedSection, column));
        }
        self.flush();
        Ok(self.parts)
    }

    /// An escaped brace: two characters in, one out.
    pub(super) fn literal(&mut self, brace: char) -> usize {
        self.text.push(brace);
        2
    }

    /// Parses the field after a `{` at `column`; returns the characters consumed.
    pub(super) fn field(&mut self, rest: &[char], column: usize) -> Result<usize, TemplateError> {
        // A field ends at the first `}`; any other brace or angle before it means the `}` is
        // missing, which is a clearer message than an unknown field spanning the rest.
        let end = rest.iter().position(|c| matches!(c, '{' | '}' | '<' | '>'));
        let Some(len) = end.filter(|&end| rest[end] == '}') else {
            return Err(TemplateError::new(ErrorKind::UnclosedField, column));
        };
        let spec: String = rest[..len].iter().collect();
        let piece = parse_field(&spec, column)?;
        self.flush();
        self.push(piece);
        Ok(len + 2)
    }

    pub(super) fn open(&mut self, column: usize) -> Result<usize, TemplateError> {
        if self.section.is_some() {
            return Err(TemplateError::new(ErrorKind::NestedSection, column));
        }
        self.flush();
        self.section = Some((Vec::new(), column));
        Ok(1)
    }

    fn close(&mut self, column: usize) -> Result<usize, TemplateError> {
        self.flush();
        let Some((pieces, _)) = self.section.take() else {
            return Err(TemplateError::new(ErrorKind::StrayAngle, column));
        };
        self.parts.push(Part::Optional(pieces));
        Ok(1)
    }

    /// Ends the pending literal text, if any.
    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = std::mem::take(&mut self.text);
            self.push(Piece::Text(text));
        }
    }

    pub(super) fn push(&mut self, piece: Piece) {
        match &mut self.section {
            Some((pieces, _)) => pieces.push(piece),
            None => self.parts.push(Part::Piece(piece)),
        }
    }
}
