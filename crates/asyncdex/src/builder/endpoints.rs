//! The URLs a client talks to: the API, the OAuth2 token endpoint, MD@Home reports and the
//! uploads host.

use http::Uri;

use super::{ClientBuilder, secure_base};
use crate::error::Result;

impl ClientBuilder {
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

    /// Where MD@Home reports of this client's downloads go (default
    /// [`DEFAULT_REPORT_URL`](crate::report_url::DEFAULT_REPORT_URL)): the default of
    /// `ChapterDownload::report_url` and `PlanDownload::report_url` (the `download` feature). It
    /// must pass the report URL check (https, or http on loopback), or [`build`](Self::build)
    /// fails.
    pub fn report_url(mut self, url: impl Into<String>) -> Self {
        self.report_url = url.into();
        self
    }

    /// The uploads host, where covers are fetched from (default
    /// [`DEFAULT_UPLOADS_URL`](super::DEFAULT_UPLOADS_URL); covers are under its `/covers/`): the
    /// default of `PlanDownload::uploads_url` (the `download` feature). https, or http on loopback.
    pub fn uploads_url(mut self, url: impl Into<String>) -> Self {
        self.uploads_url = url.into();
        self
    }

    /// The API and auth URLs, parsed; https only, but for a server on loopback (the password
    /// and the client secret go to the auth URL: never in clear text over a network).
    pub(super) fn urls(&self) -> Result<(Uri, Uri)> {
        Ok((
            secure_base(&self.api_url, "API URL")?,
            secure_base(&self.auth_url, "auth URL")?,
        ))
    }
}
