//! The default middleware stack, and the type-erased service it is stored as.

use std::future::Future;
use std::future::{Ready, ready};
use std::pin::Pin;
use std::sync::{Arc, Mutex, TryLockError};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use asyncdex_tower::auth::{Stamp, StampLayer};
use asyncdex_tower::ratelimit::{RateLimit, RateLimitLayer};
use bytes::Bytes;
use futures_util::FutureExt;
use futures_util::future::Either;
use http::header::{HeaderValue, USER_AGENT};
use http::response::Parts;
use http::uri::PathAndQuery;
use http::{Request, Response};
use http_body::Body as HttpBody;
use http_body_util::{BodyExt, Full, combinators::BoxBody};
use tower::util::{BoxCloneSyncService, Oneshot};
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
#[cfg(feature = "download")]
pub(crate) type StackFuture =
    Pin<Box<dyn Future<Output = Result<Response<ResponseBody>, BoxError>> + Send>>;

/// The future of a request sent through a [`Stack`] and its body read whole.
pub(crate) type ReadFuture = Pin<Box<dyn Future<Output = crate::Result<(Parts, Bytes)>> + Send>>;

/// The whole stack as the client keeps it, erased at "send this request".
///
/// The stack is kept as one instance of its concrete type, behind a mutex held only to call
/// it: when it is ready at once (the default stack always is), a request is sent through it
/// without a clone. A clone of the stack copies every layer's shared state (reference counts
/// that both cores write, request after request), and a clone of a [`HttpService`] also
/// allocates its box again. A request that finds the mutex held (another worker is calling
/// the stack) does not wait for it: it is sent through a clone of a spare instance. A stack
/// that is not ready at once (a user's concurrency limit) goes with that request, which waits
/// on it, and a clone is kept in its place.
/// [`read`](Self::read) reads the body inside the one boxed future, in its concrete type,
/// instead of boxing the body too.
#[derive(Clone)]
pub(crate) struct Stack(Arc<dyn SendRequest>);

impl Stack {
    /// Keeps `service` (the whole stack) as one instance of its own type.
    pub(crate) fn new<S: Clone + 'static>(service: S) -> Self
    where
        Kept<S>: SendRequest,
    {
        Self(Arc::new(Kept {
            kept: Mutex::new(service.clone()),
            spare: service,
        }))
    }

    /// Sends `request`; the answer's body streams (a download counts its bytes as they come).
    #[cfg(feature = "download")]
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

/// A stack that sends one request at a time: any service [`http_service`] takes, kept in
/// a [`Kept`].
pub(crate) trait SendRequest: Send + Sync {
    #[cfg(feature = "download")]
    fn send(&self, request: Request<RequestBody>) -> StackFuture;
    fn read(&self, request: Request<RequestBody>, limit: usize, path: PathAndQuery) -> ReadFuture;
}

/// The one instance of a stack (see [`Stack`]).
pub(crate) struct Kept<S> {
    kept: Mutex<S>,
    /// Never called: cloned for a request that finds `kept` busy. Waiting for the lock could
    /// put this worker thread to sleep with every task queued on it (about one request in a
    /// hundred met a held lock at 16 and 256 tasks on two cores), where a clone costs a few
    /// reference counts.
    spare: S,
}

impl<S, B> Kept<S>
where
    S: Service<Request<RequestBody>, Response = Response<B>> + Clone + Send + 'static,
    S::Error: Into<BoxError> + Send,
    S::Future: Send + 'static,
{
    /// Calls the kept instance if it is ready now; else the request takes that instance,
    /// which waits in the request's own future, and a clone is kept instead. A request that
    /// finds the kept instance busy goes through a clone of the spare.
    fn call(&self, request: Request<RequestBody>) -> Called<S> {
        let mut kept = match self.kept.try_lock() {
            Ok(kept) => kept,
            Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
            Err(TryLockError::WouldBlock) => {
                return Either::Right(Either::Left(self.spare.clone().oneshot(request)));
            }
        };
        // A waker that does nothing: a stack that is not ready at once is not waited for
        // here, under the lock.
        match kept.poll_ready(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(Ok(())) => Either::Left(kept.call(request)),
            Poll::Ready(Err(error)) => Either::Right(Either::Right(ready(Err(error)))),
            Poll::Pending => {
                // The instance that said "not yet" may hold a place in a queue (a
                // concurrency limit's semaphore, which hands a freed permit to the first in
                // line): it goes on waiting, polled with the request's waker. Leaving it
                // here, with no one to wake, would keep the permit from every request.
                let fresh = kept.clone();
                let waiting = std::mem::replace(&mut *kept, fresh);
                Either::Right(Either::Left(waiting.oneshot(request)))
            }
        }
    }
}

/// A request sent through a [`Kept`] stack: by the kept instance, by a clone, or failed.
type Called<S> = Either<
    <S as Service<Request<RequestBody>>>::Future,
    Either<
        Oneshot<S, Request<RequestBody>>,
        Ready<
            Result<
                <S as Service<Request<RequestBody>>>::Response,
                <S as Service<Request<RequestBody>>>::Error,
            >,
        >,
    >,
>;

impl<S, B> SendRequest for Kept<S>
where
    S: Service<Request<RequestBody>, Response = Response<B>> + Clone + Send + Sync + 'static,
    S::Error: Into<BoxError> + Send,
    S::Future: Send + 'static,
    B: HttpBody<Data = Bytes> + Send + Sync + Unpin + 'static,
    B::Error: Into<BoxError>,
{
    #[cfg(feature = "download")]
    fn send(&self, request: Request<RequestBody>) -> StackFuture {
        // `map`, not an `async` block: that would hold the stack's future twice (see `read`).
        Box::pin(self.call(request).map(|called| {
            called
                .map(|response| response.map(into_response_body))
                .map_err(Into::into)
        }))
    }

    /// The stack's future and then the body's read take turns in one place (`then`), and the
    /// body is read where it lies: an `async` block around both would keep the stack's
    /// future twice (as its capture and as what it awaits) and the answer twice too. This box
    /// is allocated for every request: 1.8 KB that way, 0.7 KB so (see the test below).
    fn read(&self, request: Request<RequestBody>, limit: usize, path: PathAndQuery) -> ReadFuture {
        Box::pin(self.call(request).then(move |called| match called {
            Ok(response) => {
                let (parts, mut body) = response.into_parts();
                Either::Left(async move {
                    let body = read_body(Pin::new(&mut body), limit, path.path(), &mut 0).await?;
                    Ok((parts, body))
                })
            }
            Err(error) => Either::Right(ready(Err(crate::Error::from_stack(
                error.into(),
                path.path(),
            )))),
        }))
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
/// It stays a concrete type, not a boxed one: the auth layer clones its inner service for
/// every request that carries a token, and the retry layer for every resend; a clone of this
/// is a few reference counts where a boxed service would also allocate, once per box.
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

#[cfg(test)]
mod tests {
    use std::convert::Infallible;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::mpsc::{Receiver, Sender, channel};
    use std::time::Duration;

    use http::Method;

    use super::*;
    use crate::MangadexClient;

    /// A transport whose first call holds its caller until told to go on (and then marks
    /// itself released); later calls answer at once.
    #[derive(Clone)]
    struct HoldFirst {
        calls: Arc<AtomicUsize>,
        inside: Sender<()>,
        go_on: Arc<Mutex<Receiver<()>>>,
        released: Arc<AtomicBool>,
    }

    impl Service<Request<RequestBody>> for HoldFirst {
        type Response = Response<RequestBody>;
        type Error = Infallible;
        type Future = Ready<Result<Self::Response, Infallible>>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, _: Request<RequestBody>) -> Self::Future {
            if self.calls.fetch_add(1, Ordering::SeqCst) == 0 {
                let _ = self.inside.send(());
                // Only a deadlock breaker: the test fails either way if this is reached.
                let go_on = self.go_on.lock().expect("go-on lock");
                let _ = go_on.recv_timeout(Duration::from_secs(10));
                self.released.store(true, Ordering::SeqCst);
            }
            ready(Ok(Response::new(RequestBody::default())))
        }
    }

    fn get() -> Request<RequestBody> {
        Request::get("http://127.0.0.1:9/ping")
            .body(RequestBody::default())
            .expect("request")
    }

    #[test]
    fn a_request_that_finds_the_stack_busy_is_sent_at_once_through_a_clone() {
        let (inside_tx, inside) = channel();
        let (go_on, go_on_rx) = channel();
        let calls = Arc::new(AtomicUsize::new(0));
        let released = Arc::new(AtomicBool::new(false));
        let stack = Stack::new(HoldFirst {
            calls: Arc::clone(&calls),
            inside: inside_tx,
            go_on: Arc::new(Mutex::new(go_on_rx)),
            released: Arc::clone(&released),
        });
        let first = {
            let stack = stack.clone();
            std::thread::spawn(move || {
                drop(stack.read(get(), 1024, PathAndQuery::from_static("/ping")));
            })
        };
        inside.recv().expect("the first call is inside the stack");
        // The kept instance is busy with the first call: this one must not wait for it.
        let second = stack.read(get(), 1024, PathAndQuery::from_static("/ping"));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let answered = runtime.block_on(second).is_ok();
        let waited = released.load(Ordering::SeqCst);
        let _ = go_on.send(());
        first.join().expect("first caller");
        assert!(!waited, "the second request waited for the first");
        assert!(answered);
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    /// Every request allocates this future and holds it while in flight; glibc's malloc
    /// serves blocks up to 1,032 bytes from its per-thread cache, larger ones from its shared
    /// bins. It took 1,800 bytes with an `async` block around the stack and the body read,
    /// 864 with them taking turns, 656 with the rate limiter's waiting request boxed.
    #[tokio::test]
    async fn the_default_stacks_request_future_stays_small() {
        let client = MangadexClient::builder()
            .api_url("http://127.0.0.1:9")
            .anonymous(true)
            .build()
            .expect("client");
        let request = http::Request::builder()
            .method(Method::GET)
            .uri("http://127.0.0.1:9/manga")
            .body(super::RequestBody::default())
            .expect("request");
        let path = http::uri::PathAndQuery::from_static("/manga");
        let future = client.inner().service.read(request, 1024, path);
        let size = std::mem::size_of_val(&*future);
        assert!(size <= 700, "the request future takes {size} bytes");
    }
}
