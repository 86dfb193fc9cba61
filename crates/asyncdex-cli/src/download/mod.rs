//! `download`: chapters to disk, with a progress bar on a terminal and plain lines otherwise.
//! Resumable: pages already on disk are kept, so running the same command again finishes an
//! interrupted download.

mod progress;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use asyncdex::Error;
use asyncdex::download::DownloadSummary;
use asyncdex::model::ImageQuality;
use serde::Serialize;
use uuid::Uuid;

use self::progress::Progress;
use crate::error::{CliError, EXIT_API, network_cause, strip_os_error};
use crate::output::{self, Table};
use crate::session::Session;

/// How long the program waits at the end for the MD@Home reports still in flight.
pub(crate) const REPORTS_GRACE: Duration = Duration::from_secs(5);

use crate::series::EXIT_INTERRUPTED;

/// A downloaded chapter, as `--json` prints it.
#[derive(Debug, Serialize)]
struct Downloaded {
    chapter: Uuid,
    dir: PathBuf,
    pages: usize,
    fetched: usize,
    skipped: usize,
    bytes: u64,
    retries: u32,
    cbz: Option<PathBuf>,
}

impl From<&DownloadSummary> for Downloaded {
    fn from(summary: &DownloadSummary) -> Self {
        Self {
            chapter: summary.chapter,
            dir: summary.dir.clone(),
            pages: summary.pages,
            fetched: summary.fetched,
            skipped: summary.skipped,
            bytes: summary.bytes,
            retries: summary.retries,
            cbz: summary.cbz.clone(),
        }
    }
}

/// Downloads chapters by id, each into `out/<chapter id>/` (and `out/<chapter id>.cbz`).
/// A chapter that fails does not stop the others: the failures are told as they happen and
/// summed up at the end, which then fails. Ctrl-C stops everything.
pub(crate) async fn chapters(
    session: &Session,
    ids: &[Uuid],
    out: &Path,
    cbz: bool,
    data_saver: bool,
) -> Result<(), CliError> {
    let quality = if data_saver {
        ImageQuality::DataSaver
    } else {
        ImageQuality::Original
    };
    let terminal = std::io::stderr().is_terminal();

    let mut done = Vec::with_capacity(ids.len());
    let mut failed = Vec::new();
    for (n, &chapter) in ids.iter().enumerate() {
        let label = if ids.len() > 1 {
            format!("[{}/{}] {}", n + 1, ids.len(), short(chapter))
        } else {
            short(chapter)
        };
        match one(session, out, cbz, chapter, quality, &label, terminal).await {
            Ok(summary) => {
                if session.json {
                    output::json(&summary)?;
                }
                done.push(summary);
            }
            Err(error) if error.code == EXIT_INTERRUPTED || error.message.is_empty() => {
                return Err(error);
            }
            Err(error) if ids.len() == 1 => return Err(error),
            Err(error) => {
                if session.json {
                    output::json(&Failed {
                        chapter,
                        error: &error.message,
                    })?;
                } else {
                    output::note(&format!("{label}: failed: {error}"));
                }
                failed.push((chapter, error));
            }
        }
    }
    if !session.json && !done.is_empty() {
        print_table(&done)?;
    }
    match failed.first() {
        None => Ok(()),
        Some((_, first)) => Err(CliError::new(
            first.code,
            format!(
                "{} of {} chapters failed ({}); the others are done: run the same command again \
                 to retry the failed ones",
                failed.len(),
                ids.len(),
                failed
                    .iter()
                    .map(|(chapter, _)| short(*chapter))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// A chapter that failed, as `--json` prints it (on stdout, among the downloaded ones).
#[derive(Debug, Serialize)]
struct Failed<'a> {
    chapter: Uuid,
    error: &'a str,
}

fn print_table(done: &[Downloaded]) -> Result<(), CliError> {
    let mut table = Table::new(&["CHAPTER", "PAGES", "FETCHED", "SKIPPED", "SIZE", "PATH"]);
    for chapter in done {
        let path = chapter.cbz.as_ref().unwrap_or(&chapter.dir);
        table.row(vec![
            chapter.chapter.to_string(),
            chapter.pages.to_string(),
            chapter.fetched.to_string(),
            chapter.skipped.to_string(),
            output::bytes(chapter.bytes),
            path.display().to_string(),
        ]);
    }
    table.print()
}

/// `8f3e1818`: enough of an id to tell chapters apart on a progress line.
fn short(chapter: Uuid) -> String {
    chapter.to_string()[..8].to_owned()
}

/// Downloads one chapter.
async fn one(
    session: &Session,
    out: &Path,
    cbz: bool,
    chapter: Uuid,
    quality: ImageQuality,
    label: &str,
    terminal: bool,
) -> Result<Downloaded, CliError> {
    let progress = Progress::new(label, terminal);
    let mut download = session
        .client
        .download(chapter)
        .quality(quality)
        .out_dir(out)
        .cbz(cbz);
    if let Some(url) = &session.report_url {
        download = download.report_url(url.as_str());
    }
    let reports = download.reports();
    let events = progress.clone();
    let download = download.progress(move |event| events.event(event));

    let result = tokio::select! {
        result = download.run() => result,
        _ = tokio::signal::ctrl_c() => {
            progress.abandon();
            return Err(CliError::new(
                EXIT_INTERRUPTED,
                "interrupted: run the same command again to resume (the pages on disk are kept)",
            ));
        }
    };
    // The reports never delay the download, but they should get out before the program ends.
    let _ = tokio::time::timeout(REPORTS_GRACE, reports.flush()).await;
    match result {
        Ok(summary) => {
            progress.finish(&summary);
            Ok(Downloaded::from(&summary))
        }
        Err(error) => {
            progress.abandon();
            Err(failed(session, chapter, &error, progress.started()))
        }
    }
}

/// The line for a failed download: before the first page, an API error (unknown chapter,
/// unauthorized, rate limit, no network); after it, the image servers or the disk failed.
fn failed(session: &Session, chapter: Uuid, error: &Error, started: bool) -> CliError {
    // The disk: "could not create directory "/path/<id>": Not a directory"; or another run
    // downloading the chapter there.
    if error.is_io() || error.is_locked() {
        return CliError::new(
            EXIT_API,
            format!("chapter {chapter}: {}", strip_os_error(&error.to_string())),
        );
    }
    if !started {
        return session.fail_not_found(error, format!("no chapter with id {chapter}"));
    }
    // Running again cannot help with a page URL that is not one, or a page over the cap.
    if error.is_invalid_input() || error.is_body_too_large() {
        return CliError::new(EXIT_API, format!("chapter {chapter}: {error}"));
    }
    let resume = "run the same command again to resume (the pages on disk are kept)";
    let message = match error.status() {
        _ if error.is_transport() => format!(
            "chapter {chapter}: the image servers failed ({}); {resume}",
            network_cause(error)
        ),
        Some(status) if error.is_http() => {
            format!("chapter {chapter}: the image servers answered {status}; {resume}")
        }
        _ if error.is_ratelimit() || error.is_unauthorized() => {
            return session.fail(error);
        }
        _ => format!("chapter {chapter}: {error}; {resume}"),
    };
    CliError::new(EXIT_API, message)
}
