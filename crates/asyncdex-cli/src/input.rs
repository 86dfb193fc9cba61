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

/// What a link points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Manga,
    Chapter,
    List,
}

impl Kind {
    /// `manga`, `chapter` or `list` (as `--type` takes them).
    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text {
            "manga" | "title" => Some(Self::Manga),
            "chapter" => Some(Self::Chapter),
            "list" => Some(Self::List),
            _ => None,
        }
    }
}

/// A link or id of a manga, chapter or list: the id, and the kind when the link says it
/// (`mangadex.org/title/<id>`, `/chapter/<id>`, `/list/<id>`); a bare id says nothing.
pub(crate) fn link(input: &str) -> Result<(Option<Kind>, Uuid), CliError> {
    let id = id(input, "manga, chapter or list")?;
    let segments: Vec<&str> = input.trim().split(['/', '?', '#']).collect();
    let kind = segments
        .windows(2)
        .find(|pair| Uuid::try_parse(pair[1]).ok() == Some(id))
        .and_then(|pair| Kind::parse(pair[0]));
    Ok((kind, id))
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

    fn link_to(kind: &str) -> String {
        format!("https://mangadex.org/{kind}/{EXAMPLE_ID}/some-slug?x=1")
    }

    #[test]
    fn ids_and_links() {
        let uuid: Uuid = EXAMPLE_ID.parse().unwrap();
        assert_eq!(id(EXAMPLE_ID, "manga").unwrap(), uuid);
        assert_eq!(id(&format!(" {EXAMPLE_ID}\n"), "manga").unwrap(), uuid);
        let url = format!("https://mangadex.org/title/{EXAMPLE_ID}/sousou-no-frieren");
        assert_eq!(id(&url, "manga").unwrap(), uuid);
        let error = id("frieren", "manga").unwrap_err();
        assert_eq!(error.code, crate::error::EXIT_USAGE);
        assert!(error.message.contains("expected a UUID like"), "{error}");
        assert!(id("https://mangadex.org/title/nope", "manga").is_err());
        assert_eq!(link(&link_to("title")).unwrap(), (Some(Kind::Manga), uuid));
        assert_eq!(
            link(&link_to("chapter")).unwrap(),
            (Some(Kind::Chapter), uuid)
        );
        assert_eq!(link(&link_to("list")).unwrap(), (Some(Kind::List), uuid));
        assert_eq!(link(EXAMPLE_ID).unwrap(), (None, uuid));
        assert_eq!(link(&link_to("group")).unwrap(), (None, uuid));
    }

    #[test]
    fn languages() {
        assert_eq!(language("EN").unwrap(), Language::English);
        assert_eq!(language("pt-br").unwrap().as_str(), "pt-br");
        let error = language("klingon").unwrap_err();
        assert!(error.message.contains("ja-ro"), "{error}");
    }
}
