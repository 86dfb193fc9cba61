//! `asyncdex`: search MangaDex, list feeds and download chapters from the command line, over
//! the asyncdex client stack (rate limits, auth, retries). `--mock` runs everything against
//! an embedded fake MangaDex, with no network.
//!
//! Output goes to stdout (an aligned table, or one JSON object per line with `--json`);
//! progress and notes go to stderr; an error is one line on stderr, `error: ...` (with
//! `--json`, one JSON object), with an exit code (see [`error`]). A closed or full stderr
//! loses the notes, never the run.

mod account;
mod browse;
mod cli;
mod config;
mod download;
mod error;
mod input;
mod library;
mod logging;
mod mock;
mod output;
mod progress;
mod series;
mod session;
mod shared_limit;
mod signal;
mod token_store;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};
use crate::error::{CliError, EXIT_API};
use crate::session::{Account, Session};

fn main() -> ExitCode {
    // A bug must still read as one line, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        // `note`, not `eprintln!`: a panic while printing a panic aborts the process.
        output::note(&format!(
            "error: internal error: {}; this is a bug in asyncdex, please report it",
            output::excerpt(&message, output::ECHO_MAX)
        ));
    }));

    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Usage errors (exit 2) and --help/--version (exit 0), as clap renders them.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            let error = CliError::new(EXIT_API, format!("cannot start the async runtime: {error}"));
            return report(&error, cli.global.json);
        }
    };
    let json = cli.global.json;
    if let Err(error) = logging::init(cli.global.verbose, cli.global.quiet) {
        return report(&error, json);
    }
    let result = runtime.block_on(run(cli));
    let _ = std::io::stdout().flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => report(&error, json),
    }
}

/// Prints an error on stderr, one line (`error: ...`, or with `--json` one JSON object that a
/// script can parse the same way as the output), and gives its exit code.
fn report(error: &CliError, json: bool) -> ExitCode {
    if !error.message.is_empty() {
        if json {
            let object = serde_json::json!({"error": error.message, "code": error.code});
            output::note(&object.to_string());
        } else {
            output::note(&format!("error: {error}"));
        }
    }
    ExitCode::from(error.code)
}

async fn run(cli: Cli) -> Result<(), CliError> {
    let global = &cli.global;
    let account = match cli.command {
        Command::Whoami | Command::Login | Command::Logout => Account::LogsIn,
        Command::Sync(_) => Account::IfConfigured,
        _ => Account::Anonymous,
    };
    if let Command::Mock(args) = &cli.command {
        return mock::run(args, global.json).await;
    }
    if let Command::Library { dir } = &cli.command {
        return library::library(global.json, dir.as_deref());
    }
    if let Command::Config = cli.command {
        let config = config::load().map_err(|e| CliError::usage(e.to_string()))?;
        return output::line(config.render().trim_end());
    }
    let session = Session::open(global, account).await?;
    match &cli.command {
        Command::Search(args) => browse::search(&session, args).await,
        Command::Manga { id, lang } => browse::manga(&session, id, lang.as_deref()).await,
        Command::Feed(args) => browse::feed(&session, args).await,
        Command::Pages { id, data_saver } => browse::pages(&session, id, *data_saver).await,
        Command::Download(args) => series::download(&session, args).await,
        Command::Sync(args) => library::sync(&session, args).await,
        Command::Whoami => account::whoami(&session).await,
        Command::Login => account::login(&session).await,
        Command::Logout => account::logout(&session).await,
        Command::Mock(_) | Command::Library { .. } | Command::Config => {
            unreachable!("handled above")
        }
    }
}
