//! `asyncdex mock`: the fake MangaDex in the foreground, until Ctrl-C; `--log FILE` writes a
//! line per answered request, `--fault KIND[:P]` injects faults into API answers.

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
    let auth = server.auth_url();
    let report = server.report_url();
    let urls = Urls {
        api: server.url(),
        auth: &auth,
        image: server.image_url(),
        report: &report,
        uploads: server.uploads_url(),
        username: DEFAULT_USERNAME,
        password: DEFAULT_PASSWORD,
        client_id: DEFAULT_CLIENT_ID,
        client_secret: DEFAULT_CLIENT_SECRET,
    };
    if json {
        output::json(&urls)?;
    } else {
        output::record(&[
            ("api", urls.api.to_owned()),
            ("auth", urls.auth.to_owned()),
            ("image", urls.image.to_owned()),
            ("report", urls.report.to_owned()),
            ("uploads", urls.uploads.to_owned()),
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
        output::line(&format!(
            "try: asyncdex --api-url {} --auth-url {auth} --report-url {report} search Dragon",
            urls.api
        ))?;
        output::note("serving until Ctrl-C");
    }
    tokio::signal::ctrl_c()
        .await
        .map_err(|error| CliError::new(EXIT_API, format!("cannot wait for Ctrl-C: {error}")))?;
    server.shutdown().await;
    Ok(())
}
