//! Sending: the request built into an `http` one, through the client's stack, and its answer.

use asyncdex_tower::auth::WithAuth;
use asyncdex_tower::retry::{Idempotent, Retries};
use bytes::Bytes;
use http::Request;
use http::uri::PathAndQuery;
use http_body_util::Full;
use serde::de::DeserializeOwned;

use super::RequestBuilder;
use crate::client::MangadexClient;
use crate::error::{Error, Result};
use crate::response::ApiResponse;

impl RequestBuilder {
    /// Sends the request; an answer with a success status comes back with its whole body,
    /// any other as a typed [`Error`].
    ///
    /// # Errors
    ///
    /// [`Error::is_invalid_input`] before sending anything; [`Error::is_http`],
    /// [`Error::is_unauthorized`], [`Error::is_captcha`] or [`Error::is_ratelimit`] for error
    /// statuses; [`Error::is_transport`], [`Error::is_timeout`], [`Error::is_body_too_large`].
    pub async fn send(self) -> Result<ApiResponse> {
        let (request, path_and_query, client) = self.into_http()?;
        // The per-attempt timeout covers the body too (a whole timeout after the head), so a
        // body that trickles or stops fails as `Error::is_timeout` instead of hanging.
        let limit = client.inner().max_body_size;
        let (parts, body) = client
            .inner()
            .service
            .read(request, limit, path_and_query.clone())
            .await?;
        let path = path_and_query.path();
        if !parts.status.is_success() {
            return Err(Error::from_status(
                path,
                parts.status,
                &parts.headers,
                &parts.extensions,
                &body,
            ));
        }
        Ok(ApiResponse::new(path_and_query, parts, body))
    }

    /// Sends the request and decodes the JSON answer.
    ///
    /// # Errors
    ///
    /// As [`send`](Self::send), and [`Error::is_decode`] when the body is not a `T`.
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T> {
        self.send().await?.json()
    }

    /// The request, its path and query (for errors), and the client it goes through: handed
    /// back rather than cloned, a reference count fewer for both cores to write.
    pub(super) fn into_http(self) -> Result<(Request<Full<Bytes>>, PathAndQuery, MangadexClient)> {
        self.problem.check()?;
        let target = self.target.map_err(Error::invalid)?;
        let (uri, path) = target.into_uri(self.client.api_base_uri())?;
        let mut request = Request::new(Full::new(self.body.unwrap_or_default()));
        *request.method_mut() = self.method;
        *request.uri_mut() = uri;
        *request.headers_mut() = self.headers;
        let extensions = request.extensions_mut();
        if let Some(with_auth) = self.with_auth {
            extensions.insert(WithAuth(with_auth));
        }
        if let Some(retries) = self.retries {
            extensions.insert(Retries(retries));
        }
        if self.idempotent {
            extensions.insert(Idempotent);
        }
        if let Some(route) = self.route {
            extensions.insert(route);
        }
        Ok((request, path, self.client))
    }
}
