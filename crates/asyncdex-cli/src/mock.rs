//! `asyncdex mock`: the fake MangaDex in the foreground, until Ctrl-C; it prints the
//! environment that aims a client at it. `--log FILE` appends a JSON line per answered
//! request, `--fault SPEC` injects faults (the mock's [`FaultRule`] text form) with the RNG
//! seed `--fault-seed`, `--latency MS` delays every answer, `--no-limits` turns the rate
//! limits off.

use std::collections::BTreeMap;
use std::time::Duration;

use asyncdex_mock::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_USERNAME, FaultPlan,
    FaultRule, MockServer, MockServerBuilder,
};
use serde::Serialize;

use crate::cli::MockArgs;
use crate::error::{CliError, EXIT_API};
use crate::output;

/// The builder with the command's port, limits, faults, latency and log file.
fn builder(args: &MockArgs) -> Result<MockServerBuilder, CliError> {
    let mut builder = MockServer::builder();
    if let Some(port) = args.port {
        builder = builder.api_port(port);
    }
    let plan = args.fault.iter().try_fold(FaultPlan::new(), |plan, spec| {
        let rule: FaultRule = spec
            .parse()
            .map_err(|error| CliError::usage(format!("--fault: {error}")))?;
        Ok::<_, CliError>(plan.rule(rule))
    })?;
    builder = builder.faults(plan.seed(args.fault_seed.unwrap_or(0)));
    if args.no_limits {
        builder = builder.no_global_limit().route_limits(false);
    }
    if let Some(ms) = args.latency {
        builder = builder.latency(Duration::from_millis(ms));
    }
    if let Some(path) = &args.log {
        // The in-memory log would only grow: the file is the log of a foreground server.
        builder = builder.log_requests(false).log_file(path).map_err(|e| {
            CliError::new(
                EXIT_API,
                format!("cannot open the log {}: {e}", path.display()),
            )
        })?;
    }
    Ok(builder)
}

#[derive(Debug, Serialize)]
struct Urls<'a> {
    api: &'a str,
    auth: &'a str,
    image: &'a str,
    report: &'a str,
    uploads: &'a str,
    username: &'a str,
    password: &'a str,
    client_id: &'a str,
    client_secret: &'a str,
    /// The same URLs as the environment variables a client reads.
    env: BTreeMap<&'static str, String>,
}

pub(crate) async fn run(args: &MockArgs, json: bool) -> Result<(), CliError> {
    let server = builder(args)?.try_start().await.map_err(|error| {
        let on = args
            .port
            .map(|p| format!(" on port {p}"))
            .unwrap_or_default();
        CliError::new(
            EXIT_API,
            format!("could not start the fake server{on}: {error}"),
        )
    })?;
    if json {
        print_json(&server)?;
    } else {
        print_text(&server)?;
    }
    tokio::signal::ctrl_c()
        .await
        .map_err(|error| CliError::new(EXIT_API, format!("cannot wait for Ctrl-C: {error}")))?;
    server.shutdown().await;
    Ok(())
}

/// `--json`: one object with every URL, the account, and the client's environment.
fn print_json(server: &MockServer) -> Result<(), CliError> {
    let auth = server.auth_url();
    let report = server.report_url();
    output::json(&Urls {
        api: server.url(),
        auth: &auth,
        image: server.image_url(),
        report: &report,
        uploads: server.uploads_url(),
        username: DEFAULT_USERNAME,
        password: DEFAULT_PASSWORD,
        client_id: DEFAULT_CLIENT_ID,
        client_secret: DEFAULT_CLIENT_SECRET,
        env: server.client_env().into_iter().collect(),
    })
}

/// The URLs and account as a record, then the `export` lines that point `asyncdex` (or any
/// program reading the same variables) at this server.
fn print_text(server: &MockServer) -> Result<(), CliError> {
    output::record(&[
        ("api", server.url().to_owned()),
        ("auth", server.auth_url()),
        ("image", server.image_url().to_owned()),
        ("report", server.report_url()),
        ("uploads", server.uploads_url().to_owned()),
        (
            "account",
            format!("{DEFAULT_USERNAME} / {DEFAULT_PASSWORD}"),
        ),
        (
            "oauth client",
            format!("{DEFAULT_CLIENT_ID} / {DEFAULT_CLIENT_SECRET}"),
        ),
    ])?;
    output::line("")?;
    output::line("# a client of this server (asyncdex reads these):")?;
    for (name, value) in server.client_env() {
        output::line(&format!("export {name}={value}"))?;
    }
    output::line("# then: asyncdex search Dragon")?;
    output::note("serving until Ctrl-C");
    Ok(())
}
