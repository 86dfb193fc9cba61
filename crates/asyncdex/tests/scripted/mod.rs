//! A scripted HTTP/1.1 server on loopback for hostile-input tests: for every request it runs
//! the test's script on what it received and writes the bytes the script says, exactly (a
//! truncated body, a lying header, silence), then closes the connection. It keeps a log of
//! what it received.
//!
//! Shared by the client's tests and the CLI's (which include this file by path), so that both
//! attack the client with the same server. Each test file uses part of it.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server read it.
#[derive(Clone, Debug)]
pub(crate) struct Seen {
    /// `GET`, `POST` ...
    pub(crate) method: String,
    /// The request target, query included.
    pub(crate) path: String,
    /// The whole head, request line and headers.
    pub(crate) head: String,
    /// The body (read by its `Content-Length`).
    pub(crate) body: Vec<u8>,
}

impl Seen {
    /// The value of a header of the request, if it has it.
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }
}

/// What the server does for a request, in order.
#[derive(Clone, Debug)]
pub(crate) enum Step {
    /// Writes these bytes.
    Write(Vec<u8>),
    /// Keeps the connection open without a word, until the client gives up.
    Hang,
}

type Script = Arc<dyn Fn(&Seen) -> Vec<Step> + Send + Sync>;

/// The server; it runs until the runtime that started it ends.
#[derive(Clone, Debug)]
pub(crate) struct Scripted {
    /// `http://127.0.0.1:<port>`.
    pub(crate) url: String,
    log: Arc<Mutex<Vec<Seen>>>,
}

impl Scripted {
    /// Starts a server that answers every request as `script` says.
    pub(crate) async fn start(script: impl Fn(&Seen) -> Vec<Step> + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let log: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let script: Script = Arc::new(script);
        let recorded = log.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, script.clone(), recorded.clone()));
            }
        });
        Self { url, log }
    }

    /// Every request received so far, in order.
    pub(crate) fn seen(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    /// How many requests had a target starting with `prefix`.
    pub(crate) fn count(&self, prefix: &str) -> usize {
        self.seen()
            .iter()
            .filter(|seen| seen.path.starts_with(prefix))
            .count()
    }
}

async fn serve(mut stream: TcpStream, script: Script, log: Arc<Mutex<Vec<Seen>>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut words = head.split_whitespace();
    let method = words.next().unwrap_or_default().to_owned();
    let path = words.next().unwrap_or_default().to_owned();
    let mut seen = Seen {
        method,
        path,
        head,
        body: Vec::new(),
    };
    let length = seen
        .header("content-length")
        .and_then(|value| value.parse::<usize>().ok())
        .unwrap_or(0);
    seen.body = vec![0u8; length];
    if stream.read_exact(&mut seen.body).await.is_err() {
        return;
    }
    log.lock().unwrap().push(seen.clone());
    for step in script(&seen) {
        match step {
            Step::Write(bytes) => {
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Step::Hang => {
                // Reads until the client closes, answering nothing.
                let mut sink = [0u8; 256];
                while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
                return;
            }
        }
    }
    let _ = stream.shutdown().await;
}

/// An answer with these headers and body, its `Content-Length` added unless a header gives
/// one; the connection closes after it.
pub(crate) fn answer(status_line: &str, headers: &[&str], body: &[u8]) -> Vec<Step> {
    let sized = headers
        .iter()
        .any(|h| h.to_ascii_lowercase().starts_with("content-length"));
    let mut bytes = head(status_line, headers, (!sized).then_some(body.len()));
    bytes.extend_from_slice(body);
    vec![Step::Write(bytes)]
}

/// An answer without `Content-Length`: its body ends when the connection closes, so a body
/// cut short looks whole to HTTP.
pub(crate) fn until_close(status_line: &str, headers: &[&str], body: &[u8]) -> Vec<Step> {
    let mut bytes = head(status_line, headers, None);
    bytes.extend_from_slice(body);
    vec![Step::Write(bytes)]
}

/// A JSON answer.
pub(crate) fn json(status_line: &str, body: &str) -> Vec<Step> {
    answer(
        status_line,
        &["content-type: application/json"],
        body.as_bytes(),
    )
}

fn head(status_line: &str, headers: &[&str], length: Option<usize>) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status_line}\r\nconnection: close\r\n");
    for header in headers {
        out.push_str(header);
        out.push_str("\r\n");
    }
    if let Some(length) = length {
        out.push_str(&format!("content-length: {length}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

/// The at-home answer for `files` on the image node `base_url`.
pub(crate) fn at_home(base_url: &str, files: &[&str]) -> String {
    serde_json::json!({
        "result": "ok",
        "baseUrl": base_url,
        "chapter": {"hash": "c0ffee", "data": files, "dataSaver": files},
    })
    .to_string()
}

/// A whole, tiny PNG (signature, IHDR, IEND): passes the page check of a name without a hash.
pub(crate) fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend_from_slice(&[0; 17]);
    bytes.extend_from_slice(b"\0\0\0\0IEND\xAE\x42\x60\x82");
    bytes
}
