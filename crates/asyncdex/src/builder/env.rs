//! Options read from the environment (`ASYNCDEX_*`, as AsyncDex, the Python library, reads them).

use std::ffi::OsString;

use super::ClientBuilder;
use crate::error::{Error, Result};

impl ClientBuilder {
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
}
