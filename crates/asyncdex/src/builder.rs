//! [`ClientBuilder`]: every option of a [`MangadexClient`].

use std::ffi::OsString;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use asyncdex_tower::Api;
use asyncdex_tower::auth::{AuthLayer, Credentials, OAuthSource, Secret};
use asyncdex_tower::ratelimit::{OnStoreFailure, RateLimitLayer, Ratelimits, SharedStore};
use asyncdex_tower::retry::RetryLayer;
use bytes::Bytes;
use http::header::HeaderValue;
use http::{Request, Response, Uri};
use http_body::Body as HttpBody;
use hyper_util::client::proxy::matcher::Matcher;
use tower::{BoxError, Layer, Service};

use crate::classify::HyperClassifier;
use crate::client::{ClientInner, MangadexClient};
use crate::error::{Error, Result};
use crate::report_url::{DEFAULT_REPORT_URL, check_report_url};
use crate::stack::{self, HttpService, RequestBody, Stack, UserLayer};
use crate::transport::Transport;

/// The MangaDex API ([`MANGADEX_API_URL`](asyncdex_tower::MANGADEX_API_URL)).
pub const DEFAULT_API_URL: &str = asyncdex_tower::MANGADEX_API_URL;
/// MangaDex's OAuth2 token endpoint (personal clients).
pub const DEFAULT_AUTH_URL: &str =
    "https://auth.mangadex.org/realms/mangadex/protocol/openid-connect/token";
/// MangaDex's uploads host, where covers live (`{uploads}/covers/{manga id}/{file name}`).
pub const DEFAULT_UPLOADS_URL: &str = "https://uploads.mangadex.org";
/// The `User-Agent` sent unless another is set: this library, its version and where it lives.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "asyncdex/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/asyncdex/asyncdex)"
);
/// The largest answer read into memory unless another cap is set (32 MiB).
pub const DEFAULT_MAX_BODY_SIZE: usize = 32 * 1024 * 1024;

/// Builds a [`MangadexClient`]. Get one from [`MangadexClient::builder`].
///
/// Building needs no Tokio runtime; the client needs one when it sends.
#[must_use]
pub struct ClientBuilder {
    api_url: String,
    auth_url: String,
    report_url: String,
    uploads_url: String,
    credentials: Option<Credentials>,
    refresh_token: Option<Secret>,
    oauth_client: Option<(String, Secret)>,
    anonymous: bool,
    sleep_on_ratelimit: bool,
    user_agent: String,
    timeout: Duration,
    connect_timeout: Duration,
    retries: u32,
    retry_layer: Option<RetryLayer>,
    ratelimits: Option<Ratelimits>,
    safety_margin: Option<Duration>,
    startup_margin: Option<Duration>,
    slowdown_pause: Option<Duration>,
    shared_limit: Option<(Arc<dyn SharedStore>, OnStoreFailure)>,
    max_body_size: usize,
    layers: Vec<UserLayer>,
    transport: Option<HttpService>,
    proxy: Proxy,
}

/// Where connections go: a proxy URL may hold a password, so it is kept as a [`Secret`].
enum Proxy {
    FromEnv,
    Direct,
    To(Secret),
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            api_url: DEFAULT_API_URL.to_owned(),
            auth_url: DEFAULT_AUTH_URL.to_owned(),
            report_url: DEFAULT_REPORT_URL.to_owned(),
            uploads_url: DEFAULT_UPLOADS_URL.to_owned(),
            credentials: None,
            refresh_token: None,
            oauth_client: None,
            anonymous: false,
            sleep_on_ratelimit: true,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retries: 3,
            retry_layer: None,
            ratelimits: None,
            safety_margin: None,
            startup_margin: None,
            slowdown_pause: None,
            shared_limit: None,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            layers: Vec::new(),
            transport: None,
            proxy: Proxy::FromEnv,
        }
    }
}

impl ClientBuilder {
    /// Sends every connection through this proxy: `http://[user:password@]host:port` (a
    /// `CONNECT` tunnel, so TLS still runs end to end) or `socks5://` / `socks5h://` (the proxy
    /// resolves names). Servers on loopback are always reached directly. Default: the proxies
    /// the environment names (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, as curl
    /// reads them). The URL's password never appears in `Debug` or errors.
    ///
    /// ```
    /// let client = asyncdex::MangadexClient::builder()
    ///     .proxy("socks5h://127.0.0.1:1080")
    ///     .build()?;
    /// # drop(client);
    /// # Ok::<(), asyncdex::Error>(())
    /// ```
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Proxy::To(Secret::new(url));
        self
    }

    /// Connects directly, whatever proxies the environment names.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = Proxy::Direct;
        self
    }

    /// The API's base URL (default `https://api.mangadex.org`; a trailing slash is dropped).
    pub fn api_url(mut self, url: impl Into<String>) -> Self {
        self.api_url = url.into();
        self
    }

    /// The API's base URL as configured so far (by [`api_url`](Self::api_url) or the
    /// environment), before [`build`](Self::build) checks it.
    pub fn configured_api_url(&self) -> &str {
        &self.api_url
    }

    /// The OAuth2 token endpoint (default MangaDex's), used with
    /// [`oauth_client`](Self::oauth_client).
    pub fn auth_url(mut self, url: impl Into<String>) -> Self {
        self.auth_url = url.into();
        self
    }

    /// Where MD@Home reports of this client's downloads go (default [`DEFAULT_REPORT_URL`]):
    /// the default of `ChapterDownload::report_url` and `PlanDownload::report_url` (the
    /// `download` feature). It must pass
    /// the report URL check (https, or http on loopback), or [`build`](Self::build) fails.
    pub fn report_url(mut self, url: impl Into<String>) -> Self {
        self.report_url = url.into();
        self
    }

    /// The uploads host, where covers are fetched from (default [`DEFAULT_UPLOADS_URL`];
    /// covers are under its `/covers/`): the default of
    /// `PlanDownload::uploads_url` (the `download` feature). https, or
    /// http on loopback.
    pub fn uploads_url(mut self, url: impl Into<String>) -> Self {
        self.uploads_url = url.into();
        self
    }

    /// The account to log in with: username and password together, by construction.
    pub fn credentials(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials = Some(Credentials::username(username, Secret::new(password)));
        self
    }

    /// A refresh token saved by an earlier run: the client refreshes with it instead of
    /// logging in.
    pub fn refresh_token(mut self, token: impl Into<String>) -> Self {
        self.refresh_token = Some(Secret::new(token));
        self
    }

    /// Authenticates as an OAuth2 personal client (today's MangaDex login) instead of the
    /// legacy `/auth/login` session.
    pub fn oauth_client(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.oauth_client = Some((client_id.into(), Secret::new(client_secret)));
        self
    }

    /// Anonymous mode: any credentials or refresh token given to this builder are dropped, so
    /// no token is sent (until an explicit [`MangadexClient::login`] with credentials).
    pub fn anonymous(mut self, anonymous: bool) -> Self {
        self.anonymous = anonymous;
        self
    }

    /// Waits when a rate limit is reached (`true`, the default) or fails at once with
    /// [`Error::is_ratelimit`] (`false`).
    pub fn sleep_on_ratelimit(mut self, sleep: bool) -> Self {
        self.sleep_on_ratelimit = sleep;
        self
    }

    /// The `User-Agent` to send (default [`DEFAULT_USER_AGENT`]). MangaDex asks for a real
    /// one: a browser's (anything starting `Mozilla/`) is refused at [`build`](Self::build).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How long one attempt may take to get its answer's head (default 30 s), and reading the
    /// body after it may take again (one timer per attempt serves both). Rate-limit waits and
    /// retry backoff are not part of it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long opening a connection may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How many times a failed request is retried by default (default 3: up to 4 sends);
    /// a request can say otherwise with [`RequestBuilder::retries`](crate::RequestBuilder::retries).
    pub fn retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// A retry layer of your own settings (backoff, budget, seed). Its retry count is
    /// replaced by [`retries`](Self::retries) and its classifier by the hyper-aware one.
    pub fn retry_layer(mut self, layer: RetryLayer) -> Self {
        self.retry_layer = Some(layer);
        self
    }

    /// The rate limits (default: MangaDex's table and 5 requests per second overall).
    pub fn ratelimits(mut self, ratelimits: Ratelimits) -> Self {
        self.ratelimits = Some(ratelimits);
        self
    }

    /// Lengthens every rate-limit window by `margin`, against jitter between the times
    /// requests are sent and the times they arrive (default 50 ms: on a busy machine the fake
    /// server saw two requests arrive 66 ms closer together than they were sent).
    pub fn safety_margin(mut self, margin: Duration) -> Self {
        self.safety_margin = Some(margin);
        self
    }

    /// How late this process's sends in its first second may reach the server, which a
    /// [shared limit](Self::ratelimit_backend) counts (default 300 ms): a starting process
    /// opens its connections after its first slots, while the others send on open ones. It
    /// costs at most `margin` once, when the limit is full; no effect without a shared limit.
    pub fn startup_margin(mut self, margin: Duration) -> Self {
        self.startup_margin = Some(margin);
        self
    }

    /// Shares MangaDex's limits with the other processes behind this IP address through
    /// `store`: a [`FileStore`](asyncdex_tower::ratelimit::file_store::FileStore) for the
    /// processes of one machine (the CLI's default), or a Redis store (the `asyncdex-redis`
    /// crate) across machines. Every API request then passes this client's own limiter and
    /// reserves its send in the store; a 429 one process gets pauses them all. While the store
    /// fails, `on_failure` says what requests do. Building still needs no runtime; the store
    /// is first used by the first request.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use asyncdex::ratelimit::{FileStore, OnStoreFailure};
    ///
    /// let limits = std::env::temp_dir().join("asyncdex-limits");
    /// let client = asyncdex::MangadexClient::builder()
    ///     .ratelimit_backend(
    ///         Arc::new(FileStore::for_host(&limits, "api.mangadex.org", None)),
    ///         OnStoreFailure::ShareLocally,
    ///     )
    ///     .build()?;
    /// # Ok::<(), asyncdex::Error>(())
    /// ```
    pub fn ratelimit_backend(
        mut self,
        store: Arc<dyn SharedStore>,
        on_failure: OnStoreFailure,
    ) -> Self {
        self.shared_limit = Some((store, on_failure));
        self
    }

    /// How long every request to the API host is held back after an HTML 400 or 403 page,
    /// MangaDex's edge's way of saying "slow down" (default 60 s).
    pub fn slowdown_pause(mut self, pause: Duration) -> Self {
        self.slowdown_pause = Some(pause);
        self
    }

    /// The largest answer read into memory (default 32 MiB); larger ones fail with
    /// [`Error::is_body_too_large`].
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Wraps the whole stack (retry, auth, rate limit, transport) in a layer of your own:
    /// tracing, metrics, caching, a concurrency limit... The first layer given is the
    /// outermost, as in `tower::ServiceBuilder`.
    ///
    /// Token calls (login, refresh, logout) go through the layers too, over the rate-limited
    /// transport without retry. So each layer is applied twice, to two stacks: a layer whose
    /// services keep state of their own (a cache, a concurrency limit built per `layer` call)
    /// has one instance for requests and one for token calls; share state through the layer
    /// (e.g. an `Arc` it clones into both) if they must see each other.
    ///
    /// Any response body will do (tower-http's `TraceLayer` wraps it in its own): it is boxed
    /// into a [`ResponseBody`](crate::ResponseBody) again on the way out.
    ///
    /// ```
    /// use std::time::Duration;
    /// use tower_http::trace::TraceLayer;
    ///
    /// let client = asyncdex::MangadexClient::builder()
    ///     .layer(TraceLayer::new_for_http())
    ///     .layer(tower::timeout::TimeoutLayer::new(Duration::from_secs(60)))
    ///     .build()?;
    /// # drop(client);
    /// # Ok::<(), asyncdex::Error>(())
    /// ```
    pub fn layer<L, B>(mut self, layer: L) -> Self
    where
        L: Layer<HttpService> + Send + Sync + 'static,
        L::Service:
            Service<Request<RequestBody>, Response = Response<B>> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request<RequestBody>>>::Error: Into<BoxError>,
        <L::Service as Service<Request<RequestBody>>>::Future: Send + 'static,
        B: HttpBody<Data = Bytes> + Send + Sync + 'static,
        B::Error: Into<BoxError>,
    {
        self.layers.push(Box::new(move |inner| {
            stack::http_service(layer.layer(inner))
        }));
        self
    }

    /// Replaces the transport (the `session` of AsyncDex, the Python library): any service
    /// from requests with a [`RequestBody`] to responses. The layers still wrap it; the client
    /// never closes it.
    pub fn service<S, B>(mut self, transport: S) -> Self
    where
        S: Service<Request<RequestBody>, Response = Response<B>> + Clone + Send + Sync + 'static,
        S::Error: Into<BoxError>,
        S::Future: Send + 'static,
        B: HttpBody<Data = Bytes> + Send + Sync + 'static,
        B::Error: Into<BoxError>,
    {
        self.transport = Some(stack::http_service(transport));
        self
    }

    /// Reads the settings of AsyncDex (the Python library) from the environment:
    /// `ASYNCDEX_API_URL`, `ASYNCDEX_AUTH_URL`, `ASYNCDEX_REPORT_URL`, `ASYNCDEX_UPLOADS_URL`
    /// (these two are this library's own), `ASYNCDEX_USERNAME` + `ASYNCDEX_PASSWORD`,
    /// `ASYNCDEX_REFRESH_TOKEN`, `ASYNCDEX_CLIENT_ID` + `ASYNCDEX_CLIENT_SECRET`,
    /// `ASYNCDEX_ANONYMOUS`, `ASYNCDEX_SLEEP_ON_RATELIMIT` (`true`/`false`/`1`/`0`) and
    /// `ASYNCDEX_USER_AGENT`. Unset or blank variables keep this builder's values.
    ///
    /// A half-set pair is ignored when the builder is anonymous (its credentials would be
    /// dropped anyway), so that an anonymous program still runs.
    ///
    /// # Errors
    ///
    /// A variable that is not valid UTF-8 (named, never quoted), a username without a
    /// password (or the reverse), a client id without a secret, or a boolean that is not one.
    pub fn read_env(self) -> Result<Self> {
        self.read_vars(|name| std::env::var_os(name))
    }

    pub(crate) fn read_vars(mut self, var_os: impl Fn(&str) -> Option<OsString>) -> Result<Self> {
        // Dropping a value that is not UTF-8 would be worse than failing: a test API URL
        // would fall back to production MangaDex, a password would seem to be missing.
        let var = |name: &str| -> Result<Option<String>> {
            match var_os(name).map(OsString::into_string) {
                None => Ok(None),
                Some(Ok(text)) if text.trim().is_empty() => Ok(None),
                Some(Ok(text)) => Ok(Some(text)),
                Some(Err(_)) => Err(Error::invalid(format!(
                    "{name} is not valid UTF-8: set it to UTF-8 text or unset it"
                ))),
            }
        };
        let flag = |name: &str| -> Result<Option<bool>> {
            match var(name)?.as_deref().map(str::trim) {
                None => Ok(None),
                Some("1" | "true" | "TRUE" | "True" | "yes") => Ok(Some(true)),
                Some("0" | "false" | "FALSE" | "False" | "no") => Ok(Some(false)),
                Some(_) => Err(Error::invalid(format!("{name} must be true or false"))),
            }
        };
        if let Some(anonymous) = flag("ASYNCDEX_ANONYMOUS")? {
            self.anonymous = anonymous;
        }
        if let Some(url) = var("ASYNCDEX_API_URL")? {
            self.api_url = url;
        }
        if let Some(url) = var("ASYNCDEX_AUTH_URL")? {
            self.auth_url = url;
        }
        if let Some(url) = var("ASYNCDEX_REPORT_URL")? {
            self.report_url = url;
        }
        if let Some(url) = var("ASYNCDEX_UPLOADS_URL")? {
            self.uploads_url = url;
        }
        match (var("ASYNCDEX_USERNAME")?, var("ASYNCDEX_PASSWORD")?) {
            (Some(username), Some(password)) => self = self.credentials(username, password),
            (None, None) => {}
            _ if self.anonymous => {}
            _ => {
                return Err(Error::invalid(
                    "ASYNCDEX_USERNAME and ASYNCDEX_PASSWORD go together: set both or neither",
                ));
            }
        }
        if let Some(token) = var("ASYNCDEX_REFRESH_TOKEN")? {
            self = self.refresh_token(token);
        }
        match (var("ASYNCDEX_CLIENT_ID")?, var("ASYNCDEX_CLIENT_SECRET")?) {
            (Some(id), Some(secret)) => self = self.oauth_client(id, secret),
            (None, None) => {}
            _ if self.anonymous => {}
            _ => {
                return Err(Error::invalid(
                    "ASYNCDEX_CLIENT_ID and ASYNCDEX_CLIENT_SECRET go together: set both or neither",
                ));
            }
        }
        if let Some(sleep) = flag("ASYNCDEX_SLEEP_ON_RATELIMIT")? {
            self.sleep_on_ratelimit = sleep;
        }
        if let Some(user_agent) = var("ASYNCDEX_USER_AGENT")? {
            self.user_agent = user_agent;
        }
        Ok(self)
    }

    /// Builds the client and its stack. Needs no runtime.
    ///
    /// # Errors
    ///
    /// [`Error::is_invalid_input`] for an API, auth, report or uploads URL that is not `https://`
    /// (plain `http://` is accepted only on loopback, for tests), or a browser `User-Agent`.
    pub fn build(self) -> Result<MangadexClient> {
        let (api_base, auth_url) = self.urls()?;
        check_report_url(&self.report_url)?;
        let uploads_url = secure_base(&self.uploads_url, "uploads URL")?;
        let loopback = is_loopback(&api_base);
        let api = Api::new(api_base);
        let user_agent = self.user_agent_header()?;
        let auth = self.auth_layer(&api, auth_url);
        let auth_handle = auth.handle();

        let transport = match self.transport {
            Some(transport) => Transport::Custom(transport),
            None => Transport::hyper(loopback, self.connect_timeout, self.proxy.matcher()?)?,
        };
        let mut ratelimit = RateLimitLayer::builder();
        if let Some(pause) = self.slowdown_pause {
            ratelimit = ratelimit.slowdown_pause(pause);
        }
        if let Some((store, on_failure)) = &self.shared_limit {
            ratelimit = ratelimit
                .shared_store(Arc::clone(store))
                .on_store_failure(*on_failure);
        }
        if let Some(margin) = self.startup_margin {
            ratelimit = ratelimit.startup_margin(margin);
        }
        let ratelimit = ratelimit
            .api_base(api.clone())
            .ratelimits(self.ratelimits.unwrap_or_default())
            .sleep_on_ratelimit(self.sleep_on_ratelimit)
            .safety_margin(self.safety_margin.unwrap_or(Duration::from_millis(50)))
            .build();
        let limited = stack::limited(
            transport,
            user_agent,
            self.timeout,
            &ratelimit,
            &auth.stamp_layer(),
        );
        // Token calls go through the user layers too, over a second copy of the limited
        // transport: the retry and session layers are for requests only.
        let user_layers = |base: HttpService| self.layers.iter().rev().fold(base, |s, l| l(s));
        let auth = auth.token_client(user_layers(stack::http_service(limited.clone())));
        let retry = self
            .retry_layer
            .unwrap_or_default()
            .max_retries(self.retries)
            .classifier(HyperClassifier);
        let whole = retry.layer(auth.session_layer().layer(limited));
        // Without user layers the stack keeps its own type: no boxed future inside the
        // client's one, and its answers' bodies are read unboxed (see `Stack`).
        let service = if self.layers.is_empty() {
            Stack::new(whole)
        } else {
            Stack::new(user_layers(stack::http_service(whole)))
        };

        Ok(MangadexClient::from_inner(Arc::new(ClientInner {
            service,
            api,
            report_url: self.report_url,
            uploads_url: uploads_url.to_string().trim_end_matches('/').to_owned(),
            auth: auth_handle,
            ratelimit,
            sleep_on_ratelimit: self.sleep_on_ratelimit,
            max_body_size: self.max_body_size,
        })))
    }

    /// The API and auth URLs, parsed; https only, but for a server on loopback (the password
    /// and the client secret go to the auth URL: never in clear text over a network).
    fn urls(&self) -> Result<(Uri, Uri)> {
        Ok((
            secure_base(&self.api_url, "API URL")?,
            secure_base(&self.auth_url, "auth URL")?,
        ))
    }

    /// The `User-Agent`, unless it pretends to be a browser or cannot be sent.
    fn user_agent_header(&self) -> Result<HeaderValue> {
        if self.user_agent.trim_start().starts_with("Mozilla/") {
            return Err(Error::invalid(
                "MangaDex asks clients not to pretend to be a browser: choose a User-Agent that names your program",
            ));
        }
        if self.user_agent == DEFAULT_USER_AGENT {
            // A static value: the copy each request gets touches no count shared by the cores.
            return Ok(HeaderValue::from_static(DEFAULT_USER_AGENT));
        }
        HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::invalid("the User-Agent must be visible ASCII"))
    }

    /// The auth layer of the chosen flow, holding the credentials and refresh token given
    /// (none when anonymous).
    fn auth_layer(&self, api: &Api, auth_url: Uri) -> AuthLayer {
        let auth = match &self.oauth_client {
            Some((client_id, secret)) => AuthLayer::oauth(
                api.clone(),
                OAuthSource::new(client_id.clone(), secret.clone()).token_url(auth_url),
            ),
            None => AuthLayer::legacy(api.clone()),
        };
        if !self.anonymous {
            let handle = auth.handle();
            if let Some(credentials) = &self.credentials {
                handle.set_credentials(credentials.clone());
            }
            if let Some(token) = &self.refresh_token {
                handle.set_refresh_token(Some(token.clone()));
            }
        }
        auth
    }
}

/// `url` parsed as the base of a service: absolute, `https://` (plain `http://` only on
/// loopback, for a test server), without a user name or password; `what` names it in errors.
pub(crate) fn secure_base(url: &str, what: &str) -> Result<Uri> {
    let uri = parse_base(url, what)?;
    if uri.scheme_str() != Some("https") && !is_loopback(&uri) {
        return Err(Error::invalid(format!(
            "the {what} must be https:// (plain http is only for a loopback test server): {uri}"
        )));
    }
    Ok(uri)
}

fn parse_base(url: &str, what: &str) -> Result<Uri> {
    let uri: Uri = url
        .trim_end_matches('/')
        .parse()
        .map_err(|_| Error::invalid(format!("the {what} is not a URL: {:?}", redact(url))))?;
    // `user:password@` would go out in every error message that names the URL, and the API
    // takes no credentials that way anyway.
    if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
        return Err(Error::invalid(format!(
            "the {what} must not hold a user name or password (`user:password@`): {}; \
             credentials go in ASYNCDEX_USERNAME and ASYNCDEX_PASSWORD",
            redact(url)
        )));
    }
    match (uri.scheme_str(), uri.host()) {
        (Some("https" | "http"), Some(_)) => Ok(uri),
        _ => Err(Error::invalid(format!(
            "the {what} must be absolute (https://host/path): {:?}",
            redact(url)
        ))),
    }
}

/// A URL as it may be shown in a message: any `user:password@` replaced by `***@`, and cut to
/// 200 characters.
impl Proxy {
    /// The proxies to use, by destination.
    fn matcher(&self) -> Result<Matcher> {
        match self {
            Self::FromEnv => Ok(Matcher::from_env()),
            Self::Direct => Ok(Matcher::builder().build()),
            Self::To(url) => {
                let uri: Option<Uri> = url.expose().parse().ok();
                match uri.as_ref().and_then(Uri::scheme_str) {
                    Some("http" | "socks5" | "socks5h") => {
                        Ok(Matcher::builder().all(url.expose().to_owned()).build())
                    }
                    _ => Err(Error::invalid(format!(
                        "the proxy must be an http://, socks5:// or socks5h:// URL: {:?}",
                        redact(url.expose())
                    ))),
                }
            }
        }
    }
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::FromEnv => f.write_str("from the environment"),
            Self::Direct => f.write_str("none"),
            Self::To(url) => f.write_str(&redact(url.expose())),
        }
    }
}

pub(crate) fn redact(url: &str) -> String {
    let start = url.find("://").map_or(0, |at| at + 3);
    let rest = &url[start..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let shown = match rest[..end].rfind('@') {
        Some(at) => format!("{}***@{}", &url[..start], &rest[at + 1..]),
        None => url.to_owned(),
    };
    match shown.char_indices().nth(200) {
        Some((at, _)) => format!("{}…", &shown[..at]),
        None => shown,
    }
}

/// Whether `uri` names this machine: `localhost` in any case and with or without the final
/// dot of a fully qualified name, or a loopback address.
pub(crate) fn is_loopback(uri: &Uri) -> bool {
    match uri.host() {
        Some(host) if host.trim_end_matches('.').eq_ignore_ascii_case("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_url", &self.api_url)
            .field("auth_url", &self.auth_url)
            .field("report_url", &self.report_url)
            .field("uploads_url", &self.uploads_url)
            .field("credentials", &self.credentials)
            .field("refresh_token", &self.refresh_token)
            .field("oauth_client", &self.oauth_client)
            .field("anonymous", &self.anonymous)
            .field("sleep_on_ratelimit", &self.sleep_on_ratelimit)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("retries", &self.retries)
            .field("layers", &self.layers.len())
            .field("custom_transport", &self.transport.is_some())
            .field("proxy", &self.proxy)
            .field("shared_limit", &self.shared_limit)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| OsString::from(*value))
        }
    }

    #[test]
    fn environment_sets_the_asyncdex_options() {
        let builder = ClientBuilder::default()
            .read_vars(vars(&[
                ("ASYNCDEX_API_URL", "http://127.0.0.1:9/"),
                ("ASYNCDEX_REPORT_URL", "http://127.0.0.1:10/report"),
                ("ASYNCDEX_UPLOADS_URL", "http://127.0.0.1:11/"),
                ("ASYNCDEX_USERNAME", "reader"),
                ("ASYNCDEX_PASSWORD", "hunter2-hunter2"),
                ("ASYNCDEX_REFRESH_TOKEN", "refresh-me"),
                ("ASYNCDEX_CLIENT_ID", "personal-client"),
                ("ASYNCDEX_CLIENT_SECRET", "client-secret-value"),
                ("ASYNCDEX_SLEEP_ON_RATELIMIT", "false"),
                ("ASYNCDEX_USER_AGENT", "my-tracker/1.0"),
            ]))
            .unwrap();
        assert_eq!(builder.api_url, "http://127.0.0.1:9/");
        assert_eq!(builder.credentials.as_ref().unwrap().login(), "reader");
        assert_eq!(
            builder.refresh_token.as_ref().unwrap().expose(),
            "refresh-me"
        );
        assert_eq!(builder.oauth_client.as_ref().unwrap().0, "personal-client");
        assert!(!builder.sleep_on_ratelimit);
        assert_eq!(builder.user_agent, "my-tracker/1.0");
        let debug = format!("{builder:?}");
        for secret in ["hunter2-hunter2", "refresh-me", "client-secret-value"] {
            assert!(!debug.contains(secret), "{debug}");
        }
        let client = builder.build().unwrap();
        assert_eq!(client.api_base(), "http://127.0.0.1:9");
        assert_eq!(client.report_url(), "http://127.0.0.1:10/report");
        assert_eq!(client.uploads_url(), "http://127.0.0.1:11");
        assert_eq!(client.username().as_deref(), Some("reader"));
        assert!(!client.sleep_on_ratelimit());
        assert!(!client.anonymous_mode());
    }

    #[test]
    fn environment_pairs_go_together_and_flags_are_checked() {
        for pairs in [
            &[("ASYNCDEX_USERNAME", "reader")][..],
            &[("ASYNCDEX_PASSWORD", "secret-secret")][..],
            &[("ASYNCDEX_CLIENT_ID", "id")][..],
            &[("ASYNCDEX_ANONYMOUS", "maybe")][..],
        ] {
            let pairs: &'static [(&'static str, &'static str)] = pairs;
            let error = ClientBuilder::default().read_vars(vars(pairs)).unwrap_err();
            assert!(error.is_invalid_input(), "{pairs:?}");
        }
        let anonymous = ClientBuilder::default()
            .read_vars(vars(&[
                ("ASYNCDEX_USERNAME", "reader"),
                ("ASYNCDEX_PASSWORD", "hunter2-hunter2"),
                ("ASYNCDEX_ANONYMOUS", "1"),
            ]))
            .unwrap()
            .build()
            .unwrap();
        assert!(anonymous.anonymous_mode());
        assert_eq!(anonymous.username(), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_variable_that_is_not_utf8_is_named() {
        use std::os::unix::ffi::OsStringExt;
        for name in [
            "ASYNCDEX_API_URL",
            "ASYNCDEX_PASSWORD",
            "ASYNCDEX_ANONYMOUS",
        ] {
            let error = ClientBuilder::default()
                .read_vars(|var| match var {
                    _ if var == name => Some(OsString::from_vec(b"caf\xe9-hunter2".to_vec())),
                    "ASYNCDEX_USERNAME" => Some(OsString::from("reader")),
                    _ => None,
                })
                .unwrap_err();
            let message = error.to_string();
            assert!(error.is_invalid_input(), "{name}");
            assert!(message.contains(name), "{message}");
            assert!(message.contains("not valid UTF-8"), "{message}");
            assert!(!message.contains("hunter2"), "never quoted: {message}");
        }
    }

    #[test]
    fn blank_variables_count_as_unset() {
        let builder = ClientBuilder::default()
            .read_vars(vars(&[
                ("ASYNCDEX_USERNAME", ""),
                ("ASYNCDEX_PASSWORD", "  "),
                ("ASYNCDEX_API_URL", ""),
            ]))
            .unwrap();
        assert!(builder.credentials.is_none());
        assert_eq!(builder.api_url, DEFAULT_API_URL);
    }

    #[test]
    fn half_set_pairs_do_not_break_an_anonymous_builder() {
        let builder = ClientBuilder::default()
            .anonymous(true)
            .read_vars(vars(&[
                ("ASYNCDEX_USERNAME", "reader"),
                ("ASYNCDEX_CLIENT_SECRET", "client-secret-value"),
            ]))
            .unwrap();
        assert!(builder.credentials.is_none() && builder.oauth_client.is_none());
        let error = ClientBuilder::default()
            .read_vars(vars(&[("ASYNCDEX_USERNAME", "reader")]))
            .unwrap_err();
        assert!(error.to_string().contains("set both or neither"), "{error}");
    }

    #[test]
    fn localhost_in_any_spelling_is_loopback() {
        for url in [
            "http://localhost:9",
            "http://LOCALHOST:9",
            "http://localhost.:9",
            "http://LocalHost.",
            "http://127.0.0.1",
            "http://[::1]:9",
        ] {
            assert!(is_loopback(&url.parse().unwrap()), "{url}");
            MangadexClient::builder().api_url(url).build().unwrap();
        }
        for url in [
            "http://localhost.example.org",
            "http://10.0.0.1",
            "http://mangadex.org",
        ] {
            assert!(!is_loopback(&url.parse().unwrap()), "{url}");
        }
    }

    #[test]
    fn userinfo_in_a_url_is_refused_and_never_shown() {
        for url in [
            "http://user:hunter2@127.0.0.1:9",
            "https://hunter2@api.example.org/api",
            "http://user:hunter2@",
            "user:hunter2@host:9",
        ] {
            let message = MangadexClient::builder()
                .api_url(url)
                .build()
                .unwrap_err()
                .to_string();
            assert!(!message.contains("hunter2"), "{message}");
        }
        let message = MangadexClient::builder()
            .auth_url("https://id:hunter2@auth.example.org/token")
            .build()
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("must not hold a user name or password"),
            "{message}"
        );
        assert!(
            message.contains("https://***@auth.example.org/token"),
            "{message}"
        );
        assert_eq!(redact("https://a@b@c/d@e"), "https://***@c/d@e");
        assert_eq!(
            redact("https://api.mangadex.org/x"),
            "https://api.mangadex.org/x"
        );
    }

    #[test]
    fn report_and_uploads_urls_are_checked_at_build() {
        let client = MangadexClient::new().unwrap();
        assert_eq!(client.report_url(), DEFAULT_REPORT_URL);
        assert_eq!(client.uploads_url(), DEFAULT_UPLOADS_URL);
        let report = MangadexClient::builder()
            .report_url("http://reports.example.org/report")
            .build()
            .unwrap_err();
        assert!(
            report.to_string().contains("report URL must be https"),
            "{report}"
        );
        let uploads = MangadexClient::builder()
            .uploads_url("http://uploads.example.org")
            .build()
            .unwrap_err();
        assert!(
            uploads.to_string().contains("uploads URL must be https"),
            "{uploads}"
        );
    }

    #[test]
    fn building_needs_no_runtime() {
        let client = MangadexClient::builder()
            .credentials("reader", "hunter2-hunter2")
            .build()
            .unwrap();
        assert_eq!(client.api_base(), DEFAULT_API_URL);
        assert!(!format!("{client:?}").contains("hunter2"));
    }
}
