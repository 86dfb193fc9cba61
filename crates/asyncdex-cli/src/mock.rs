//! `asyncdex mock`: the fake MangaDex in the foreground, until Ctrl-C; `--log FILE` writes a
//! line per answered request, `--fault KIND[:P]` injects faults into API answers.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use asyncdex_mock::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_USERNAME, FaultKind,
    FaultPlan, FaultRule, LoggedRequest, MockServer, MockServerBuilder,
};
use serde::Serialize;

use crate::error::{CliError, EXIT_API};
use crate::output;

/// `--fault KIND[:P]` as a rule on the API listener.
fn fault_rule(spec: &str) -> Result<FaultRule, CliError> {
    let (name, p) = spec.split_once(':').unwrap_or((spec, "1"));
    let kind = FaultKind::from_name(name).ok_or_else(|| {
        CliError::usage(format!(
            "--fault: unknown kind {name:?} (one of {})",
            FaultKind::names().join(", ")
        ))
    })?;
    let p: f64 = p
        .parse()
        .ok()
        .filter(|p| (0.0..=1.0).contains(p))
        .ok_or_else(|| CliError::usage(format!("--fault {spec}: P is a number from 0 to 1")))?;
    Ok(FaultRule::new(kind).probability(p))
}

/// One log line: `listener method path[?query] status [fault]`.
fn log_line(r: &LoggedRequest) -> String {
    let query = r
        .query
        .as_deref()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let status = r.status.map_or_else(|| "-".to_owned(), |s| s.to_string());
    let fault = r.fault.map(|f| format!(" fault={f}")).unwrap_or_default();
    format!(
        "{} {} {}{query} {status}{fault}",
        r.listener.name(),
        r.method,
        r.path
    )
}

/// The builder with the command's port, faults and log file.
fn builder(
    port: Option<u16>,
    log: Option<&Path>,
    faults: &[String],
) -> Result<MockServerBuilder, CliError> {
    let mut builder = MockServer::builder();
    if let Some(port) = port {
        builder = builder.api_port(port);
    }
    if !faults.is_empty() {
        let plan = faults.iter().try_fold(FaultPlan::new(), |plan, f| {
            Ok::<_, CliError>(plan.rule(fault_rule(f)?))
        })?;
        builder = builder.faults(plan);
    }
    if let Some(path) = log {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| {
                CliError::new(
                    EXIT_API,
                    format!("cannot open the log {}: {e}", path.display()),
                )
            })?;
        let file = Mutex::new(std::io::LineWriter::new(file));
        builder = builder.log_requests(false).on_request(move |r| {
            if let Ok(mut f) = file.lock() {
                let _ = writeln!(f, "{}", log_line(r));
            }
        });
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

pub(crate) async fn run(
    port: Option<u16>,
    log: Option<&Path>,
    faults: &[String],
    json: bool,
) -> Result<(), CliError> {
    let server = builder(port, log, faults)?
        .try_start()
        .await
        .map_err(|error| {
            let on = port.map(|p| format!(" on port {p}")).unwrap_or_default();
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
