//! Checks of what the user typed: ids and language codes.

use asyncdex::model::Language;
use uuid::Uuid;

use crate::error::CliError;

const EXAMPLE_ID: &str = "8f3e1818-a015-491d-bd81-3addc4d7d56a";

/// A manga or chapter id: a UUID, or a MangaDex link that holds one
/// (`https://mangadex.org/title/<id>/<slug>`, `https://mangadex.org/chapter/<id>/1`).
pub(crate) fn id(input: &str, what: &str) -> Result<Uuid, CliError> {
    let text = input.trim();
    let parsed = if text.len() == 36 {
        Uuid::try_parse(text).ok()
    } else if text.contains('/') {
        text.split(['/', '?', '#'])
            .filter(|segment| segment.len() == 36)
            .find_map(|segment| Uuid::try_parse(segment).ok())
    } else {
        None
    };
    parsed.ok_or_else(|| {
        CliError::usage(format!(
            "not a valid {what} id: {input:?}: expected a UUID like {EXAMPLE_ID}"
        ))
    })
}

/// A MangaDex language code (`en`, `ja`, `pt-br`, `es-la`, `ja-ro`...).
pub(crate) fn language(input: &str) -> Result<Language, CliError> {
    let code = input.trim().to_ascii_lowercase();
    let language = Language::from(code.as_str());
    if language.is_unknown() {
        let known: Vec<&str> = Language::KNOWN.iter().map(Language::as_str).collect();
        return Err(CliError::usage(format!(
            "unknown language code {input:?}: expected one of {}",
            known.join(", ")
        )));
    }
    Ok(language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_links() {
        let uuid: Uuid = EXAMPLE_ID.parse().unwrap();
        assert_eq!(id(EXAMPLE_ID, "manga").unwrap(), uuid);
        assert_eq!(id(&format!(" {EXAMPLE_ID}\n"), "manga").unwrap(), uuid);
        let link = format!("https://mangadex.org/title/{EXAMPLE_ID}/sousou-no-frieren");
        assert_eq!(id(&link, "manga").unwrap(), uuid);
        let error = id("frieren", "manga").unwrap_err();
        assert_eq!(error.code, crate::error::EXIT_USAGE);
        assert!(error.message.contains("expected a UUID like"), "{error}");
        assert!(id("https://mangadex.org/title/nope", "manga").is_err());
    }

    #[test]
    fn languages() {
        assert_eq!(language("EN").unwrap(), Language::English);
        assert_eq!(language("pt-br").unwrap().as_str(), "pt-br");
        let error = language("klingon").unwrap_err();
        assert!(error.message.contains("ja-ro"), "{error}");
    }
}
