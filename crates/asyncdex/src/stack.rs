//! The default middleware stack, and the type-erased service it is stored as.

use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderValue, USER_AGENT};
use http::{Request, Response};
use http_body::Body as HttpBody;
use http_body_util::{BodyExt, Full, combinators::BoxBody};
use tower::util::BoxCloneSyncService;
use tower::{BoxError, Service, ServiceBuilder, ServiceExt};
use tower_http::decompression::DecompressionLayer;
use tower_http::set_header::SetRequestHeaderLayer;

/// The body of a request: whole bytes, so the retry and auth layers can replay it exactly.
pub type RequestBody = Full<Bytes>;

/// The body of a response as it travels through the stack.
pub type ResponseBody = BoxBody<Bytes, BoxError>;

/// The stack (or any part of it) as one cloneable, type-erased service. User layers given to
/// [`ClientBuilder::layer`](crate::ClientBuilder::layer) wrap a `HttpService` and a transport
/// given to [`ClientBuilder::service`](crate::ClientBuilder::service) becomes one.
pub type HttpService = BoxCloneSyncService<Request<RequestBody>, Response<ResponseBody>, BoxError>;

/// Erases a service's types into a [`HttpService`].
pub(crate) fn boxed<S, B>(service: S) -> HttpService
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

/// What goes right around the transport, for every attempt: a `User-Agent` unless the
/// request has one, gzip decompression, and the per-attempt timeout.
pub(crate) fn around_transport(
    transport: HttpService,
    user_agent: HeaderValue,
    timeout: Duration,
) -> HttpService {
    let service = ServiceBuilder::new()
        .layer(tower::timeout::TimeoutLayer::new(timeout))
        .layer(SetRequestHeaderLayer::if_not_present(
            USER_AGENT, user_agent,
        ))
        .layer(DecompressionLayer::new())
        .service(transport);
    boxed(service)
}

/// A user layer, applied to the stack (and boxed again) when the client is built.
pub(crate) type UserLayer = Box<dyn Fn(HttpService) -> HttpService + Send + Sync>;
