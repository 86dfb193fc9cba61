//! What several test files here share: a temporary directory, the ComicInfo schema check, and
//! the fake server's set-up (a roomy mock, a client with fast retries, the requests seen on one
//! listener, the busiest window of arrivals).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use asyncdex::MangadexClient;
use asyncdex_mock::{Listener, LoggedRequest, MockServer, MockServerBuilder};
use asyncdex_tower::ratelimit::Ratelimits;
use asyncdex_tower::retry::RetryLayer;
use tokio::time::Instant;

/// A mock with room for the tests' bursts (400 requests a second): the client from
/// [`fast_client`] stays under it, so a 429 only comes from a fault the test asked for.
pub(crate) fn roomy_mock() -> MockServerBuilder {
    MockServer::builder().global_limit(400)
}

/// Retries that back off 5 to 20 ms, with a fixed jitter RNG seed.
pub(crate) fn fast_retries() -> RetryLayer {
    RetryLayer::new()
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(20))
        .seed(7)
}

/// A client of `server` (API and OAuth hosts) limited to 200 requests a second, with
/// [`fast_retries`].
pub(crate) fn fast_client(server: &MockServer) -> asyncdex::ClientBuilder {
    MangadexClient::builder()
        .api_url(server.url())
        .auth_url(server.auth_url())
        .ratelimits(Ratelimits::default().with_global(200, Duration::from_secs(1)))
        .retry_layer(fast_retries())
}

/// A started [`roomy_mock`] and a built [`fast_client`] of it.
pub(crate) async fn roomy_mock_and_client() -> (MockServer, MangadexClient) {
    let server = roomy_mock().start().await;
    let client = fast_client(&server).build().unwrap();
    (server, client)
}

/// The requests `server` saw on `listener`, in arrival order.
pub(crate) fn requests_on(server: &MockServer, listener: Listener) -> Vec<LoggedRequest> {
    server
        .requests()
        .into_iter()
        .filter(|request| request.listener == listener)
        .collect()
}

/// The most arrivals within any `window` (a window starts at an arrival; `at` in any order).
pub(crate) fn busiest_window(at: impl IntoIterator<Item = Instant>, window: Duration) -> usize {
    let mut times: Vec<Instant> = at.into_iter().collect();
    times.sort_unstable();
    let mut first = 0;
    let mut busiest = 0;
    for last in 0..times.len() {
        while times[last] - times[first] >= window {
            first += 1;
        }
        busiest = busiest.max(last - first + 1);
    }
    busiest
}

/// A directory under the system temp dir, unique to one test, removed on drop.
pub(crate) struct TempDir(pub(crate) PathBuf);

impl TempDir {
    pub(crate) fn new(tag: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "asyncdex-{tag}-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4()
        ));
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const SCHEMA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/comicinfo/ComicInfo-v2.0.xsd"
);

/// A document written to a unique file under the temp directory, removed on drop (also when
/// an assertion fails).
struct TempDocument(PathBuf);

impl TempDocument {
    fn new(xml: &str) -> TempDocument {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "asyncdex-comicinfo-{}-{}.xml",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, xml).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        TempDocument(path)
    }
}

impl Drop for TempDocument {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Runs xmllint on `xml`: `Ok` when the document is valid, `Err` with xmllint's report.
pub(crate) fn validate(xml: &str) -> Result<(), String> {
    let document = TempDocument::new(xml);
    let output = xmllint(&document.0);
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn xmllint(document: &Path) -> std::process::Output {
    let run = Command::new("xmllint")
        .args(["--noout", "--schema", SCHEMA])
        .arg(document)
        .output();
    match run {
        Ok(output) => output,
        Err(e) => panic!(
            "cannot run xmllint ({e}): install it with `apt-get install -y libxml2-utils` \
             (package libxml2-utils; on macOS it ships with the system)"
        ),
    }
}
