//! Services of your own: layers around the whole stack and a replacement transport.

use bytes::Bytes;
use http::{Request, Response};
use http_body::Body as HttpBody;
use tower::{BoxError, Layer, Service};

use super::ClientBuilder;
use crate::stack::{self, HttpService, RequestBody};

impl ClientBuilder {
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
}
