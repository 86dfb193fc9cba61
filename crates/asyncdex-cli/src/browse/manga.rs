//! `manga`: one manga's details, its authors and artists named.

use asyncdex::model::{AuthorAttributes, Language, Manga, ReferenceExpansion};
use serde::Serialize;
use uuid::Uuid;

use crate::error::CliError;
use crate::input;
use crate::output;
use crate::session::Session;

/// A person, as `--json` prints them.
#[derive(Debug, Serialize)]
struct Person<'a> {
    id: Uuid,
    name: &'a str,
}

fn people<'a>(list: impl Iterator<Item = (Uuid, &'a AuthorAttributes)>) -> Vec<Person<'a>> {
    list.map(|(id, author)| Person {
        id,
        name: author.name.as_str(),
    })
    .collect()
}

/// One manga, as `--json` prints it.
#[derive(Debug, Serialize)]
struct MangaDetails<'a> {
    id: Uuid,
    title: &'a str,
    alt_titles: Vec<&'a str>,
    year: Option<u16>,
    status: &'a str,
    content_rating: &'a str,
    original_language: &'a str,
    demographic: Option<&'a str>,
    authors: Vec<Person<'a>>,
    artists: Vec<Person<'a>>,
    tags: Vec<&'a str>,
    description: &'a str,
    last_volume: Option<&'a str>,
    last_chapter: Option<&'a str>,
    languages: Vec<&'a str>,
}

impl<'a> MangaDetails<'a> {
    /// The details of `manga`, its texts in the first of `preferred` it has.
    fn new(manga: &'a Manga, preferred: &'a [Language]) -> Self {
        let attributes = &manga.attributes;
        let title = manga.title_in(preferred).unwrap_or("");
        Self {
            id: manga.id,
            title,
            alt_titles: attributes
                .alt_titles
                .iter()
                .filter_map(|alt| alt.get_or_fallback(preferred))
                .filter(|alt| *alt != title)
                .collect(),
            year: attributes.year,
            status: attributes.status.as_str(),
            content_rating: attributes.content_rating.as_str(),
            original_language: attributes.original_language.as_str(),
            demographic: attributes
                .publication_demographic
                .as_ref()
                .map(|d| d.as_str()),
            authors: people(manga.authors()),
            artists: people(manga.artists()),
            tags: attributes.tag_names(preferred).collect(),
            description: attributes
                .description
                .get_or_fallback(preferred)
                .unwrap_or(""),
            last_volume: attributes.last_volume.as_deref().filter(|v| !v.is_empty()),
            last_chapter: attributes.last_chapter.as_deref().filter(|c| !c.is_empty()),
            languages: attributes
                .available_translated_languages
                .iter()
                .map(Language::as_str)
                .collect(),
        }
    }

    /// The details for a terminal: a record of fields, then the description.
    fn print(&self) -> Result<(), CliError> {
        output::record(&self.fields())?;
        if !self.description.trim().is_empty() {
            output::line("")?;
            // Community-edited text: each line made safe for a terminal.
            for text in self.description.trim().lines() {
                output::line(output::clean(text).trim_end())?;
            }
        }
        Ok(())
    }

    /// The record's fields, in the order shown; the optional ones only when known.
    fn fields(&self) -> Vec<(&'static str, String)> {
        let names =
            |people: &[Person<'_>]| people.iter().map(|p| p.name).collect::<Vec<_>>().join(", ");
        let mut fields = vec![
            ("title", self.title.to_owned()),
            ("id", self.id.to_string()),
            ("year", self.year.map(|y| y.to_string()).unwrap_or_default()),
            ("status", self.status.to_owned()),
            ("rating", self.content_rating.to_owned()),
            ("language", self.original_language.to_owned()),
            ("authors", names(&self.authors)),
            ("artists", names(&self.artists)),
            ("tags", self.tags.join(", ")),
        ];
        if let Some(demographic) = self.demographic {
            fields.insert(5, ("demographic", demographic.to_owned()));
        }
        if !self.alt_titles.is_empty() {
            fields.push(("alt titles", self.alt_titles.join(" · ")));
        }
        if !self.languages.is_empty() {
            fields.push(("chapters in", self.languages.join(", ")));
        }
        fields
    }
}

pub(crate) async fn manga(session: &Session, id: &str, lang: Option<&str>) -> Result<(), CliError> {
    let id = input::id(id, "manga")?;
    let preferred: Vec<Language> = lang.map(input::language).transpose()?.into_iter().collect();
    let manga = session
        .client
        .manga()
        .get(id)
        .includes([ReferenceExpansion::Author, ReferenceExpansion::Artist])
        .send()
        .await
        .map_err(|error| session.fail_not_found(&error, format!("no manga with id {id}")))?
        .data;
    let details = MangaDetails::new(&manga, &preferred);
    if session.json {
        return output::json(&details);
    }
    details.print()
}
