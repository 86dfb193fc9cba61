//! `asyncdex mock`: the fake MangaDex in the foreground, until Ctrl-C.

use asyncdex_mock::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer,
};
use serde::Serialize;

use crate::error::{CliError, EXIT_API};
use crate::output;

#[derive(Debug, Serialize)]
struct Urls<'a> {
    api: &'a str,
    auth: &'a str,
    image: &'a str,
    report: &'a str,
    username: &'a str,
    password: &'a str,
    client_id: &'a str,
    client_secret: &'a str,
}

pub(crate) async fn run(port: Option<u16>, json: bool) -> Result<(), CliError> {
    let mut builder = MockServer::builder();
    if let Some(port) = port {
        builder = builder.api_port(port);
    }
    let server = builder.try_start().await.map_err(|error| {
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
