//! `sync` (a library brought up to date, once or every interval) and `library` (what a
//! library holds, and what is missing on disk).

use std::path::Path;
use std::time::Duration;

use asyncdex::series::{SeriesOptions, Store};

use crate::cli::SyncArgs;
use crate::error::{CliError, EXIT_API};
use crate::output::{self, Table};
use crate::series;
use crate::session::Session;

/// `asyncdex sync [DIR] [--every DURATION]`.
pub(crate) async fn sync(session: &Session, args: &SyncArgs) -> Result<(), CliError> {
    let config = crate::config::load().map_err(|e| CliError::usage(e.to_string()))?;
    let root = series::root(args.dir.clone(), &config);
    series::json_root(session.json, &root)?;
    let options = series::options(&config, &args.series)?;
    let interval = args.every.as_deref().map(duration).transpose()?;
    let followed = args.followed || (!args.no_followed && session.has_credentials);
    loop {
        let result = once(session, args, &root, &options, followed).await;
        let Some(interval) = interval else {
            return result;
        };
        match result {
            // A failed round is told and the next one tries again: a home server keeps going
            // through a network outage. Bad input stops it.
            Err(error) if error.code == crate::error::EXIT_USAGE => return Err(error),
            Err(error) => output::note(&format!("error: {error}; next sync in {}", show(interval))),
            Ok(()) => {
                if !session.quiet && !session.json {
                    output::note(&format!("next sync in {}", show(interval)));
                }
            }
        }
        tokio::select! {
            () = tokio::time::sleep(interval) => {}
            () = crate::signal::interrupted() => return Ok(()),
        }
    }
}

/// One sync.
async fn once(
    session: &Session,
    args: &SyncArgs,
    root: &Path,
    options: &SeriesOptions,
    followed: bool,
) -> Result<(), CliError> {
    if args.verify {
        let forgotten = verify(root)?;
        if !session.quiet && !session.json {
            output::note(&format!(
                "{forgotten} recorded chapter(s) missing on disk: fetching them again"
            ));
        }
    }
    let job = session
        .client
        .sync(root)
        .followed(followed)
        .full(args.full || args.verify)
        .options(options.clone());
    series::plan_and_run(session, job, args.dry_run, "library").await
}

/// Forgets the chapters whose folder or archive is gone, so the next plan fetches them.
fn verify(root: &Path) -> Result<usize, CliError> {
    let store = Store::open(root).map_err(|e| CliError::new(EXIT_API, e.to_string()))?;
    let chapters = store
        .chapters()
        .map_err(|e| CliError::new(EXIT_API, e.to_string()))?;
    let mut forgotten = 0;
    for chapter in chapters {
        if !root.join(&chapter.path).exists() {
            store
                .forget_chapter(chapter.id)
                .map_err(|e| CliError::new(EXIT_API, e.to_string()))?;
            forgotten += 1;
        }
    }
    Ok(forgotten)
}

/// `asyncdex library [DIR]`: one row per series; works while a sync runs.
pub(crate) fn library(json: bool, dir: Option<&Path>) -> Result<(), CliError> {
    let config = crate::config::load().map_err(|e| CliError::usage(e.to_string()))?;
    let root = series::root(dir.map(Path::to_path_buf), &config);
    let fail = |e: asyncdex::series::StoreError| CliError::new(EXIT_API, e.to_string());
    let store = Store::open_read_only(&root).map_err(fail)?;
    let chapters = store.chapters().map_err(fail)?;
    let mut table = Table::new(&["SERIES", "CHAPTERS", "PAGES", "MISSING", "FOLDER"]);
    for record in store.series().map_err(fail)? {
        let held: Vec<_> = chapters
            .iter()
            .filter(|c| c.manga == record.manga)
            .collect();
        let missing: Vec<_> = held
            .iter()
            .filter(|c| !root.join(&c.path).exists())
            .collect();
        let pages: u64 = held.iter().map(|c| u64::from(c.pages)).sum();
        if json {
            output::json(&serde_json::json!({
                "manga": record.manga,
                "title": record.title,
                "folder": record.folder,
                "chapters": held.len(),
                "pages": pages,
                "missing": missing.iter().map(|c| c.id).collect::<Vec<_>>(),
            }))?;
        } else {
            table.row(vec![
                output::clean(&record.title),
                held.len().to_string(),
                pages.to_string(),
                missing.len().to_string(),
                record.folder.display().to_string(),
            ]);
        }
    }
    if !json {
        table.print()?;
    }
    Ok(())
}

/// `30m`, `2h`, `1d`, `45s`: at least a minute, so a loop never hammers the API.
pub(crate) fn duration(text: &str) -> Result<Duration, CliError> {
    let error = || {
        CliError::usage(format!(
            "not a duration: {:?}: write it as 30m, 2h or 1d (at least 1m)",
            text.chars().take(20).collect::<String>()
        ))
    };
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().map_err(|_| error())?;
    let unit = match unit {
        "s" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(error()),
    };
    let seconds = number.checked_mul(unit).ok_or_else(error)?;
    if seconds < 60 {
        return Err(error());
    }
    Ok(Duration::from_secs(seconds))
}

fn show(duration: Duration) -> String {
    let minutes = duration.as_secs() / 60;
    if minutes.is_multiple_of(60) {
        format!("{} h", minutes / 60)
    } else {
        format!("{minutes} min")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration("30m").unwrap(), Duration::from_secs(1800));
        assert_eq!(duration("2h").unwrap(), Duration::from_secs(7200));
        assert_eq!(duration("1d").unwrap(), Duration::from_secs(86_400));
        assert_eq!(duration("90s").unwrap(), Duration::from_secs(90));
        for bad in ["10s", "m", "5x", "", "-3m", "99999999999999999999d"] {
            let error = duration(bad).unwrap_err();
            assert_eq!(error.code, crate::error::EXIT_USAGE, "{bad}");
            assert!(error.message.contains("30m, 2h or 1d"), "{error}");
        }
        assert_eq!(show(Duration::from_secs(1800)), "30 min");
        assert_eq!(show(Duration::from_secs(7200)), "2 h");
    }
}
