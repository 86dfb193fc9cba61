//! A server that answers wrong in every way (issue 8), over raw TCP, against the default
//! client stack: every answer ends in a typed `asyncdex::Error` (or a success where HTTP allows
//! it), never a panic or a hang, and never in a token sent where it does not belong.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use asyncdex::MangadexClient;
use asyncdex_tower::ratelimit::Ratelimits;
use http::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What a connection of the hostile server does once it has read a request's head.
type Script = Arc<dyn Fn(String) -> Vec<Step> + Send + Sync>;

#[derive(Clone, Debug)]
enum Step {
    Write(Vec<u8>),
    Sleep(Duration),
    /// Writes `n` bytes of filler, chunked.
    Flood(usize),
}

/// A raw TCP server: for each request, runs the script on the request's head, then closes.
struct Hostile {
    url: String,
    heads: Arc<Mutex<Vec<String>>>,
}

impl Hostile {
    async fn start(script: impl Fn(String) -> Vec<Step> + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let heads: Arc<Mutex<Vec<String>>> = Arc::default();
        let script: Script = Arc::new(script);
        let recorded = heads.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (script, recorded) = (script.clone(), recorded.clone());
                tokio::spawn(serve(stream, script, recorded));
            }
        });
        Self { url, heads }
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }

    /// How many requests for `path` reached the server.
    fn requests_to(&self, path: &str) -> usize {
        self.heads()
            .iter()
            .filter(|head| head.split_whitespace().nth(1) == Some(path))
            .count()
    }
}

async fn serve(mut stream: TcpStream, script: Script, recorded: Arc<Mutex<Vec<String>>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    // Read (and drop) a request body announced by Content-Length.
    let length = head
        .lines()
        .find_map(|line| {
            line.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
        })
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    let _ = stream.read_exact(&mut body).await;
    recorded.lock().unwrap().push(head.clone());
    for step in script(head) {
        let written = match step {
            Step::Write(bytes) => stream.write_all(&bytes).await,
            Step::Sleep(duration) => {
                tokio::time::sleep(duration).await;
                Ok(())
            }
            Step::Flood(mut n) => {
                let chunk = vec![b'a'; 64 * 1024];
                let mut result = Ok(());
                while n > 0 && result.is_ok() {
                    let take = n.min(chunk.len());
                    result = stream.write_all(&chunk[..take]).await;
                    n -= take;
                }
                result
            }
        };
        if written.is_err() {
            return;
        }
    }
    let _ = stream.shutdown().await;
}

fn answer(status_line: &str, headers: &[&str], body: &[u8]) -> Vec<Step> {
    let mut out = format!("HTTP/1.1 {status_line}\r\nconnection: close\r\n");
    for header in headers {
        out.push_str(header);
        out.push_str("\r\n");
    }
    if !headers
        .iter()
        .any(|h| h.to_ascii_lowercase().starts_with("content-length"))
    {
        out.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(body);
    vec![Step::Write(bytes)]
}

fn client(url: &str) -> asyncdex::ClientBuilder {
    MangadexClient::builder()
        .api_url(url)
        .ratelimits(Ratelimits::default().with_global(1000, Duration::from_secs(1)))
        .timeout(Duration::from_millis(500))
        .slowdown_pause(Duration::from_millis(10))
        .retries(1)
        .retry_layer(
            asyncdex_tower::retry::RetryLayer::new()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(5)),
        )
}

/// Every call of these tests has this deadline: a hang fails.
async fn within<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), future)
        .await
        .expect("the client hung")
}

async fn get_json(client: &MangadexClient, path: &str) -> asyncdex::Result<serde_json::Value> {
    within(client.request(Method::GET, path).send_json()).await
}

fn rss_bytes() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    statm
        .split_whitespace()
        .nth(1)
        .and_then(|field| field.parse::<u64>().ok())
        .unwrap_or(0)
        * 4096
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_that_are_not_what_they_say() {
    let server = Hostile::start(|head| {
        let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
        match path.as_str() {
            "/html" => answer(
                "200 OK",
                &["content-type: text/html"],
                b"<html><body>Welcome to nginx!</body></html>",
            ),
            "/text-json" => answer(
                "200 OK",
                &["content-type: text/plain"],
                br#"{"result":"ok"}"#,
            ),
            "/no-type" => answer("200 OK", &[], br#"{"result":"ok"}"#),
            "/invalid-utf8" => answer(
                "200 OK",
                &["content-type: application/json"],
                b"{\"title\":\"\xff\xfe\xc3\x28\"}",
            ),
            "/empty" => answer("200 OK", &["content-type: application/json"], b""),
            "/nul" => answer("200 OK", &["content-type: application/json"], b"\0\0\0\0"),
            "/deep" => answer(
                "200 OK",
                &["content-type: application/json"],
                "[".repeat(100_000).as_bytes(),
            ),
            "/error-html" => answer(
                "500 Internal Server Error",
                &["content-type: text/html"],
                b"<h1>oops</h1>",
            ),
            "/error-garbage" => answer(
                "404 Not Found",
                &["content-type: application/json"],
                b"{\"errors\":[{\"status\":\"x\"}",
            ),
            "/error-wrong-shape" => answer(
                "404 Not Found",
                &["content-type: application/json"],
                br#"{"errors":"nope","result":7}"#,
            ),
            "/gzip-lie" => answer(
                "200 OK",
                &["content-type: application/json", "content-encoding: gzip"],
                b"not gzip at all",
            ),
            _ => answer("404 Not Found", &[], b""),
        }
    })
    .await;
    let client = client(&server.url).build().unwrap();

    for path in ["/html", "/invalid-utf8", "/empty", "/nul", "/deep"] {
        let error = get_json(&client, path).await.unwrap_err();
        assert!(error.is_decode(), "{path}: {error:?}");
        let _ = error.to_string();
    }
    // Wrong or missing content types do not matter to JSON decoding.
    for path in ["/text-json", "/no-type"] {
        let value = get_json(&client, path).await.unwrap();
        assert_eq!(value["result"], "ok", "{path}");
    }
    // Invalid UTF-8 as text is a decode error too; as bytes it is fine.
    let response = within(client.request(Method::GET, "/invalid-utf8").send())
        .await
        .unwrap();
    assert!(response.text().unwrap_err().is_decode());

    for (path, status) in [
        ("/error-html", 500),
        ("/error-garbage", 404),
        ("/error-wrong-shape", 404),
    ] {
        let error = get_json(&client, path).await.unwrap_err();
        assert_eq!(
            error.status(),
            Some(StatusCode::from_u16(status).unwrap()),
            "{path}: {error:?}"
        );
        assert!(error.api_errors().is_empty(), "{path}: {error:?}");
    }
    let error = get_json(&client, "/gzip-lie").await.unwrap_err();
    assert!(error.is_transport() || error.is_decode(), "{error:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_bodies_are_capped_and_not_read_into_memory() {
    const HUGE: usize = 256 * 1024 * 1024;
    let server = Hostile::start(|head| {
        let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
        match path.as_str() {
            // Announced.
            "/announced" => {
                let mut steps = answer("200 OK", &[&format!("content-length: {HUGE}"), "content-type: application/json"], b"");
                steps.push(Step::Flood(HUGE));
                steps
            }
            // Chunked, no length.
            _ => {
                let mut steps = vec![Step::Write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n".to_vec())];
                steps.push(Step::Flood(HUGE));
                steps
            }
        }
    })
    .await;
    let client = client(&server.url)
        .max_body_size(1024 * 1024)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let before = rss_bytes();
    for path in ["/announced", "/unannounced"] {
        let error = get_json(&client, path).await.unwrap_err();
        assert!(error.is_body_too_large(), "{path}: {error:?}");
        assert!(error.to_string().contains("1048576"), "{error}");
    }
    let after = rss_bytes();
    assert!(
        after < before + 64 * 1024 * 1024,
        "RSS grew from {before} to {after} reading capped 256 MiB bodies"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limit_headers_out_of_range() {
    let server = Hostile::start(|head| {
        let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let headers: &[&str] = match path.as_str() {
            "/at-home/server/huge" => &[
                "x-ratelimit-limit: 99999999999999999999999",
                "x-ratelimit-remaining: 18446744073709551616",
                "x-ratelimit-retry-after: 99999999999999999999",
            ],
            "/at-home/server/negative" => &[
                "x-ratelimit-limit: -40",
                "x-ratelimit-remaining: -1",
                "x-ratelimit-retry-after: -1700000000",
            ],
            "/at-home/server/garbage" => &[
                "x-ratelimit-limit: lots",
                "x-ratelimit-remaining: ~~",
                "x-ratelimit-retry-after: NaN",
                "retry-after: tomorrow",
            ],
            "/at-home/server/float" => &[
                "x-ratelimit-limit: 40.5",
                "x-ratelimit-remaining: 1e3",
                "x-ratelimit-retry-after: 1e400",
                "retry-after: -0.5",
            ],
            "/at-home/server/control" => &["x-ratelimit-limit: 4\u{1}0"],
            "/limited-huge-retry" => {
                return answer("429 Too Many Requests", &["retry-after: 99999999999"], b"");
            }
            _ => &[],
        };
        answer(
            "200 OK",
            &[&headers.join("\r\n"), "content-type: application/json"],
            br#"{"result":"ok"}"#,
        )
    })
    .await;
    let client = client(&server.url).build().unwrap();
    for path in [
        "/at-home/server/huge",
        "/at-home/server/negative",
        "/at-home/server/garbage",
        "/at-home/server/float",
    ] {
        let value = get_json(&client, path).await.unwrap();
        assert_eq!(value["result"], "ok", "{path}");
    }
    // A control character in a header value is not HTTP: a transport error, typed.
    let error = get_json(&client, "/at-home/server/control")
        .await
        .unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    // The route's bucket was corrected within bounds: the next request waits at most the
    // layer's cap (65 minutes), never forever or a panic on overflow.
    let (wait, rule) = client.ratelimits().check("/at-home/server/x", &Method::GET);
    assert!(
        wait.unwrap_or_default() <= Duration::from_secs(65 * 60),
        "{wait:?}"
    );
    assert!(rule.is_some());

    // A 429 asking for an absurd wait: no retry past the deadline, a typed error at once.
    let error = within(client.request(Method::GET, "/limited-huge-retry").send())
        .await
        .unwrap_err();
    assert!(error.is_ratelimit(), "{error:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn informational_and_redirect_surprises() {
    let other = Hostile::start(|_| {
        answer(
            "200 OK",
            &["content-type: application/json"],
            br#"{"result":"stolen"}"#,
        )
    })
    .await;
    let other_url = other.url.clone();
    let server = Hostile::start(move |head| {
        let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
        match path.as_str() {
            "/redirect" => answer("302 Found", &[&format!("location: {other_url}/steal")], b""),
            "/moved" => answer("301 Moved Permanently", &["location: /manga"], b""),
            "/continue" => {
                let mut steps = vec![Step::Write(b"HTTP/1.1 100 Continue\r\n\r\n".to_vec())];
                steps.extend(answer("200 OK", &["content-type: application/json"], br#"{"result":"ok"}"#));
                steps
            }
            "/early-hints" => {
                let mut steps = vec![Step::Write(b"HTTP/1.1 103 Early Hints\r\nlink: </style.css>\r\n\r\n".to_vec())];
                steps.extend(answer("200 OK", &["content-type: application/json"], br#"{"result":"ok"}"#));
                steps
            }
            "/not-modified" => vec![Step::Write(b"HTTP/1.1 304 Not Modified\r\nconnection: close\r\n\r\n".to_vec())],
            "/no-content" => vec![Step::Write(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n".to_vec())],
            "/switching" => vec![Step::Write(b"HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n".to_vec())],
            "/status-999" => vec![Step::Write(b"HTTP/1.1 999 Whatever\r\ncontent-length: 0\r\n\r\n".to_vec())],
            "/status-garbage" => vec![Step::Write(b"HTTP/1.1 abc Nope\r\n\r\n".to_vec())],
            "/not-http" => vec![Step::Write(b"SSH-2.0-OpenSSH_9.6\r\n".to_vec())],
            _ => answer("404 Not Found", &[], b""),
        }
    })
    .await;
    let client = client(&server.url)
        .credentials("reader", "hunter2-hunter2")
        .build()
        .unwrap();

    // A redirect is returned, not followed (to another host or not).
    for (path, status) in [("/redirect", 302), ("/moved", 301)] {
        let error = within(client.request(Method::GET, path).with_auth(false).send())
            .await
            .unwrap_err();
        assert_eq!(
            error.status(),
            Some(StatusCode::from_u16(status).unwrap()),
            "{error:?}"
        );
    }
    assert!(
        other.heads().is_empty(),
        "the redirect was followed: {:?}",
        other.heads()
    );

    for path in ["/continue", "/early-hints"] {
        let value = within(
            client
                .request(Method::GET, path)
                .with_auth(false)
                .send_json::<serde_json::Value>(),
        )
        .await
        .unwrap();
        assert_eq!(value["result"], "ok", "{path}");
    }
    // 304 and 204 are successes without a body: `send` is fine, `send_json` a decode error.
    for path in ["/not-modified", "/no-content"] {
        let result = within(client.request(Method::GET, path).with_auth(false).send()).await;
        match result {
            Ok(response) => {
                assert!(response.bytes().is_empty(), "{path}");
                let error = within(
                    client
                        .request(Method::GET, path)
                        .with_auth(false)
                        .send_json::<serde_json::Value>(),
                )
                .await
                .unwrap_err();
                assert!(error.is_decode(), "{path}: {error:?}");
            }
            // hyper reads a 304 as a redirection-class status: not a success.
            Err(error) => assert_eq!(
                error.status(),
                Some(StatusCode::NOT_MODIFIED),
                "{path}: {error:?}"
            ),
        }
    }
    for path in ["/switching", "/status-999", "/status-garbage", "/not-http"] {
        let error = within(client.request(Method::GET, path).with_auth(false).send())
            .await
            .unwrap_err();
        assert!(error.is_transport() || error.is_http(), "{path}: {error:?}");
    }
}

// On the paused clock: the drips and silences below are tokio sleeps of the server, the
// per-attempt timeout and the backoff tokio timers of the client, so how long a call took is
// exact, not a guess about the machine's speed.
#[tokio::test(start_paused = true)]
async fn broken_connections_and_slow_loris() {
    let server = Hostile::start(|head| {
        let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
        match path.as_str() {
            "/close-at-once" => vec![],
            "/close-mid-headers" => vec![Step::Write(
                b"HTTP/1.1 200 OK\r\ncontent-type: applic".to_vec(),
            )],
            "/close-mid-body" => vec![Step::Write(
                b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"result\":".to_vec(),
            )],
            "/bad-chunk" => vec![Step::Write(
                b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"
                    .to_vec(),
            )],
            "/slow-headers" => {
                let mut steps = vec![Step::Write(b"HTTP/1.1 200 OK\r\n".to_vec())];
                for _ in 0..40 {
                    steps.push(Step::Sleep(Duration::from_millis(100)));
                    steps.push(Step::Write(b"x-drip: 1\r\n".to_vec()));
                }
                steps
            }
            "/silent" => vec![Step::Sleep(Duration::from_secs(30))],
            "/slow-body" => {
                let mut steps = vec![Step::Write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n"
                        .to_vec(),
                )];
                for _ in 0..50 {
                    steps.push(Step::Sleep(Duration::from_millis(100)));
                    steps.push(Step::Write(b" ".to_vec()));
                }
                steps
            }
            _ => answer("404 Not Found", &[], b""),
        }
    })
    .await;
    let client = client(&server.url).build().unwrap();
    for path in [
        "/close-at-once",
        "/close-mid-headers",
        "/close-mid-body",
        "/bad-chunk",
    ] {
        let error = get_json(&client, path).await.unwrap_err();
        assert!(error.is_transport(), "{path}: {error:?}");
    }
    // A server dripping its head (4 s of it), or silent (30 s), meets the 500 ms per-attempt
    // timeout: two attempts (one retry), each cut at 500 ms, and the backoff (at most 5 ms)
    // between them. Without the timeout the drip would end in a transport error after 4 s, the
    // silence in the 10 s hang guard of `within`; without the retry one request would come.
    let timeout = Duration::from_millis(500);
    let max_backoff = Duration::from_millis(5);
    for path in ["/slow-headers", "/silent"] {
        let started = tokio::time::Instant::now();
        let error = get_json(&client, path).await.unwrap_err();
        let took = started.elapsed();
        assert!(error.is_timeout(), "{path}: {error:?}");
        assert_eq!(server.requests_to(path), 2, "{path}: one send, one retry");
        assert!(
            took >= timeout * 2 && took <= timeout * 2 + max_backoff,
            "{path}: {took:?}"
        );
    }
    // A timely head, then a body that drips (5 s of it): reading the body gets one whole
    // timeout after the head, and is not retried (the head came: the request was answered).
    // Without the body's timeout the call would end when the drip does, 5 s on, in a
    // transport error (50 bytes of the 100 announced).
    let started = tokio::time::Instant::now();
    let error = get_json(&client, "/slow-body").await.unwrap_err();
    let took = started.elapsed();
    assert!(error.is_timeout(), "/slow-body: {error:?}");
    assert_eq!(server.requests_to("/slow-body"), 1);
    assert_eq!(took, timeout, "{took:?}");
}
