//! Localized strings: a map from language code to text (`title`, `description`, tag names...).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer, ser::SerializeMap};

use super::de::map_entries;
use super::language::Language;

/// A localized string: language code -> text, in the order the API sent them.
///
/// Decodes from a JSON object, and also from `[]` or `null` (the API sends an empty array
/// for an empty map in some places). Serializes as a JSON object.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct LocalizedString {
    entries: Vec<(Language, String)>,
}

impl LocalizedString {
    /// An empty localized string.
    pub fn new() -> Self {
        Self::default()
    }

    /// The text in exactly this language.
    pub fn get(&self, language: &Language) -> Option<&str> {
        self.entries
            .iter()
            .find(|(lang, _)| lang == language)
            .map(|(_, text)| text.as_str())
    }

    /// The text in the first of `preferred` that is present; otherwise English; otherwise a
    /// romanized variant (`ja-ro`, `ko-ro`, `zh-ro`, ...); otherwise the first entry.
    /// `None` only when the map is empty.
    pub fn get_or_fallback(&self, preferred: &[Language]) -> Option<&str> {
        self.get_preferred(preferred)
            .or_else(|| self.get(&Language::English))
            .or_else(|| self.romanized())
            .or_else(|| self.entries.first().map(|(_, text)| text.as_str()))
    }

    /// The text in the first of `preferred` that is present (no fallback).
    pub fn get_preferred(&self, preferred: &[Language]) -> Option<&str> {
        preferred.iter().find_map(|lang| self.get(lang))
    }

    /// The first romanized entry (`*-ro`), if any.
    pub fn romanized(&self) -> Option<&str> {
        self.entries
            .iter()
            .find(|(lang, _)| lang.is_romanized())
            .map(|(_, text)| text.as_str())
    }

    /// Sets the text of a language, replacing an existing entry; returns the old text.
    pub fn insert(&mut self, language: Language, text: impl Into<String>) -> Option<String> {
        let text = text.into();
        match self.entries.iter_mut().find(|(lang, _)| *lang == language) {
            Some((_, old)) => Some(std::mem::replace(old, text)),
            None => {
                self.entries.push((language, text));
                None
            }
        }
    }

    /// Whether there is a text in this language.
    pub fn contains(&self, language: &Language) -> bool {
        self.get(language).is_some()
    }

    /// The languages present, in order.
    pub fn languages(&self) -> impl Iterator<Item = &Language> {
        self.entries.iter().map(|(lang, _)| lang)
    }

    /// The entries, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&Language, &str)> {
        self.entries
            .iter()
            .map(|(lang, text)| (lang, text.as_str()))
    }

    /// The number of languages.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is no text at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in order.
    pub fn into_entries(self) -> Vec<(Language, String)> {
        self.entries
    }
}

impl fmt::Debug for LocalizedString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.entries
                    .iter()
                    .map(|(lang, text)| (lang.as_str(), text)),
            )
            .finish()
    }
}

impl<L: Into<Language>, T: Into<String>> FromIterator<(L, T)> for LocalizedString {
    fn from_iter<I: IntoIterator<Item = (L, T)>>(iter: I) -> Self {
        let mut out = Self::new();
        for (lang, text) in iter {
            out.insert(lang.into(), text);
        }
        out
    }
}

impl Serialize for LocalizedString {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (lang, text) in &self.entries {
            map.serialize_entry(lang.as_str(), text)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for LocalizedString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw: Vec<(Language, Option<String>)> = map_entries(deserializer)?;
        // A `null` text carries nothing: drop it rather than fail.
        Ok(raw
            .into_iter()
            .filter_map(|(lang, text)| text.map(|text| (lang, text)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> LocalizedString {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn object_array_and_null() {
        let l = parse(r#"{"en":"Hello","ja":"こんにちは"}"#);
        assert_eq!(l.get(&Language::Japanese), Some("こんにちは"));
        assert_eq!(l.len(), 2);
        assert!(parse("[]").is_empty());
        assert!(parse("null").is_empty());
        assert_eq!(
            parse(r#"[{"fr":"Bonjour"}]"#).get(&Language::French),
            Some("Bonjour")
        );
        assert_eq!(parse(r#"{"en":null,"de":"Hallo"}"#).len(), 1);
        assert!(serde_json::from_str::<LocalizedString>(r#"["x"]"#).is_err());
        assert!(serde_json::from_str::<LocalizedString>("3").is_err());
    }

    #[test]
    fn fallback_order() {
        let l = parse(r#"{"ko":"원피스","ja-ro":"Wan Pīsu","en":"One Piece"}"#);
        assert_eq!(l.get_or_fallback(&[Language::Korean]), Some("원피스"));
        assert_eq!(l.get_or_fallback(&[Language::French]), Some("One Piece"));
        let no_en = parse(r#"{"ja":"ワンピース","ja-ro":"Wan Pīsu"}"#);
        assert_eq!(no_en.get_or_fallback(&[Language::French]), Some("Wan Pīsu"));
        let only = parse(r#"{"de":"Hallo","fr":"Bonjour"}"#);
        assert_eq!(only.get_or_fallback(&[]), Some("Hallo"));
        assert_eq!(LocalizedString::new().get_or_fallback(&[]), None);
    }

    #[test]
    fn serializes_as_object_and_keeps_unknown_codes() {
        let l = parse(r#"{"xx-yy":"?","en":"A"}"#);
        assert_eq!(
            serde_json::to_string(&l).unwrap(),
            r#"{"xx-yy":"?","en":"A"}"#
        );
        assert_eq!(
            serde_json::to_string(&LocalizedString::new()).unwrap(),
            "{}"
        );
        let mut l = l;
        assert_eq!(l.insert(Language::English, "B"), Some("A".to_owned()));
        assert_eq!(format!("{l:?}"), r#"{"xx-yy": "?", "en": "B"}"#);
    }
}
