//! The server and its listeners (API, auth, image node, report, uploads), and shutdown; each
//! request goes through [`pipeline`](crate::pipeline). Its builder, and the defaults it
//! starts from, are in [`builder`].

mod builder;
#[cfg(feature = "client")]
mod client;

use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use time::OffsetDateTime;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

pub use builder::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_SEED, DEFAULT_USERNAME,
    MockServerBuilder,
};

use crate::catalogue::Catalogue;
use crate::faults::{FaultPlan, Hold, RequestMatch};
use crate::log::{Counters, Listener, LoggedRequest, lock};
use crate::pipeline;
use crate::report::Report;
use crate::state::{REALM_PATH, State, TOKEN_PATH};

/// A running fake MangaDex: five hosts on 127.0.0.1 (API, auth realm, image node with a second
/// listener for `forcePort443`, report, uploads). Dropping it stops every listener and
/// connection.
#[derive(Debug)]
pub struct MockServer {
    state: Arc<State>,
    shutdown: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl MockServer {
    /// Starts a server with the defaults.
    ///
    /// # Panics
    /// When 127.0.0.1 cannot be bound.
    pub async fn start() -> Self {
        Self::builder().start().await
    }

    /// A builder with the defaults.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// API base URL, `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.state.urls.api
    }

    /// Full URL of the OAuth token endpoint. It lives on its own listener (the "auth host"),
    /// at `/realms/mangadex/protocol/openid-connect/token` as on auth.mangadex.org.
    pub fn auth_url(&self) -> String {
        format!("{}{TOKEN_PATH}", self.state.urls.auth_base)
    }

    /// The Keycloak realm on the auth host, `http://127.0.0.1:PORT/realms/mangadex` (the
    /// OpenID issuer): its discovery document is at
    /// `{realm_url}/.well-known/openid-configuration`, and names the token, revocation and
    /// end-session endpoints.
    pub fn realm_url(&self) -> String {
        format!("{}{REALM_PATH}", self.state.urls.auth_base)
    }

    /// Base URL of the image node (what `/at-home/server/{id}` returns as `baseUrl`).
    pub fn image_url(&self) -> &str {
        &self.state.urls.image
    }

    /// Base URL of the image node for clients that ask `/at-home/server/{id}` with
    /// `forcePort443=true`. On MangaDex that answer names a node on the standard HTTPS port
    /// 443 (for networks that block other ports); loopback tests cannot bind port 443, so here
    /// it is a second listener of the same node, serving the same pages: a client that asked
    /// for port 443 is told this URL, and [`LoggedRequest::local`] shows which one it used.
    pub fn image_url_443(&self) -> &str {
        &self.state.urls.image_443
    }

    /// Full URL of the MD@Home report endpoint (`POST`), on its own listener.
    pub fn report_url(&self) -> String {
        format!("{}/report", self.state.urls.report_base)
    }

    /// Base URL of the uploads host (`https://uploads.mangadex.org` on MangaDex), no trailing
    /// slash: covers are at `{uploads_url}/covers/{manga id}/{file name}`, thumbnails at the
    /// same path plus `.256.jpg` or `.512.jpg`.
    pub fn uploads_url(&self) -> &str {
        &self.state.urls.uploads
    }

    /// The settings that aim a client at this server, as the environment variables that
    /// `asyncdex`'s `ClientBuilder::read_env` (and so the `asyncdex` program) reads:
    /// `ASYNCDEX_API_URL`, `ASYNCDEX_AUTH_URL` (the token endpoint), `ASYNCDEX_REPORT_URL`
    /// and `ASYNCDEX_UPLOADS_URL`, as `(variable, value)`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = asyncdex_mock::MockServer::start().await;
    /// for (name, value) in server.client_env() {
    ///     println!("export {name}={value}");
    /// }
    /// # }
    /// ```
    pub fn client_env(&self) -> [(&'static str, String); 4] {
        [
            ("ASYNCDEX_API_URL", self.url().to_owned()),
            ("ASYNCDEX_AUTH_URL", self.auth_url()),
            ("ASYNCDEX_REPORT_URL", self.report_url()),
            ("ASYNCDEX_UPLOADS_URL", self.uploads_url().to_owned()),
        ]
    }

    /// The logged requests, oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state.log.snapshot()
    }

    /// Empties the request log (counters are kept).
    pub fn clear_requests(&self) {
        self.state.log.clear();
    }

    /// A snapshot of the counters.
    pub fn counters(&self) -> Counters {
        self.state.counters.snapshot()
    }

    /// The reports received by the report listener, oldest first.
    pub fn reports(&self) -> Vec<Report> {
        lock(&self.state.reports).clone()
    }

    /// The seeded catalogue (generated on first use).
    pub fn catalogue(&self) -> &Catalogue {
        self.state.catalogue()
    }

    /// Replaces the fault plan (rule hit counts start again from zero).
    pub fn set_faults(&self, plan: FaultPlan) {
        self.state.set_faults(plan);
    }

    /// Holds the requests `which` names as they arrive (logged, not yet answered) until the
    /// [`Hold`] is released or dropped; then they are answered as if they had just arrived.
    /// For tests that must act while a client is in the middle of its work, with no timing
    /// assumption.
    ///
    /// ```
    /// use asyncdex_mock::{Listener, MockServer, RequestMatch};
    /// use tokio::io::{AsyncReadExt, AsyncWriteExt};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = MockServer::start().await;
    /// let hold = server.hold(RequestMatch::new().on(Listener::Api).route("/ping"));
    /// let addr = server.url().trim_start_matches("http://").to_owned();
    /// let ping = tokio::spawn(async move {
    ///     let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    ///     stream.write_all(b"GET /ping HTTP/1.1\r\nHost: mock\r\nUser-Agent: test/1\r\nConnection: close\r\n\r\n").await.unwrap();
    ///     let mut answer = String::new();
    ///     stream.read_to_string(&mut answer).await.unwrap();
    ///     answer
    /// });
    /// hold.wait_for_held(1).await;
    /// assert_eq!(server.requests()[0].status, None); // arrived, not answered
    /// hold.release();
    /// assert!(ping.await.unwrap().starts_with("HTTP/1.1 200"));
    /// # }
    /// ```
    pub fn hold(&self, which: RequestMatch) -> Hold {
        self.state.holds.add(which)
    }

    /// Sets the release time: from now on, chapters whose `publishAt` is after `t` do not
    /// exist yet. They are absent from `/manga/{id}/feed`, `/user/follows/manga/feed`,
    /// `/list/{id}/feed`, `/chapter` and `/manga/{id}/aggregate`; `/chapter/{id}`,
    /// `/at-home/server/{id}` and their pages on the image node answer 404, and so do the
    /// other routes taking a chapter id (statistics, `PUT /chapter/{id}`, `POST
    /// /upload/begin/{id}`, `POST /forums/thread`; read markers answer 400, as for a chapter
    /// of another manga). Each manga's `latestUploadedChapter` (and
    /// `order[latestUploadedChapter]`) is its newest chapter out by `t`, `null` when none is;
    /// its other attributes (`availableTranslatedLanguages`, `lastChapter` ...) stay those of
    /// the whole catalogue. `t` counts in whole seconds: a chapter published in `t`'s second
    /// is out.
    ///
    /// Moving the time forward makes chapters appear, as new uploads would; the showcase
    /// series' chapter 12 comes 30 days after its chapter 10 and after
    /// [`Catalogue::clock_end`] (see the [catalogue docs](crate::catalogue)).
    pub fn set_release_time(&self, t: OffsetDateTime) {
        self.state.set_release(Some(t.unix_timestamp()));
    }

    /// Clears the release time: every chapter is out again (the default).
    pub fn clear_release_time(&self) {
        self.state.set_release(None);
    }

    /// The release time, if one is set.
    pub fn release_time(&self) -> Option<OffsetDateTime> {
        self.state
            .release()
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
    }

    /// The id of the account with this user name, if it exists.
    pub fn user_id(&self, username: &str) -> Option<uuid::Uuid> {
        self.state
            .accounts
            .iter()
            .find(|a| a.username == username)
            .map(|a| a.id)
    }

    /// Stops every listener and open connection and waits for the tasks to end.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        for t in std::mem::take(&mut self.tasks) {
            let _ = t.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        for t in &self.tasks {
            t.abort();
        }
    }
}

async fn accept_loop(
    listener: TcpListener,
    kind: Listener,
    state: Arc<State>,
    mut stop: watch::Receiver<bool>,
) {
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => {
                let (stream, remote) = match accepted {
                    Ok(x) => x,
                    Err(e) => {
                        tracing::debug!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(5)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let state = state.clone();
                let local = stream.local_addr().unwrap_or(remote);
                conns.spawn(async move {
                    let peers = (remote, local);
                    let svc = service_fn(move |req| pipeline::handle(state.clone(), kind, peers, req));
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), svc).await;
                });
            }
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    conns.shutdown().await;
}
