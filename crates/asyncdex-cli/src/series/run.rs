//! Planning and running a series job: the plan with `--dry-run`, else a download with progress
//! and a summary.

use asyncdex::series::{Plan, SeriesJob, SeriesSummary};

use super::EXIT_INTERRUPTED;
use super::plan_table::print_plan;
use crate::error::{CliError, EXIT_API};
use crate::output;
use crate::progress::SeriesProgress;
use crate::session::Session;

/// Plans a job, prints the plan with `--dry-run`, or runs it with progress.
pub(crate) async fn plan_and_run(
    session: &Session,
    job: SeriesJob,
    dry_run: bool,
    what: &str,
) -> Result<(), CliError> {
    let plan = job.plan().await.map_err(|error| {
        session.fail_not_found(&error, format!("no {} on MangaDex", what.to_lowercase()))
    })?;
    if dry_run {
        return print_plan(session, &plan);
    }
    run(session, plan).await.map(|_| ())
}

/// Runs a plan: progress on stderr, the summary on stdout; exit 1 when a chapter failed.
pub(crate) async fn run(session: &Session, plan: Plan) -> Result<SeriesSummary, CliError> {
    let progress = SeriesProgress::new(session.json, session.quiet);
    let mut download = plan.download(&session.client);
    if let Some(url) = &session.report_url {
        download = download.report_url(url.as_str());
    }
    if let Some(url) = &session.uploads_url {
        download = download.uploads_url(url.as_str());
    }
    let reports = download.reports();
    let events = progress.clone();
    let download = download.progress(move |event| events.event(event));
    let result = tokio::select! {
        result = download.run() => result,
        _ = crate::signal::interrupted() => {
            progress.abandon();
            return Err(CliError::new(
                EXIT_INTERRUPTED,
                "interrupted: run the same command again to resume (fetched pages are kept)",
            ));
        }
    };
    let _ = tokio::time::timeout(crate::download::REPORTS_GRACE, reports.flush()).await;
    progress.abandon();
    let summary = result.map_err(|error| session.fail(&error))?;
    print_summary(session, &summary)?;
    if let Some(first) = summary.failed.first() {
        return Err(CliError::new(
            EXIT_API,
            format!(
                "{} chapter(s) failed, e.g. {}: {}; run the same command again to retry them",
                summary.failed.len(),
                first.id,
                first.error
            ),
        ));
    }
    Ok(summary)
}

fn print_summary(session: &Session, summary: &SeriesSummary) -> Result<(), CliError> {
    if session.json {
        return output::json(&serde_json::json!({
            "event": "summary",
            "chapters": summary.chapters,
            "failed": summary.failed.iter().map(|f| serde_json::json!({"chapter": f.id, "error": f.error.to_string()})).collect::<Vec<_>>(),
            "pages": summary.pages,
            "fetched": summary.fetched,
            "bytes": summary.bytes,
            "archives": summary.archives,
        }));
    }
    if session.quiet {
        return Ok(());
    }
    output::line(&format!(
        "{} chapter(s) on disk ({} pages, {} fetched, {}), {} failed, {} archive(s) written",
        summary.chapters,
        summary.pages,
        summary.fetched,
        output::bytes(summary.bytes),
        summary.failed.len(),
        summary.archives.len()
    ))
}
