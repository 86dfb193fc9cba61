//! [`Template`]: a parsed naming template, rendered to one sanitized path component.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::fields::NameFields;
use super::parser::Parser;
use super::pieces::Part;
use super::sanitize::sanitize_component;
use super::template_error::TemplateError;

/// A name template, parsed once and rendered per chapter (see the [module docs](super)).
///
/// It serializes as its source string and deserializes by parsing one, so a bad template in
/// a configuration file fails to load with the parse error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub(super) source: String,
    pub(super) parts: Vec<Part>,
}

impl Template {
    /// Parses a template.
    ///
    /// # Errors
    ///
    /// A [`TemplateError`] for an unknown field, an unclosed `{` or `<`, a stray `}` or `>`,
    /// a nested `<`, or a bad padding.
    pub fn parse(source: &str) -> Result<Template, TemplateError> {
        let parts = Parser::default().run(source)?;
        Ok(Template {
            source: source.to_owned(),
            parts,
        })
    }

    /// The source the template was parsed from.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Renders one path component: the fields filled in, empty optional sections dropped, the
    /// result passed through [`sanitize_component`].
    pub fn render(&self, fields: &NameFields<'_>) -> String {
        let mut name = String::new();
        for part in &self.parts {
            match part {
                Part::Piece(piece) => name.push_str(&piece.render(fields).unwrap_or_default()),
                Part::Optional(pieces) => {
                    let rendered: Option<Vec<_>> =
                        pieces.iter().map(|piece| piece.render(fields)).collect();
                    name.extend(rendered.into_iter().flatten());
                }
            }
        }
        sanitize_component(&name)
    }
}

impl FromStr for Template {
    type Err = TemplateError;

    fn from_str(source: &str) -> Result<Template, TemplateError> {
        Template::parse(source)
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Template, D::Error> {
        let source = String::deserialize(deserializer)?;
        Template::parse(&source).map_err(serde::de::Error::custom)
    }
}
