//! `search`: manga by title, a page of them or all.

use asyncdex::api::MangaOrder;
use asyncdex::model::{Language, Manga, OrderDirection};
use futures_util::TryStreamExt;
use serde::Serialize;
use uuid::Uuid;

use crate::cli::SearchArgs;
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
