//! The request log as a file of JSON lines ([`MockServerBuilder::log_file`](crate::MockServerBuilder::log_file)).

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{LoggedRequest, RequestHook, lock};

/// A request as one JSON line (with its newline); no headers or body, which may hold secrets.
fn json_line(request: &LoggedRequest) -> String {
    let time = OffsetDateTime::now_utc().format(&Rfc3339).ok();
    let line = json!({
        "seq": request.seq,
        "time": time,
        "listener": request.listener.name(),
        "method": request.method.as_str(),
        "path": request.path,
        "query": request.query,
        "status": request.status,
        "fault": request.fault,
        "remote": request.remote.to_string(),
    });
    format!("{line}\n")
}

/// A hook appending each request to the file at `path` as a JSON line. The file is not
/// buffered: each line goes to the OS in one write as its request is answered.
pub(crate) fn file_hook(path: &Path) -> std::io::Result<RequestHook> {
    let file = Mutex::new(File::options().create(true).append(true).open(path)?);
    Ok(RequestHook(Arc::new(move |request: &LoggedRequest| {
        // A full disk must not stop the server; the log is a help, not a duty.
        let _ = lock(&file).write_all(json_line(request).as_bytes());
    })))
}
