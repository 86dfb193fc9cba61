//! [`MockServerBuilder`]: the defaults (account, OAuth client, limits, seed) and the knobs
//! over them; [`try_start`](MockServerBuilder::try_start) binds the listeners.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;
use tokio::net::TcpListener;
use tokio::sync::watch;

use super::{MockServer, accept_loop};
use crate::faults::FaultPlan;
use crate::limits::{RouteLimit, default_route_limits, scale};
use crate::log::{Listener, LoggedRequest};
use crate::state::{Config, State, Urls};

/// User name of the account that always exists.
pub const DEFAULT_USERNAME: &str = "mock-user";
/// Password of the default account (its e-mail is `mock-user@example.org`).
pub const DEFAULT_PASSWORD: &str = "mock-password";
/// Client id of the OAuth personal client that always exists.
pub const DEFAULT_CLIENT_ID: &str = "mock-client";
/// Secret of the default OAuth client.
pub const DEFAULT_CLIENT_SECRET: &str = "mock-secret";
/// The default catalogue seed.
pub const DEFAULT_SEED: u64 = 0x00A5_D3C0;

/// Builds a [`MockServer`]; see the crate docs for the defaults.
#[derive(Debug, Clone)]
pub struct MockServerBuilder {
    config: Config,
    table_scale: Option<f64>,
    api_port: u16,
}

impl Default for MockServerBuilder {
    fn default() -> Self {
        Self {
            config: Config {
                global_limit: Some(5),
                route_limits: true,
                table: default_route_limits(),
                ban_after: 10,
                ban_duration: Duration::from_secs(60),
                access_ttl: Duration::from_secs(15 * 60),
                refresh_ttl: Duration::from_secs(30 * 24 * 3600),
                users: vec![(DEFAULT_USERNAME.to_owned(), DEFAULT_PASSWORD.to_owned())],
                clients: vec![(
                    DEFAULT_CLIENT_ID.to_owned(),
                    DEFAULT_CLIENT_SECRET.to_owned(),
                )],
                faults: FaultPlan::new(),
                seed: DEFAULT_SEED,
                log_requests: true,
                log_capacity: 100_000,
                reject_tokens_on_cdn: true,
                client_checks: true,
                on_request: Vec::new(),
                latency: Duration::ZERO,
                release: None,
            },
            table_scale: None,
            api_port: 0,
        }
    }
}

impl MockServerBuilder {
    /// Global limit: requests per second per client IP on the API host (default 5).
    pub fn global_limit(mut self, per_second: u32) -> Self {
        self.config.global_limit = Some(per_second.max(1));
        self
    }

    /// No global limit.
    pub fn no_global_limit(mut self) -> Self {
        self.config.global_limit = None;
        self
    }

    /// Turns the per-route table on or off (default on).
    pub fn route_limits(mut self, on: bool) -> Self {
        self.config.route_limits = on;
        self
    }

    /// Replaces the per-route table (default [`default_route_limits`]).
    pub fn route_limit_table(mut self, table: Vec<RouteLimit>) -> Self {
        self.config.table = table;
        self
    }

    /// Multiplies every amount of the per-route table (at least 1 each), e.g. for soak tests.
    pub fn scale_route_limits(mut self, factor: f64) -> Self {
        self.table_scale = Some(factor);
        self
    }

    /// Number of early retries after which the client IP is banned (default 10): requests
    /// refused with a 429 that were sent before the end of a limit already announced to the
    /// client by an earlier 429 (`Retry-After` for the global limit, `X-RateLimit-Retry-After`
    /// for the route's bucket). A client that waits as every 429 tells it is never banned.
    pub fn ban_after(mut self, early_retries: u32) -> Self {
        self.config.ban_after = early_retries.max(1);
        self
    }

    /// How long a ban lasts (default 60 s). Also the quiet time after which the count of early
    /// retries towards a ban starts again from zero.
    pub fn ban_duration(mut self, d: Duration) -> Self {
        self.config.ban_duration = d;
        self
    }

    /// Lifetime of legacy session tokens and OAuth access tokens (default 15 min).
    pub fn access_token_lifetime(mut self, d: Duration) -> Self {
        self.config.access_ttl = d;
        self
    }

    /// Lifetime of refresh tokens, legacy and OAuth (default 30 days).
    pub fn refresh_token_lifetime(mut self, d: Duration) -> Self {
        self.config.refresh_ttl = d;
        self
    }

    /// Adds an account (its e-mail is `{username}@example.org`). The default account
    /// ([`DEFAULT_USERNAME`] / [`DEFAULT_PASSWORD`]) always exists.
    pub fn user(mut self, username: &str, password: &str) -> Self {
        self.config.users.retain(|(u, _)| u != username);
        self.config
            .users
            .push((username.to_owned(), password.to_owned()));
        self
    }

    /// Adds an OAuth personal client. The default one ([`DEFAULT_CLIENT_ID`] /
    /// [`DEFAULT_CLIENT_SECRET`]) always exists.
    pub fn oauth_client(mut self, client_id: &str, secret: &str) -> Self {
        self.config.clients.retain(|(c, _)| c != client_id);
        self.config
            .clients
            .push((client_id.to_owned(), secret.to_owned()));
        self
    }

    /// Fault injection plan (default none); can be changed later with
    /// [`MockServer::set_faults`].
    pub fn faults(mut self, plan: FaultPlan) -> Self {
        self.config.faults = plan;
        self
    }

    /// Catalogue seed (default [`DEFAULT_SEED`]).
    pub fn seed(mut self, seed: u64) -> Self {
        self.config.seed = seed;
        self
    }

    /// Record requests in the log (default on). Counters are kept either way.
    pub fn log_requests(mut self, on: bool) -> Self {
        self.config.log_requests = on;
        self
    }

    /// Maximum number of logged requests (and of stored reports) kept; older ones are dropped
    /// (default 100 000).
    pub fn log_capacity(mut self, n: usize) -> Self {
        self.config.log_capacity = n.max(1);
        self
    }

    /// Whether the image, report and uploads hosts answer 403 to requests carrying an
    /// `Authorization` header, as real MD@Home nodes do (default on). Such requests are counted in
    /// [`Counters::leaked_tokens`](crate::Counters::leaked_tokens) either way.
    pub fn reject_tokens_on_image_hosts(mut self, on: bool) -> Self {
        self.config.reject_tokens_on_cdn = on;
        self
    }

    /// Refuse API requests without a real `User-Agent` (missing, blank, or a browser's
    /// `Mozilla/...` sent by a program) and requests with a `Via` header, as MangaDex does:
    /// a plain-text `400` (default on). Counted in
    /// [`Counters::refused_clients`](crate::Counters::refused_clients).
    pub fn client_checks(mut self, on: bool) -> Self {
        self.config.client_checks = on;
        self
    }

    /// Calls `hook` with every request once it is answered (its status and fault set; the
    /// status is `None` for a connection reset), on any listener, whether or not the log keeps
    /// requests. It runs on the server's tasks: keep it short. Several hooks are called in
    /// the order they were given.
    pub fn on_request(mut self, hook: impl Fn(&LoggedRequest) + Send + Sync + 'static) -> Self {
        self.config
            .on_request
            .push(crate::log::RequestHook(Arc::new(hook)));
        self
    }

    /// Appends one JSON object per answered request, on any listener, to the file at `path`
    /// (created when missing), a line each, written whole as the request is answered (a reader
    /// never sees half a line): `seq`, `time` (UTC, RFC 3339), `listener`, `method`, `path`,
    /// `query`, `status` (`null` for a reset connection), `fault` and `remote`. Headers and
    /// bodies are left out: they may hold passwords and tokens.
    ///
    /// # Errors
    /// When the file cannot be opened for appending.
    pub fn log_file(mut self, path: impl AsRef<Path>) -> std::io::Result<Self> {
        let hook = crate::log::file_hook(path.as_ref())?;
        self.config.on_request.push(hook);
        Ok(self)
    }

    /// Every request, on every listener, waits this long before it is answered (default
    /// none), as over a slow network. On tokio time, like every wait of the server.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.config.latency = latency;
        self
    }

    /// Starts with a release time (default none: every chapter is out); see
    /// [`MockServer::set_release_time`].
    pub fn release_time(mut self, t: OffsetDateTime) -> Self {
        self.config.release = Some(t.unix_timestamp());
        self
    }

    /// Port of the API listener (default 0: an ephemeral port). The other listeners always
    /// use ephemeral ports.
    pub fn api_port(mut self, port: u16) -> Self {
        self.api_port = port;
        self
    }

    /// Binds the listeners on 127.0.0.1 and starts serving.
    ///
    /// # Panics
    /// When a listener cannot be bound; use [`try_start`](Self::try_start) to get the error.
    pub async fn start(self) -> MockServer {
        match self.try_start().await {
            Ok(s) => s,
            Err(e) => panic!("asyncdex-mock: cannot bind 127.0.0.1: {e}"),
        }
    }

    /// Binds the listeners on 127.0.0.1 and starts serving.
    pub async fn try_start(mut self) -> std::io::Result<MockServer> {
        if let Some(f) = self.table_scale {
            scale(&mut self.config.table, f);
        }
        let localhost = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let api = TcpListener::bind(SocketAddr::new(localhost, self.api_port)).await?;
        let auth = TcpListener::bind(SocketAddr::new(localhost, 0)).await?;
        let image = TcpListener::bind(SocketAddr::new(localhost, 0)).await?;
        let image_443 = TcpListener::bind(SocketAddr::new(localhost, 0)).await?;
        let report = TcpListener::bind(SocketAddr::new(localhost, 0)).await?;
        let uploads = TcpListener::bind(SocketAddr::new(localhost, 0)).await?;
        let base = |l: &TcpListener| l.local_addr().map(|a| format!("http://{a}"));
        let urls = Urls {
            api: base(&api)?,
            auth_base: base(&auth)?,
            image: base(&image)?,
            image_443: base(&image_443)?,
            report_base: base(&report)?,
            uploads: base(&uploads)?,
        };
        let state = Arc::new(State::new(self.config, urls));
        let (tx, rx) = watch::channel(false);
        let tasks = [
            (api, Listener::Api),
            (auth, Listener::Auth),
            (image, Listener::Image),
            (image_443, Listener::Image),
            (report, Listener::Report),
            (uploads, Listener::Uploads),
        ]
        .into_iter()
        .map(|(l, kind)| tokio::spawn(accept_loop(l, kind, state.clone(), rx.clone())))
        .collect();
        Ok(MockServer {
            state,
            shutdown: tx,
            tasks,
        })
    }
}
