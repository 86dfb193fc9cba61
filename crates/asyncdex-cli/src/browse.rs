//! `search`, `manga`, `feed` and `pages`: reading the catalogue.

use asyncdex::api::{ChapterOrder, MangaOrder};
use asyncdex::model::{
    AtHomeServer, AuthorAttributes, Chapter, ContentRating, ImageQuality, Language, Manga,
    OrderDirection, ReferenceExpansion,
};
use futures_util::TryStreamExt;
use serde::Serialize;
use uuid::Uuid;

use crate::cli::{FeedArgs, SearchArgs};
use crate::error::CliError;
use crate::input;
use crate::output::{self, Table};
use crate::session::Session;

/// A search result, as `--json` prints it.
#[derive(Debug, Serialize)]
struct MangaRow<'a> {
    id: Uuid,
    title: &'a str,
    year: Option<u16>,
    status: &'a str,
    content_rating: &'a str,
    original_language: &'a str,
}

impl<'a> MangaRow<'a> {
    fn new(manga: &'a Manga, preferred: &[Language]) -> Self {
        let attributes = &manga.attributes;
        Self {
            id: manga.id,
            title: manga.title_in(preferred).unwrap_or(""),
            year: attributes.year,
            status: attributes.status.as_str(),
            content_rating: attributes.content_rating.as_str(),
            original_language: attributes.original_language.as_str(),
        }
    }
}

pub(crate) async fn search(session: &Session, args: &SearchArgs) -> Result<(), CliError> {
    let title = input::title(&args.title)?;
    let lang = args.lang.as_deref().map(input::language).transpose()?;
    let preferred: Vec<Language> = lang.iter().cloned().collect();
    let mut search = session
        .client
        .manga()
        .search()
        .title(title)
        .order(MangaOrder::Relevance, OrderDirection::Descending);
    if let Some(lang) = lang {
        search = search.available_translated_language([lang]);
    }

    let mut table = Table::new(&["ID", "YEAR", "STATUS", "TITLE"]);
    let mut shown = 0u32;
    let mut show = |manga: &Manga| -> Result<(), CliError> {
        shown += 1;
        let row = MangaRow::new(manga, &preferred);
        if session.json {
            return output::json(&row);
        }
        table.row(vec![
            row.id.to_string(),
            row.year.map(|y| y.to_string()).unwrap_or_default(),
            row.status.to_owned(),
            row.title.to_owned(),
        ]);
        Ok(())
    };
    let (total, truncated) = if args.all {
        let mut results = search.stream();
        while let Some(manga) = results
            .try_next()
            .await
            .map_err(|error| session.fail(&error))?
        {
            show(&manga)?;
        }
        (results.total().unwrap_or(0), results.is_truncated())
    } else {
        let page = search
            .limit(args.limit)
            .send()
            .await
            .map_err(|error| session.fail(&error))?;
        // A server may send more than asked for: never show more than --limit.
        for manga in page.data.iter().take(args.limit as usize) {
            show(manga)?;
        }
        (page.total, false)
    };

    if session.json {
        return Ok(());
    }
    if table.is_empty() {
        output::note(&format!(
            "no manga found for {:?}",
            output::excerpt(&args.title, output::ECHO_MAX)
        ));
        return Ok(());
    }
    table.print()?;
    if truncated {
        output::note(&format!(
            "showed the first {shown} of {total} results (the API's limit): narrow the search to see the rest"
        ));
    } else if shown < total {
        output::note(&format!(
            "showed {shown} of {total} results: --limit N or --all for more"
        ));
    }
    Ok(())
}

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

/// A chapter, as `--json` prints it.
#[derive(Debug, Serialize)]
struct ChapterRow<'a> {
    id: Uuid,
    volume: Option<&'a str>,
    chapter: Option<&'a str>,
    title: Option<&'a str>,
    language: &'a str,
    pages: u32,
    external_url: Option<&'a str>,
}

impl<'a> ChapterRow<'a> {
    fn new(chapter: &'a Chapter) -> Self {
        let attributes = &chapter.attributes;
        let text = |value: &'a Option<String>| value.as_deref().filter(|v| !v.is_empty());
        Self {
            id: chapter.id,
            volume: text(&attributes.volume),
            chapter: text(&attributes.chapter),
            title: text(&attributes.title),
            language: attributes.translated_language.as_str(),
            pages: attributes.pages,
            external_url: text(&attributes.external_url),
        }
    }
}

pub(crate) async fn feed(session: &Session, args: &FeedArgs) -> Result<(), CliError> {
    let id = input::id(&args.id, "manga")?;
    let lang = args.lang.as_deref().map(input::language).transpose()?;
    // The manga was asked for by id: its chapters whatever its content rating.
    let mut feed = session
        .client
        .manga()
        .feed(id)
        .content_rating(ContentRating::KNOWN.iter().cloned())
        .order(ChapterOrder::Volume, OrderDirection::Ascending)
        .order(ChapterOrder::Chapter, OrderDirection::Ascending);
    if let Some(lang) = lang {
        feed = feed.translated_language([lang]);
    }
    let not_found =
        |error: asyncdex::Error| session.fail_not_found(&error, format!("no manga with id {id}"));

    let mut table = Table::new(&["ID", "VOL", "CH", "LANG", "PAGES", "TITLE"]);
    let mut shown = 0u32;
    let mut show = |chapter: &Chapter| -> Result<(), CliError> {
        shown += 1;
        let row = ChapterRow::new(chapter);
        if session.json {
            return output::json(&row);
        }
        let title = match (row.title, row.external_url) {
            (Some(title), Some(url)) => format!("{title} (external: {url})"),
            (None, Some(url)) => format!("(external: {url})"),
            (title, None) => title.unwrap_or("").to_owned(),
        };
        table.row(vec![
            row.id.to_string(),
            row.volume.unwrap_or("").to_owned(),
            row.chapter.unwrap_or("oneshot").to_owned(),
            row.language.to_owned(),
            row.pages.to_string(),
            title,
        ]);
        Ok(())
    };
    let total = if args.all {
        let mut chapters = feed.stream();
        while let Some(chapter) = chapters.try_next().await.map_err(not_found)? {
            show(&chapter)?;
        }
        chapters.total().unwrap_or(0)
    } else {
        let page = feed.limit(args.limit).send().await.map_err(not_found)?;
        // A server may send more than asked for: never show more than --limit.
        for chapter in page.data.iter().take(args.limit as usize) {
            show(chapter)?;
        }
        page.total
    };

    if session.json {
        return Ok(());
    }
    if table.is_empty() {
        output::note(&format!(
            "no chapters{}",
            match &args.lang {
                Some(lang) => format!(" in {lang}"),
                None => String::new(),
            }
        ));
        return Ok(());
    }
    table.print()?;
    if shown < total {
        output::note(&format!(
            "showed {shown} of {total} chapters: --limit N or --all for more"
        ));
    }
    Ok(())
}

/// A page, as `--json` prints it.
#[derive(Debug, Serialize)]
struct PageRow<'a> {
    page: usize,
    file: &'a str,
    url: String,
}

pub(crate) async fn pages(session: &Session, id: &str, data_saver: bool) -> Result<(), CliError> {
    let id = input::id(id, "chapter")?;
    let quality = if data_saver {
        ImageQuality::DataSaver
    } else {
        ImageQuality::Original
    };
    let server = at_home(session, id).await?;
    let rows: Vec<PageRow<'_>> = server
        .files(quality)
        .iter()
        .zip(server.page_urls(quality))
        .enumerate()
        .map(|(i, (file, url))| PageRow {
            page: i + 1,
            file,
            url,
        })
        .collect();
    if session.json {
        for row in &rows {
            output::json(row)?;
        }
        return Ok(());
    }
    if rows.is_empty() {
        output::note(&format!(
            "chapter {id} has no pages on MangaDex@Home (an external chapter?)"
        ));
        return Ok(());
    }
    let mut table = Table::new(&["PAGE", "URL"]);
    for row in rows {
        table.row(vec![row.page.to_string(), row.url]);
    }
    table.print()
}

/// `GET /at-home/server/{id}`: where a chapter's pages are.
async fn at_home(session: &Session, id: Uuid) -> Result<AtHomeServer, CliError> {
    session
        .client
        .at_home()
        .server(id)
        .send()
        .await
        .map_err(|error| session.fail_not_found(&error, format!("no chapter with id {id}")))
}
