//! The per-attempt timeout, with one timer per attempt for the answer's head and then its body.
//!
//! `tower::timeout::Timeout` covers the head only, so reading the body took a second timer.
//! Registering that second timer right after the first was removed costs more than its own
//! bookkeeping: a runtime worker parked on tokio's time driver with no timer left is woken
//! for any new timer (measured: 0.6 more thread sleeps and 8 % less throughput per request,
//! one request at a time; BENCHMARKS.md). Here the attempt's timer moves into the body and is
//! pushed back when the head arrives, which tokio does in place, without its timer wheel.
//!
//! Guarantees: the head must arrive within `timeout` of the attempt's first poll, then the
//! body must end within `timeout` of the head (of the body's first wait, when the head was
//! ready at once and no timer had started); either failure is a
//! [`tower::timeout::error::Elapsed`] (from the future, or as a body error). An answer that
//! is ready at once never registers a timer.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker, ready};
use std::time::Duration;

use http::Response;
use http_body::{Body, Frame, SizeHint};
use pin_project_lite::pin_project;
use tokio::time::{Instant, Sleep};
use tower::timeout::error::Elapsed;
use tower::{BoxError, Layer, Service};

/// Applies [`Deadline`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct DeadlineLayer {
    timeout: Duration,
}

impl DeadlineLayer {
    pub(crate) fn new(timeout: Duration) -> Self {
        Self { timeout }
    }
}

impl<S> Layer<S> for DeadlineLayer {
    type Service = Deadline<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Deadline {
            inner,
            timeout: self.timeout,
        }
    }
}

/// Fails an attempt whose head, or whose body after it, takes longer than the timeout.
#[derive(Clone, Debug)]
pub(crate) struct Deadline<S> {
    inner: S,
    timeout: Duration,
}

impl<S, R, B> Service<R> for Deadline<S>
where
    S: Service<R, Response = Response<B>>,
    S::Error: Into<BoxError>,
{
    type Response = Response<DeadlineBody<B>>;
    type Error = BoxError;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, request: R) -> Self::Future {
        ResponseFuture {
            inner: self.inner.call(request),
            timer: Timer::new(self.timeout),
        }
    }
}

/// An attempt's timer: registered only once something has to wait, and boxed so that it can
/// move from the response future into the body after it has been registered.
///
/// A body read in many frames waits many times with the same task; the timer is polled again
/// only when the waker changes or the deadline has passed. Polling it each time would spend
/// the task's cooperative budget and register the same waker again, for every frame.
#[derive(Debug)]
struct Timer {
    timeout: Duration,
    sleep: Option<Pin<Box<Sleep>>>,
    /// The waker the registered timer will wake, once it has been polled pending.
    waker: Option<Waker>,
}

impl Timer {
    fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            sleep: None,
            waker: None,
        }
    }

    /// Ready once the deadline has passed; the first call sets it `timeout` from now.
    fn poll_elapsed(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if let (Some(sleep), Some(waker)) = (&self.sleep, &self.waker)
            && waker.will_wake(cx.waker())
            && !sleep.is_elapsed()
        {
            return Poll::Pending;
        }
        // Without budget left, `Sleep` answers pending without registering anything (and
        // wakes the task to try again): that must not count as registered.
        let budget = tokio::task::coop::has_budget_remaining();
        let timeout = self.timeout;
        let sleep = self
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        let polled = sleep.as_mut().poll(cx);
        self.waker = (polled.is_pending() && budget).then(|| cx.waker().clone());
        polled
    }

    /// Gives what follows a whole `timeout` from now. A timer that was never registered
    /// stays unregistered (it will start from its first wait).
    fn restart(&mut self) {
        if let Some(sleep) = &mut self.sleep {
            sleep.as_mut().reset(Instant::now() + self.timeout);
            // Polled again at the next wait, so the new deadline has a waker for certain.
            self.waker = None;
        }
    }
}

pin_project! {
    /// The response future of [`Deadline`].
    pub(crate) struct ResponseFuture<F> {
        #[pin]
        inner: F,
        timer: Timer,
    }
}

impl<F, B, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<B>, E>>,
    E: Into<BoxError>,
{
    type Output = Result<Response<DeadlineBody<B>>, BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if let Poll::Ready(result) = this.inner.poll(cx) {
            let response = result.map_err(Into::into)?;
            let mut timer = std::mem::replace(this.timer, Timer::new(this.timer.timeout));
            timer.restart();
            return Poll::Ready(Ok(response.map(|body| DeadlineBody { body, timer })));
        }
        ready!(this.timer.poll_elapsed(cx));
        Poll::Ready(Err(Elapsed::new().into()))
    }
}

pin_project! {
    /// A response body that must end within the attempt's timeout after its head.
    pub(crate) struct DeadlineBody<B> {
        #[pin]
        body: B,
        timer: Timer,
    }
}

impl<B> Body for DeadlineBody<B>
where
    B: Body,
    B::Error: Into<BoxError>,
{
    type Data = B::Data;
    type Error = BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = self.project();
        if let Poll::Ready(frame) = this.body.poll_frame(cx) {
            return Poll::Ready(frame.map(|frame| frame.map_err(Into::into)));
        }
        ready!(this.timer.poll_elapsed(cx));
        Poll::Ready(Some(Err(Elapsed::new().into())))
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use bytes::Bytes;
    use http_body_util::{BodyExt, StreamBody};
    use tower::ServiceExt;

    use super::*;

    const TIMEOUT: Duration = Duration::from_secs(10);

    /// A service answering after `head_after` with a body whose chunks arrive at `chunks`
    /// (offsets from the head), then ends.
    fn service(
        head_after: Duration,
        chunks: &'static [u64],
    ) -> impl Service<
        (),
        Response = Response<impl Body<Data = Bytes, Error = Infallible>>,
        Error = Infallible,
        Future: Send,
    > + Clone {
        tower::service_fn(move |()| async move {
            tokio::time::sleep(head_after).await;
            let head = Instant::now();
            let frames = futures_util::stream::unfold(chunks.iter(), move |mut at| async move {
                let offset = at.next()?;
                tokio::time::sleep_until(head + Duration::from_secs(*offset)).await;
                let frame = Ok::<_, Infallible>(Frame::data(Bytes::from_static(b"x")));
                Some((frame, at))
            });
            Ok::<_, Infallible>(Response::new(StreamBody::new(frames)))
        })
    }

    async fn exchange(head_after: Duration, chunks: &'static [u64]) -> Result<usize, BoxError> {
        let response = DeadlineLayer::new(TIMEOUT)
            .layer(service(head_after, chunks))
            .oneshot(())
            .await?;
        Ok(response.into_body().collect().await?.to_bytes().len())
    }

    fn is_elapsed(result: &Result<usize, BoxError>) -> bool {
        result.as_ref().is_err_and(|error| error.is::<Elapsed>())
    }

    #[tokio::test(start_paused = true)]
    async fn a_head_later_than_the_timeout_fails() {
        let start = Instant::now();
        assert!(is_elapsed(&exchange(TIMEOUT * 2, &[0]).await));
        assert_eq!(start.elapsed(), TIMEOUT);
    }

    #[tokio::test(start_paused = true)]
    async fn the_body_gets_a_whole_timeout_after_the_head() {
        // Head at 9 s, body done 9 s later: 18 s in all, each part within 10 s.
        assert_eq!(exchange(Duration::from_secs(9), &[3, 9]).await.unwrap(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_body_that_stalls_fails_a_timeout_after_the_head() {
        let start = Instant::now();
        let result = exchange(Duration::from_secs(2), &[1, 30]).await;
        assert!(is_elapsed(&result), "{result:?}");
        assert_eq!(start.elapsed(), Duration::from_secs(2) + TIMEOUT);
    }

    #[tokio::test(start_paused = true)]
    async fn a_stall_after_an_immediate_head_still_fails() {
        // The head is ready at once, so no timer exists until the body first waits (at once
        // too, here): the body still gets exactly one timeout.
        let start = Instant::now();
        let result = exchange(Duration::ZERO, &[1, 30]).await;
        assert!(is_elapsed(&result), "{result:?}");
        assert_eq!(start.elapsed(), TIMEOUT);
    }

    #[tokio::test(start_paused = true)]
    async fn a_first_wait_without_budget_still_arms_the_timer() {
        // The first wait comes when the task's cooperative budget is spent: `Sleep` then
        // registers nothing. The timer must still fire, a timeout after its next wait.
        let start = Instant::now();
        let mut timer = Timer::new(TIMEOUT);
        let mut first = true;
        let waited = std::future::poll_fn(|cx| {
            if std::mem::take(&mut first) {
                while let Poll::Ready(restore) = tokio::task::coop::poll_proceed(cx) {
                    restore.made_progress();
                }
                assert!(timer.poll_elapsed(cx).is_pending());
                // Spending the budget scheduled this task again: the next poll comes soon.
                return Poll::Pending;
            }
            timer.poll_elapsed(cx)
        });
        let fired = tokio::time::timeout(TIMEOUT * 2, waited).await;
        assert!(fired.is_ok(), "the timer never fired");
        assert_eq!(start.elapsed(), TIMEOUT);
    }
}
