//! `asyncdex-mock [--port N] [--seed N] [--no-limits]`: serves the fake MangaDex in the
//! foreground and prints its URLs.

use asyncdex_mock::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer,
};

const HELP: &str = "asyncdex-mock: a fake MangaDex API server on 127.0.0.1

USAGE: asyncdex-mock [--port N] [--seed N] [--no-limits]

  --port N      port of the API listener (default: ephemeral)
  --seed N      catalogue seed
  --no-limits   disable the global and per-route rate limits
  --help        this text
";

fn parse_num<T: std::str::FromStr>(flag: &str, v: Option<String>) -> Result<T, String> {
    v.ok_or_else(|| format!("{flag} needs a value"))?
        .parse()
        .map_err(|_| format!("{flag}: not a number"))
}

fn main() -> std::process::ExitCode {
    let mut builder = MockServer::builder();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let step = match arg.as_str() {
            "--help" | "-h" => {
                print!("{HELP}");
                return std::process::ExitCode::SUCCESS;
            }
            "--port" => {
                parse_num::<u16>("--port", args.next()).map(|p| builder.clone().api_port(p))
            }
            "--seed" => parse_num::<u64>("--seed", args.next()).map(|s| builder.clone().seed(s)),
            "--no-limits" => Ok(builder.clone().no_global_limit().route_limits(false)),
            other => Err(format!("unknown argument {other}")),
        };
        match step {
            Ok(b) => builder = b,
            Err(e) => {
                eprintln!("error: {e}\n\n{HELP}");
                return std::process::ExitCode::from(2);
            }
        }
    }
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    rt.block_on(async move {
        let server = match builder.try_start().await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: cannot bind: {e}");
                return std::process::ExitCode::FAILURE;
            }
        };
        println!("api:     {}", server.url());
        println!("auth:    {}", server.auth_url());
        println!("image:   {}", server.image_url());
        println!("report:  {}", server.report_url());
        println!("uploads: {}", server.uploads_url());
        println!("user:    {DEFAULT_USERNAME} / {DEFAULT_PASSWORD}");
        println!("client:  {DEFAULT_CLIENT_ID} / {DEFAULT_CLIENT_SECRET}");
        let _ = tokio::signal::ctrl_c().await;
        server.shutdown().await;
        std::process::ExitCode::SUCCESS
    })
}
