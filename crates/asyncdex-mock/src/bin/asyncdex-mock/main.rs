//! `asyncdex-mock [OPTIONS]`: serves the fake MangaDex in the foreground until Ctrl-C, and
//! prints its URLs and the environment that aims a client at it; `--help` lists the options
//! (faults, latency, a JSON-lines request log).

mod args;

use std::io::Write;
use std::process::ExitCode;

use asyncdex_mock::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServerBuilder,
};

fn main() -> ExitCode {
    let builder = match args::parse(std::env::args().skip(1)) {
        Ok(args::Request::Help) => {
            print!("{}", args::help());
            return ExitCode::SUCCESS;
        }
        Ok(args::Request::Serve(builder)) => *builder,
        Err(e) => {
            eprintln!("asyncdex-mock: {e} (see --help)");
            return ExitCode::from(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("asyncdex-mock: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(serve(builder))
}

/// Starts the server, says where it is, and serves until Ctrl-C.
async fn serve(builder: MockServerBuilder) -> ExitCode {
    let server = match builder.try_start().await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("asyncdex-mock: cannot bind: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut said = format!(
        "api:     {}\nauth:    {}\nimage:   {}\nreport:  {}\nuploads: {}\n\
         user:    {DEFAULT_USERNAME} / {DEFAULT_PASSWORD}\n\
         client:  {DEFAULT_CLIENT_ID} / {DEFAULT_CLIENT_SECRET}\n\
         # a client of this server (asyncdex reads these):\n",
        server.url(),
        server.auth_url(),
        server.image_url(),
        server.report_url(),
        server.uploads_url(),
    );
    for (name, value) in server.client_env() {
        said.push_str(&format!("export {name}={value}\n"));
    }
    // A closed stdout (the reader went away) must not stop the server, as println! would.
    let _ = std::io::stdout().write_all(said.as_bytes());
    let _ = tokio::signal::ctrl_c().await;
    server.shutdown().await;
    ExitCode::SUCCESS
}
