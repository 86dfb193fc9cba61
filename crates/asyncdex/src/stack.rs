//! The default middleware stack, and the type-erased service it is stored as.

use std::time::Duration;

use asyncdex_tower::auth::{Stamp, StampLayer};
use asyncdex_tower::ratelimit::{RateLimit, RateLimitLayer};
use bytes::Bytes;
use http::header::{HeaderValue, USER_AGENT};
use http::{Request, Response};
use http_body::Body as HttpBody;
use http_body_util::{BodyExt, Full, combinators::BoxBody};
use tower::util::BoxCloneSyncService;
use tower::{BoxError, Service, ServiceBuilder, ServiceExt};
#[cfg(feature = "gzip")]
use tower_http::decompression::{Decompression, DecompressionLayer};
use tower_http::set_header::{SetRequestHeader, SetRequestHeaderLayer};

use crate::deadline::{Deadline, DeadlineLayer};
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
        .map_response(|response: Response<B>| response.map(|body| body.map_err(Into::into).boxed()))
        .map_err(Into::into);
    BoxCloneSyncService::new(service)
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
