//! [`MangadexClient`]: the client a user holds.

use std::fmt;
use std::sync::Arc;

use asyncdex_tower::Api;
use asyncdex_tower::auth::{AuthHandle, Credentials, Secret};
use asyncdex_tower::ratelimit::{RateLimitLayer, Ratelimits};
use http::{Method, Uri};

use crate::builder::ClientBuilder;
use crate::error::{Error, Result};
use crate::request::RequestBuilder;
use crate::stack::Stack;

/// An async MangaDex client: the default tower stack (retry, auth, rate limit) around a
/// hyper client, and the API of AsyncDex (the Python library) on top.
///
/// Cheap to clone: clones share the stack, so they share its rate limits, tokens and retry
/// budget. Building one needs no runtime.
///
/// ```no_run
/// use asyncdex::MangadexClient;
/// use http::Method;
///
/// # async fn run() -> asyncdex::Result<()> {
/// let client = MangadexClient::builder()
///     .credentials("username", "password") // both or neither, by construction
///     .build()?;
/// let page: serde_json::Value = client
///     .request(Method::GET, "/manga")
///     .param("title", "Frieren")
///     .params("includes", ["author", "cover_art"])
///     .order("followedCount", "desc")
///     .send_json()
///     .await?;
/// println!("{} results", page["total"]);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct MangadexClient {
    inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    pub(crate) service: Stack,
    pub(crate) api: Api,
    pub(crate) report_url: String,
    pub(crate) uploads_url: String,
    pub(crate) auth: AuthHandle,
    pub(crate) ratelimit: RateLimitLayer,
    pub(crate) sleep_on_ratelimit: bool,
    pub(crate) max_body_size: usize,
}

impl MangadexClient {
    /// A builder with every default: anonymous, `https://api.mangadex.org`, waiting on rate
    /// limits.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// An anonymous client with every default.
    ///
    /// # Errors
    ///
    /// Only if the TLS configuration cannot be built, which does not happen with the
    /// bundled provider.
    pub fn new() -> Result<Self> {
        Self::builder().build()
    }

    /// A client configured from the environment (AsyncDex's `from_environment_variables`);
    /// see [`ClientBuilder::read_env`].
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::read_env`] and [`ClientBuilder::build`].
    pub fn from_env() -> Result<Self> {
        Self::builder().read_env()?.build()
    }

    pub(crate) fn from_inner(inner: Arc<ClientInner>) -> Self {
        Self { inner }
    }

    pub(crate) fn inner(&self) -> &ClientInner {
        &self.inner
    }

    /// Starts a request to `url`: relative to [`api_base`](Self::api_base) (`/manga`), or
    /// absolute (`https://...`).
    pub fn request(&self, method: Method, url: impl AsRef<str>) -> RequestBuilder {
        RequestBuilder::new(self.clone(), method, url.as_ref())
    }

    /// The API's base URL, without a trailing slash.
    pub fn api_base(&self) -> &str {
        self.inner.api.url()
    }

    /// The API's base URL, parsed.
    pub fn api_base_uri(&self) -> &Uri {
        self.inner.api.base()
    }

    /// The API's origin and path prefix, as the rate limiter and the auth layer see it.
    pub fn api(&self) -> &Api {
        &self.inner.api
    }

    /// Where this client's downloads send MD@Home reports by default
    /// ([`ClientBuilder::report_url`]).
    pub fn report_url(&self) -> &str {
        &self.inner.report_url
    }

    /// The uploads host covers are fetched from, without a trailing slash
    /// ([`ClientBuilder::uploads_url`]).
    pub fn uploads_url(&self) -> &str {
        &self.inner.uploads_url
    }

    /// True when requests go out without a token: no credentials, no refresh token, no
    /// session (AsyncDex's rule; see [`ClientBuilder::anonymous`]).
    pub fn anonymous_mode(&self) -> bool {
        self.inner.auth.anonymous_mode()
    }

    /// The stored username, if any.
    pub fn username(&self) -> Option<String> {
        self.inner.auth.username()
    }

    /// The current refresh token (e.g. to save for the next run). Its `Debug` is redacted;
    /// [`Secret::expose`] gives the value.
    pub fn refresh_token(&self) -> Option<Secret> {
        self.inner.auth.refresh_token()
    }

    /// The current session token; `None` when there is none or it is due for a refresh.
    pub fn session_token(&self) -> Option<Secret> {
        self.inner.auth.session_token()
    }

    /// The rate limits and their live state.
    pub fn ratelimits(&self) -> &Ratelimits {
        self.inner.ratelimit.ratelimits()
    }

    /// Whether the client waits on a rate limit (`true`) or fails at once.
    pub fn sleep_on_ratelimit(&self) -> bool {
        self.inner.sleep_on_ratelimit
    }

    /// The auth layer's handle, for anything the methods here do not cover.
    pub fn auth(&self) -> &AuthHandle {
        &self.inner.auth
    }

    /// Logs in and stores the session and refresh tokens.
    ///
    /// `Some` credentials (a username or an e-mail address, with its password) replace the
    /// stored ones; `None` logs in with the stored ones.
    ///
    /// ```no_run
    /// use asyncdex::{Credentials, MangadexClient};
    /// # async fn run(client: MangadexClient) -> asyncdex::Result<()> {
    /// client.login(Some(Credentials::email("me@example.org", "password"))).await?;
    /// client.login(None).await?; // again, with what is stored
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::is_unauthorized`] without any network call when there are no credentials at
    /// all, and with the server's title and detail when it refuses them: they are kept (a
    /// later `login(None)` asks the server again), but every call of the client fails the same
    /// way, without a token call, until a login succeeds or [`logout`](Self::logout) makes it
    /// anonymous. [`Error::is_auth`] when the call fails for a passing reason (a 5xx, the
    /// network): the next call tries again.
    pub async fn login(&self, credentials: Option<Credentials>) -> Result<()> {
        self.inner
            .auth
            .login(credentials)
            .await
            .map_err(|error| Error::from_stack(error, "/auth/login"))
    }

    /// Ends the session: calls the logout route when the flow has one, forgets the
    /// credentials and tokens, and leaves the client anonymous.
    ///
    /// # Errors
    ///
    /// When the logout call fails; everything is forgotten all the same.
    pub async fn logout(&self) -> Result<()> {
        self.inner
            .auth
            .logout()
            .await
            .map_err(|error| Error::from_stack(error, "/auth/logout"))
    }

    /// Gets a fresh session token now: refreshes with the refresh token (storing the rotated
    /// one), or logs in when there is none.
    ///
    /// # Errors
    ///
    /// [`Error::is_unauthorized`] in anonymous mode and after the server refused the
    /// credentials (see [`login`](Self::login)); [`Error::is_auth`] when the token call fails.
    pub async fn get_session_token(&self) -> Result<Secret> {
        self.inner
            .auth
            .get_session_token()
            .await
            .map_err(|error| Error::from_stack(error, "/auth/refresh"))
    }
}

impl fmt::Debug for MangadexClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MangadexClient")
            .field("api_base", &self.inner.api.url())
            .field("anonymous_mode", &self.anonymous_mode())
            .field("username", &self.username())
            .field("sleep_on_ratelimit", &self.inner.sleep_on_ratelimit)
            .finish_non_exhaustive()
    }
}
