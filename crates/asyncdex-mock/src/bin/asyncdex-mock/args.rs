//! The command line, read by hand (the crate has no argument parser and needs only flags).

use std::time::Duration;

use asyncdex_mock::{FaultKind, FaultPlan, FaultRule, MockServer, MockServerBuilder};

/// `--help`.
pub(crate) fn help() -> String {
    format!(
        "asyncdex-mock: a fake MangaDex API server on 127.0.0.1

USAGE: asyncdex-mock [OPTIONS]

  --port N        port of the API listener (default: any free port)
  --seed N        catalogue seed (default: the library's DEFAULT_SEED)
  --no-limits     no global or per-route rate limits
  --fault SPEC    inject a fault; repeatable, the first rule that fires wins:
                    [SCOPE=]KIND[|KIND...][:P][,times=N][,after=N]
                  SCOPE  any of: a listener (api, the default; auth, image, report,
                         uploads), a method (GET ...), a path (/manga/{{id}}, or /data/*
                         for every path under /data/)
                  KIND   400, 403 (HTML pages), 429 (no headers), 500, 502, 503, or
                         {kinds}
                  P      probability per matching request, 0 to 1 (default 1)
                  e.g.   --fault 429:0.1   --fault 'GET /manga/{{id}}=500:0.5'
                         --fault 'image /data/*=connection_reset,times=3'
  --fault-seed N  seed of the faults' random choices (default 0): the same seed and the
                  same requests give the same faults
  --latency MS    every request waits MS milliseconds before its answer
  --log FILE      append one JSON object per answered request to FILE (a line each:
                  seq, time, listener, method, path, query, status, fault, remote)
  -h, --help      this text
",
        kinds = FaultKind::names().join(", ")
    )
}

/// What the command line asks for.
#[derive(Debug)]
pub(crate) enum Request {
    Help,
    Serve(Box<MockServerBuilder>),
}

/// Reads the arguments (without the program name). The error names the flag and the bad
/// value.
pub(crate) fn parse(args: impl IntoIterator<Item = String>) -> Result<Request, String> {
    // The in-memory log would only grow: nobody reads it in a foreground server.
    let mut builder = MockServer::builder().log_requests(false);
    let mut faults = FaultPlan::new();
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        builder = match flag.as_str() {
            "-h" | "--help" => return Ok(Request::Help),
            "--port" => builder.api_port(number(&flag, &value()?)?),
            "--seed" => builder.seed(number(&flag, &value()?)?),
            "--no-limits" => builder.no_global_limit().route_limits(false),
            "--fault" => {
                let rule: FaultRule = value()?.parse().map_err(|e| format!("--fault: {e}"))?;
                faults = faults.rule(rule);
                builder
            }
            "--fault-seed" => {
                faults = faults.seed(number(&flag, &value()?)?);
                builder
            }
            "--latency" => builder.latency(Duration::from_millis(number(&flag, &value()?)?)),
            "--log" => {
                let path = value()?;
                builder
                    .log_file(&path)
                    .map_err(|e| format!("--log {path:?}: cannot open it: {e}"))?
            }
            other => return Err(format!("unknown argument {other:?}")),
        };
    }
    Ok(Request::Serve(Box::new(builder.faults(faults))))
}

/// A number for `flag`.
fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{flag} {text:?}: not a number (or out of range)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(args: &[&str]) -> String {
        match parse(args.iter().map(|a| (*a).to_owned())) {
            Err(e) => e,
            Ok(r) => panic!("{args:?} was accepted: {r:?}"),
        }
    }

    #[test]
    fn bad_values_are_named() {
        assert_eq!(
            error(&["--port", "99999"]),
            "--port \"99999\": not a number (or out of range)"
        );
        assert!(error(&["--latency", "soon"]).contains("--latency \"soon\""));
        assert!(error(&["--fault-seed", "-1"]).contains("--fault-seed \"-1\""));
        assert!(error(&["--fault", "418"]).contains("--fault: bad fault \"418\""));
        assert_eq!(error(&["--fault"]), "--fault needs a value");
        assert_eq!(error(&["--faults", "500"]), "unknown argument \"--faults\"");
    }

    #[test]
    fn help_wins_and_names_every_fault_kind() {
        let parsed = parse(["--port".to_owned(), "1".to_owned(), "--help".to_owned()]);
        assert!(matches!(parsed, Ok(Request::Help)));
        for name in FaultKind::names() {
            assert!(help().contains(name), "{name}");
        }
    }
}
