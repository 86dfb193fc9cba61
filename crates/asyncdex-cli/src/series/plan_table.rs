//! `--dry-run`'s table: each chapter to fetch with its target, each left out with why.

use asyncdex::series::{Plan, SkipReason};

use crate::error::CliError;
use crate::output::{self, Table};
use crate::session::Session;

/// `--dry-run`: every chapter to fetch with its target, every chapter left out with why.
pub(super) fn print_plan(session: &Session, plan: &Plan) -> Result<(), CliError> {
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
