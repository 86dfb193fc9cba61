//! `feed`: a manga's chapters, by volume and chapter.

use asyncdex::api::ChapterOrder;
use asyncdex::model::{Chapter, ContentRating, OrderDirection};
use futures_util::TryStreamExt;
use serde::Serialize;
use uuid::Uuid;

use crate::cli::FeedArgs;
use crate::error::CliError;
use crate::input;
use crate::output::{self, Table};
use crate::session::Session;

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
