//! `download` of manga and lists: plan, then run the plan into a library, with progress.
//! Chapter ids keep the chapter download of [`crate::download`].
//!
//! The command is here; the library root, the series options, running a plan and printing
//! one have their own modules.

mod library_root;
mod options;
mod plan_table;
mod run;

use uuid::Uuid;

pub(crate) use self::library_root::{json_root, root};
pub(crate) use self::options::options;
pub(crate) use self::run::plan_and_run;
use crate::cli::DownloadArgs;
use crate::error::CliError;
use crate::input::{self, Kind};
use crate::session::Session;

/// The exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells do.
pub(crate) const EXIT_INTERRUPTED: u8 = 130;

/// `asyncdex download LINK_OR_ID...`.
pub(crate) async fn download(session: &Session, args: &DownloadArgs) -> Result<(), CliError> {
    let config = crate::config::load().map_err(|e| CliError::usage(e.to_string()))?;
    let root = root(args.out.clone(), &config);
    json_root(session.json, &root)?;
    let forced = match &args.kind {
        Some(kind) => Kind::parse(kind),
        None => None,
    };
    // Every input is checked before anything is fetched.
    let links = args
        .ids
        .iter()
        .map(|text| input::link(text))
        .collect::<Result<Vec<_>, _>>()?;
    let options = options(&config, &args.series)?;
    let mut chapters = Vec::new();
    let mut jobs = Vec::new();
    for (kind, id) in links {
        match forced.or(kind) {
            Some(kind) => jobs.push((kind, id)),
            None => jobs.push((resolve(session, id).await?, id)),
        }
    }
    jobs.retain(|&(kind, id)| {
        let chapter = kind == Kind::Chapter;
        if chapter {
            chapters.push(id);
        }
        !chapter
    });
    // One input that fails does not stop the others; the first failure is the exit's.
    let mut first_failure = None;
    let mut keep = |result: Result<(), CliError>| -> Result<(), CliError> {
        match result {
            Err(error) if error.code == EXIT_INTERRUPTED || error.message.is_empty() => Err(error),
            Err(error) => {
                first_failure.get_or_insert(error);
                Ok(())
            }
            Ok(()) => Ok(()),
        }
    };
    if !chapters.is_empty() {
        keep(
            crate::download::chapters(session, &chapters, &root, args.cbz, options.data_saver)
                .await,
        )?;
    }
    for (kind, id) in jobs {
        let job = match kind {
            Kind::List => session.client.list_series(id),
            _ => session.client.series(id),
        };
        let job = job.root(&root).options(options.clone());
        keep(plan_and_run(session, job, args.dry_run, &format!("{kind:?} {id}")).await)?;
    }
    first_failure.map_or(Ok(()), Err)
}

/// A bare id: a manga when `GET /manga/{id}` finds one, else a chapter (one request).
async fn resolve(session: &Session, id: Uuid) -> Result<Kind, CliError> {
    match session.client.manga().get(id).send().await {
        Ok(_) => Ok(Kind::Manga),
        Err(error) if error.is_not_found() => Ok(Kind::Chapter),
        Err(error) => Err(session.fail(&error)),
    }
}
