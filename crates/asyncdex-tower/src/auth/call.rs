//! Sending through a service, for token calls and for the requests themselves.

use std::future::poll_fn;

use bytes::Bytes;
use http::{Request, Response};
use http_body::Body;
use http_body_util::{BodyExt, Limited};
use tower::{BoxError, Service};

/// The most of a token answer (or of a 401 body) that is read.
pub(crate) const MAX_BODY: usize = 64 * 1024;

/// Waits for readiness, then calls: the service may be a clone that was never polled.
pub(crate) async fn send<S, B, RB>(
    service: &mut S,
    request: Request<B>,
) -> Result<Response<RB>, BoxError>
where
    S: Service<Request<B>, Response = Response<RB>>,
    S::Error: Into<BoxError>,
{
    poll_fn(|cx| service.poll_ready(cx))
        .await
        .map_err(Into::into)?;
    service.call(request).await.map_err(Into::into)
}

/// Reads at most [`MAX_BODY`] bytes of a body; more is an error.
pub(crate) async fn collect<RB>(body: RB) -> Result<Bytes, BoxError>
where
    RB: Body,
    RB::Error: Into<BoxError>,
{
    Ok(Limited::new(body, MAX_BODY).collect().await?.to_bytes())
}

/// Sends a token call (built by a token source) and reads its answer.
pub(crate) async fn token_call<S, B, RB>(
    service: &mut S,
    request: Request<Bytes>,
) -> Result<(http::StatusCode, Bytes), BoxError>
where
    S: Service<Request<B>, Response = Response<RB>>,
    S::Error: Into<BoxError>,
    B: From<Bytes>,
    RB: Body,
    RB::Error: Into<BoxError>,
{
    let response = send(service, request.map(B::from)).await?;
    let status = response.status();
    Ok((status, collect(response.into_body()).await?))
}
