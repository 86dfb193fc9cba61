//! The default middleware stack, and the type-erased service it is stored as.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use asyncdex_tower::auth::{Stamp, StampLayer};
use asyncdex_tower::ratelimit::{RateLimit, RateLimitLayer};
use bytes::Bytes;
use http::header::{HeaderValue, USER_AGENT};
use http::response::Parts;
use http::uri::PathAndQuery;
use http::{Request, Response};
use http_body::Body as HttpBody;
use http_body_util::{BodyExt, Full, combinators::BoxBody};
use tower::util::BoxCloneSyncService;
use tower::{BoxError, Service, ServiceBuilder, ServiceExt};
#[cfg(feature = "gzip")]
use tower_http::decompression::{Decompression, DecompressionLayer};
use tower_http::set_header::{SetRequestHeader, SetRequestHeaderLayer};

use crate::deadline::{Deadline, DeadlineLayer};
use crate::request::read_body;
use crate::transport::Transport;

/// The body of a request: whole bytes, so the retry and auth layers can replay it exactly.
pub type RequestBody = Full<Bytes>;

/// The body of a response as it travels through the stack.
pub type ResponseBody = BoxBody<Bytes, BoxError>;

/// The stack (or any part of it) as one cloneable, type-erased service. User layers given to
/// [`ClientBuilder::layer`](crate::ClientBuilder::layer) wrap a `HttpService` and a transport
/// given to [`ClientBuilder::service`](crate::ClientBuilder::service) becomes one.
pub type HttpService = BoxCloneSyncService<Request<RequestBody>, Response<ResponseBody>, BoxError>;

/// Erases a service's types into a [`HttpService`]: its errors into [`BoxError`] and its
/// response bodies into a [`ResponseBody`]. That is what [`ClientBuilder::service`] and
/// [`ClientBuilder::layer`] do to what they are given; use it to hand a whole stack of your
/// own around.
///
/// [`ClientBuilder::service`]: crate::ClientBuilder::service
/// [`ClientBuilder::layer`]: crate::ClientBuilder::layer
///
/// # Example
///
/// ```
/// use asyncdex::{HttpService, RequestBody, http_service};
/// use bytes::Bytes;
/// use http::{Request, Response};
/// use http_body_util::Full;
///
/// // A transport that answers every request itself, e.g. in a test.
/// let canned = tower::service_fn(|_: Request<RequestBody>| async {
///     Ok::<_, std::convert::Infallible>(Response::new(Full::new(Bytes::from_static(b"{}"))))
/// });
/// let service: HttpService = http_service(canned);
/// # drop(service);
/// ```
pub fn http_service<S, B>(service: S) -> HttpService
where
    S: Service<Request<RequestBody>, Response = Response<B>> + Clone + Send + Sync + 'static,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
    B: HttpBody<Data = Bytes> + Send + Sync + 'static,
    B::Error: Into<BoxError>,
{
    let service = service
        .map_response(|response: Response<B>| response.map(into_response_body))
        .map_err(Into::into);
    BoxCloneSyncService::new(service)
}

/// A body as a [`ResponseBody`].
fn into_response_body<B>(body: B) -> ResponseBody
where
    B: HttpBody<Data = Bytes> + Send + Sync + 'static,
    B::Error: Into<BoxError>,
{
    body.map_err(Into::into).boxed()
}

/// The future of a request sent through a [`Stack`], its body still to read.
pub(crate) type StackFuture =
    Pin<Box<dyn Future<Output = Result<Response<ResponseBody>, BoxError>> + Send>>;

/// The future of a request sent through a [`Stack`] and its body read whole.
pub(crate) type ReadFuture = Pin<Box<dyn Future<Output = crate::Result<(Parts, Bytes)>> + Send>>;

/// The whole stack as the client keeps it, erased at "send this request".
///
/// Every request goes through its own clone of the stack (`Service::call` takes `&mut self`
/// and needs its own readiness). A clone of the concrete stack is a few reference counts,
/// where a clone of a [`HttpService`] allocates its box again; so the stack is kept concrete
/// behind one `Arc`, and only user layers (which take and give a `HttpService`) make it a
/// boxed service. For the same reason [`read`](Self::read) reads the body inside the one
/// boxed future, in its concrete type, instead of boxing the body too.
#[derive(Clone)]
pub(crate) struct Stack(Arc<dyn SendRequest>);

impl Stack {
    /// Keeps `service` (the whole stack) as it is.
    pub(crate) fn new<S: SendRequest + 'static>(service: S) -> Self {
        Self(Arc::new(service))
    }

    /// Sends `request`; the answer's body streams (a download counts its bytes as they come).
    pub(crate) fn send(&self, request: Request<RequestBody>) -> StackFuture {
        self.0.send(request)
    }

    /// Sends `request` and reads the whole body (at most `limit` bytes); `path` names the
    /// request in errors.
    pub(crate) fn read(
        &self,
        request: Request<RequestBody>,
        limit: usize,
        path: PathAndQuery,
    ) -> ReadFuture {
        self.0.read(request, limit, path)
    }
}

/// A service sent one request at a time through a clone of itself: any service
/// [`http_service`] takes.
pub(crate) trait SendRequest: Send + Sync {
    fn send(&self, request: Request<RequestBody>) -> StackFuture;
    fn read(&self, request: Request<RequestBody>, limit: usize, path: PathAndQuery) -> ReadFuture;
}

impl<S, B> SendRequest for S
where
    S: Service<Request<RequestBody>, Response = Response<B>> + Clone + Send + Sync + 'static,
    S::Error: Into<BoxError>,
    S::Future: Send + 'static,
    B: HttpBody<Data = Bytes> + Send + Sync + 'static,
    B::Error: Into<BoxError>,
{
    fn send(&self, request: Request<RequestBody>) -> StackFuture {
        let service = self.clone();
        Box::pin(async move {
            let response = service.oneshot(request).await.map_err(Into::into)?;
            Ok(response.map(into_response_body))
        })
    }

    fn read(&self, request: Request<RequestBody>, limit: usize, path: PathAndQuery) -> ReadFuture {
        let service = self.clone();
        Box::pin(async move {
            let response = service
                .oneshot(request)
                .await
                .map_err(|error| crate::Error::from_stack(error.into(), path.path()))?;
            let (parts, body) = response.into_parts();
            let body = read_body(body, limit, path.path(), &mut 0).await?;
            Ok((parts, body))
        })
    }
}

/// What goes right around the transport, for every attempt: the session token (stamped
/// as the request leaves, after any wait in the limiter), a `User-Agent` unless the request
/// has one, gzip decompression, and the per-attempt timeout (head, then body).
pub(crate) type AroundTransport = Deadline<SetRequestHeader<Decompressed, HeaderValue>>;

/// The transport with the session token stamped, and answers decompressed when the `gzip`
/// feature is on.
#[cfg(feature = "gzip")]
type Decompressed = Decompression<Stamp<Transport>>;
#[cfg(not(feature = "gzip"))]
type Decompressed = Stamp<Transport>;

/// gzip decompression (and the `Accept-Encoding` that asks for it), with the `gzip` feature.
#[cfg(feature = "gzip")]
fn decompression() -> DecompressionLayer {
    DecompressionLayer::new()
}

#[cfg(not(feature = "gzip"))]
fn decompression() -> tower::layer::util::Identity {
    tower::layer::util::Identity::new()
}

/// The rate-limited transport: what the auth session layer wraps, and what token calls go
/// through (under the user layers).
///
/// It stays a concrete type, not a boxed one: the retry and auth layers clone their inner
/// service for every request, and a clone of this is a few reference counts where a boxed
/// service would also allocate, once per box, every time.
pub(crate) type Limited = RateLimit<AroundTransport>;

/// Builds [`Limited`] around `transport`.
pub(crate) fn limited(
    transport: Transport,
    user_agent: HeaderValue,
    timeout: Duration,
    ratelimit: &RateLimitLayer,
    stamp: &StampLayer,
) -> Limited {
    ServiceBuilder::new()
        .layer(ratelimit)
        .layer(DeadlineLayer::new(timeout))
        .layer(SetRequestHeaderLayer::if_not_present(
            USER_AGENT, user_agent,
        ))
        .layer(decompression())
        .layer(stamp)
        .service(transport)
}

/// A user layer, applied (and boxed again) when the client is built: once to the stack, once
/// to the token client.
pub(crate) type UserLayer = Box<dyn Fn(HttpService) -> HttpService + Send + Sync>;
