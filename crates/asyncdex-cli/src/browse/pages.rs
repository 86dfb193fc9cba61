//! `pages`: where a chapter's pages are, from MD@Home.

use asyncdex::model::{AtHomeServer, ImageQuality};
use serde::Serialize;
use uuid::Uuid;

use crate::error::CliError;
use crate::input;
use crate::output::{self, Table};
use crate::session::Session;

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
