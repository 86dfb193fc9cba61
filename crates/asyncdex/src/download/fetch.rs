//! One image fetch through the client's stack, and its MD@Home report in the background.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use asyncdex_tower::auth::WithAuth;
use asyncdex_tower::retry::Retries;
use bytes::Bytes;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::{Method, Request, Uri};
use http_body_util::Full;
use tokio::sync::Notify;

use super::verify::{Damaged, check_page};
use crate::client::MangadexClient;
use crate::error::{Error, Result};
use crate::model::AtHomeReport;
use crate::request::read_body;

/// A page body that is not the whole image.
#[derive(Debug, thiserror::Error)]
enum IncompleteBody {
    #[error("the image body has {got} bytes, Content-Length said {expected}")]
    Length { expected: u64, got: u64 },
    #[error("the image body is empty")]
    Empty,
}

/// What one fetch saw, for its report: filled as the answer arrives, so a fetch cut short
/// (timeout, reset mid-body) still reports what it got.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    /// Body bytes received (0 when no answer came).
    pub(crate) bytes: u64,
    /// `X-Cache` started with `HIT`.
    pub(crate) cached: bool,
}

/// Fetches one image: a single send (no retry inside the stack: every fetch is reported, and
/// the caller retries), never with a token, the whole body within `timeout`.
pub(crate) async fn fetch_image(
    client: &MangadexClient,
    url: &str,
    timeout: Duration,
    seen: &mut Seen,
) -> Result<Bytes> {
    match tokio::time::timeout(timeout, fetch(client, url, seen)).await {
        Ok(result) => result,
        Err(_) => Err(Error::timeout(
            url.parse::<Uri>().ok().as_ref().map(Uri::path),
        )),
    }
}

async fn fetch(client: &MangadexClient, url: &str, seen: &mut Seen) -> Result<Bytes> {
    let shown = || crate::builder::redact(url);
    let uri: Uri = url
        .parse()
        .map_err(|_| Error::invalid(format!("not a valid image URL: {:?}", shown())))?;
    // Refused here rather than by the transport, as the input error it is (never retried).
    if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.host().is_none() {
        return Err(Error::invalid(format!(
            "the image URL must be an absolute http(s) URL: {:?}",
            shown()
        )));
    }
    let path = uri.path().to_owned();
    let mut request = Request::new(Full::new(Bytes::new()));
    *request.method_mut() = Method::GET;
    *request.uri_mut() = uri;
    // The image node must never see the token (AsyncDex, the Python library, sent it there);
    // the stack already keeps it to the API and auth hosts, this says it twice.
    request.extensions_mut().insert(WithAuth(false));
    request.extensions_mut().insert(Retries(0));
    let inner = client.inner();
    let response = inner
        .service
        .send(request)
        .await
        .map_err(|error| Error::from_stack(error, &path))?;
    let (parts, body) = response.into_parts();
    seen.cached = parts
        .headers
        .get("x-cache")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().starts_with("HIT"));
    let body = std::pin::pin!(body);
    let data = read_body(body, inner.max_body_size, &path, &mut seen.bytes).await?;
    if !parts.status.is_success() {
        return Err(Error::from_status(
            &path,
            parts.status,
            &parts.headers,
            &parts.extensions,
            &data,
        ));
    }
    let expected = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    let got = data.len() as u64;
    if let Some(expected) = expected
        && expected != got
    {
        return Err(Error::transport(
            Some(&path),
            IncompleteBody::Length { expected, got },
        ));
    }
    if got == 0 {
        return Err(Error::transport(Some(&path), IncompleteBody::Empty));
    }
    if let Some(kind) = parts.headers.get(CONTENT_TYPE)
        && !kind.as_bytes().starts_with(b"image/")
    {
        let kind = String::from_utf8_lossy(kind.as_bytes()).into_owned();
        return Err(Error::transport(Some(&path), Damaged::ContentType(kind)));
    }
    let file_name = path.rsplit('/').next().unwrap_or_default();
    check_page(file_name, &data).map_err(|damage| Error::transport(Some(&path), damage))?;
    Ok(data)
}

/// The MD@Home reports of a download still on their way, and how the sent ones went.
///
/// Reports go out in the background and never delay the download, so some may still be in
/// flight when [`run`](super::ChapterDownload::run) returns. A short-lived program (a CLI)
/// can [`flush`](Self::flush) them before it exits, so that they are not cut off with the
/// runtime. Clones share the same counts.
#[derive(Clone, Default)]
pub struct PendingReports {
    inner: Arc<ReportsInner>,
}

#[derive(Default)]
struct ReportsInner {
    pending: AtomicUsize,
    sent: AtomicU64,
    failed: AtomicU64,
    idle: Notify,
}

impl PendingReports {
    /// Reports still in flight.
    pub fn pending(&self) -> usize {
        self.inner.pending.load(Ordering::Acquire)
    }

    /// Reports the report endpoint accepted.
    pub fn sent(&self) -> u64 {
        self.inner.sent.load(Ordering::Acquire)
    }

    /// Reports that failed (error status, transport error, timeout); they are not retried.
    pub fn failed(&self) -> u64 {
        self.inner.failed.load(Ordering::Acquire)
    }

    /// Waits until no report is in flight (each one gives up after
    /// [`REPORT_TIMEOUT`](super::REPORT_TIMEOUT)). Wrap it in a timeout of your own to wait
    /// less.
    pub async fn flush(&self) {
        loop {
            let idle = self.inner.idle.notified();
            let mut idle = std::pin::pin!(idle);
            idle.as_mut().enable();
            if self.pending() == 0 {
                return;
            }
            idle.await;
        }
    }

    /// Sends `report` to `url` in a task of its own: never awaited by the download, so it can
    /// neither delay it nor fail it. No token (the report host is not MangaDex's API), no
    /// retry (a report is only a hint).
    pub(super) fn spawn(&self, client: &MangadexClient, url: &str, report: AtHomeReport) {
        let request = client
            .request(Method::POST, url)
            .with_auth(false)
            .retries(0)
            .json(&report);
        self.inner.pending.fetch_add(1, Ordering::AcqRel);
        let done = Done(self.inner.clone());
        tokio::spawn(async move {
            let result = tokio::time::timeout(super::REPORT_TIMEOUT, request.send()).await;
            match result {
                Ok(Ok(_)) => {
                    done.0.sent.fetch_add(1, Ordering::AcqRel);
                }
                Ok(Err(error)) => {
                    tracing::debug!(url = %report.url, %error, "MD@Home report failed");
                    done.0.failed.fetch_add(1, Ordering::AcqRel);
                }
                Err(_) => {
                    tracing::debug!(url = %report.url, "MD@Home report timed out");
                    done.0.failed.fetch_add(1, Ordering::AcqRel);
                }
            }
        });
    }
}

/// Marks a report finished when its task ends, even when the task is cancelled (runtime shut
/// down).
struct Done(Arc<ReportsInner>);

impl Drop for Done {
    fn drop(&mut self) {
        if self.0.pending.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

impl fmt::Debug for PendingReports {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingReports")
            .field("pending", &self.pending())
            .field("sent", &self.sent())
            .field("failed", &self.failed())
            .finish()
    }
}

/// The report of one fetch.
pub(super) fn report(url: &str, success: bool, seen: &Seen, started: Instant) -> AtHomeReport {
    AtHomeReport {
        url: url.to_owned(),
        success,
        bytes: seen.bytes,
        duration: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        cached: seen.cached,
    }
}
