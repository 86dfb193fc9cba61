//! Checks of what the user typed: ids and language codes.

use asyncdex::model::Language;
use uuid::Uuid;

use crate::error::CliError;

const EXAMPLE_ID: &str = "8f3e1818-a015-491d-bd81-3addc4d7d56a";

/// How much of a bad id or code a message quotes: enough to recognise it (a link with an id
/// is about 80 characters).
const ECHO_ID: usize = 100;

/// The longest search title taken: MangaDex titles are far shorter, and the whole title goes
/// into the request's URL.
pub(crate) const TITLE_MAX: usize = 500;

/// A search title: not longer than [`TITLE_MAX`] characters.
pub(crate) fn title(input: &str) -> Result<&str, CliError> {
    let length = input.chars().count();
    if length > TITLE_MAX {
        return Err(CliError::usage(format!(
            "title too long: {length} characters (at most {TITLE_MAX}): search with a few words of it"
        )));
    }
    Ok(input)
}

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
            "not a valid {what} id: {:?}: expected a UUID like {EXAMPLE_ID}",
            crate::output::excerpt(input, ECHO_ID)
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
            "unknown language code {:?}: expected one of {}",
            crate::output::excerpt(input, ECHO_ID),
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
    fn long_input_is_quoted_short() {
        let long = "x".repeat(70_000);
        let error = id(&long, "manga").unwrap_err();
        assert!(error.message.len() < 400, "{}", error.message);
        assert!(error.message.contains("more characters"), "{error}");
        let error = title(&long).unwrap_err();
        assert_eq!(
            error.message,
            "title too long: 70000 characters (at most 500): search with a few words of it"
        );
        assert_eq!(title("Frieren").unwrap(), "Frieren");
    }

    #[test]
    fn languages() {
        assert_eq!(language("EN").unwrap(), Language::English);
        assert_eq!(language("pt-br").unwrap().as_str(), "pt-br");
        let error = language("klingon").unwrap_err();
        assert!(error.message.contains("ja-ro"), "{error}");
    }
}
