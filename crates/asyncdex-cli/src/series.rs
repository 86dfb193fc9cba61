//! `download` of manga and lists: plan, then run the plan into a library, with progress.
//! Chapter ids keep the chapter download of [`crate::download`].

use std::path::{Path, PathBuf};

use asyncdex::model::ContentRating;
use asyncdex::series::{
    Filters, Format, Naming, Plan, Preset, SeriesJob, SeriesOptions, SeriesSummary, SkipReason,
    Template,
};
use uuid::Uuid;

use crate::cli::{DownloadArgs, SeriesFlags};
use crate::config::Config;
use crate::error::{CliError, EXIT_API};
use crate::input::{self, Kind};
use crate::output::{self, Table};
use crate::progress::SeriesProgress;
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

/// With `--json`, the paths written go into JSON strings, which hold only UTF-8: a library
/// root that is not UTF-8 is refused before anything is fetched, not after.
pub(crate) fn json_root(json: bool, root: &Path) -> Result<(), CliError> {
    if json && root.to_str().is_none() {
        return Err(CliError::usage(format!(
            "the output directory {} is not valid UTF-8, which --json cannot print: choose \
             another --out, or leave out --json",
            output::excerpt(&root.display().to_string(), output::ECHO_MAX)
        )));
    }
    Ok(())
}

/// A bare id: a manga when `GET /manga/{id}` finds one, else a chapter (one request).
async fn resolve(session: &Session, id: Uuid) -> Result<Kind, CliError> {
    match session.client.manga().get(id).send().await {
        Ok(_) => Ok(Kind::Manga),
        Err(error) if error.is_not_found() => Ok(Kind::Chapter),
        Err(error) => Err(session.fail(&error)),
    }
}

/// The library root: the flag, else the config's `out`, else the current directory.
pub(crate) fn root(flag: Option<PathBuf>, config: &Config) -> PathBuf {
    flag.or_else(|| config.out.clone())
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The series options: flags over the config file (and its environment) over defaults.
pub(crate) fn options(config: &Config, flags: &SeriesFlags) -> Result<SeriesOptions, CliError> {
    let mut options = SeriesOptions::default();
    let languages: Vec<String> = if flags.lang.is_empty() {
        config.languages.clone().unwrap_or_default()
    } else {
        flags.lang.clone()
    };
    options.filters = filters(config, flags, &languages)?;
    let format = flags.format.as_ref().or(config.format.as_ref());
    if let Some(format) = format {
        options.format = format
            .parse::<Format>()
            .map_err(|e| CliError::usage(e.to_string()))?;
    }
    let preset = flags.preset.as_ref().or(config.preset.as_ref());
    if let Some(preset) = preset {
        let preset = preset
            .parse::<Preset>()
            .map_err(|e| CliError::usage(format!("{e}")))?;
        options.naming = Naming::preset(preset);
    }
    if let Some(name) = &flags.name {
        options.naming.chapter = name
            .parse::<Template>()
            .map_err(|e| CliError::usage(e.to_string()))?;
    }
    options.data_saver = flags.data_saver || config.data_saver.unwrap_or(false);
    options.cover = flags.cover || config.cover.unwrap_or(false);
    options.comic_info = !flags.no_comicinfo && config.comic_info.unwrap_or(true);
    options.all_groups = flags.all_groups;
    Ok(options)
}

fn filters(
    config: &Config,
    flags: &SeriesFlags,
    languages: &[String],
) -> Result<Filters, CliError> {
    let mut filters = Filters::default();
    if languages.iter().any(|l| l.trim() == "all") {
        filters.languages.clear();
    } else if !languages.is_empty() {
        filters.languages = languages
            .iter()
            .map(|l| input::language(l))
            .collect::<Result<_, _>>()?;
    }
    let range = |text: &Option<String>| {
        text.as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|e: asyncdex::series::RangeError| CliError::usage(e.to_string()))
    };
    filters.chapters = range(&flags.chapters)?;
    filters.volumes = range(&flags.volumes)?;
    let pick = |flag: &Vec<String>, file: &Vec<String>| {
        if flag.is_empty() {
            file.clone()
        } else {
            flag.clone()
        }
    };
    filters.prefer_groups = pick(&flags.prefer_groups, &config.prefer_groups);
    filters.block_groups = pick(&flags.block_groups, &config.block_groups);
    filters.block_uploaders = pick(&flags.block_uploaders, &config.block_uploaders);
    filters.no_oneshots = flags.no_oneshots || config.no_oneshots.unwrap_or(false);
    if !flags.rating.is_empty() {
        filters.content_ratings = flags
            .rating
            .iter()
            .map(|r| rating(r))
            .collect::<Result<_, _>>()?;
    }
    Ok(filters)
}

fn rating(text: &str) -> Result<ContentRating, CliError> {
    let rating = ContentRating::from(text.trim().to_ascii_lowercase().as_str());
    if rating.is_unknown() {
        return Err(CliError::usage(format!(
            "unknown content rating {:?}: use safe, suggestive, erotica or pornographic",
            output::excerpt(text, output::ECHO_MAX)
        )));
    }
    Ok(rating)
}

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

/// `--dry-run`: every chapter to fetch with its target, every chapter left out with why.
fn print_plan(session: &Session, plan: &Plan) -> Result<(), CliError> {
    if session.json {
        return output::json(plan);
    }
    let mut table = Table::new(&[
        "SERIES",
        "VOL",
        "CH",
        "LANG",
        "GROUP",
        "ACTION",
        "TARGET OR REASON",
    ]);
    for series in &plan.series {
        let title: String = series.info.title.chars().take(30).collect();
        for c in &series.chapters {
            let group = c
                .groups
                .iter()
                .map(|g| g.name.as_str())
                .collect::<Vec<_>>()
                .join(" & ");
            let mut target = c.target.display().to_string();
            if let Some(prefix) = &c.entry_prefix {
                target.push_str(&format!(" [{prefix}*]"));
            }
            table.row(vec![
                title.clone(),
                cell(&c.volume),
                cell(&c.chapter),
                c.language.to_string(),
                group,
                "fetch".into(),
                target,
            ]);
        }
        for c in &series.skipped {
            table.row(vec![
                title.clone(),
                cell(&c.volume),
                cell(&c.chapter),
                c.language.to_string(),
                c.groups.join(" & "),
                "skip".into(),
                reason(&c.reason),
            ]);
        }
    }
    table.print()?;
    output::line(&format!(
        "{} chapter(s) to fetch ({} pages), {} left out; nothing was written",
        plan.chapter_count(),
        plan.page_count(),
        plan.skipped_count()
    ))
}

fn cell(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "-".to_owned())
}

/// A skip reason in words.
pub(crate) fn reason(reason: &SkipReason) -> String {
    match reason {
        SkipReason::External { url } => format!("external ({url})"),
        SkipReason::Unavailable => "unavailable".to_owned(),
        SkipReason::Duplicate { kept } => format!("duplicate of {kept}"),
        SkipReason::Filtered { why } => why.clone(),
        SkipReason::AlreadyThere { path } => format!("already there: {}", path.display()),
        other => format!("{other:?}"),
    }
}
