//! The retry layer's tracing events.
//!
//! Alone in its own test binary on purpose: tracing caches per-callsite interest globally, and
//! tests running in parallel threads without a subscriber can race the thread-local
//! subscriber installed here.
#![cfg(feature = "retry")]

use std::fmt;
use std::io;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use asyncdex_tower::retry::RetryLayer;
use http::{Request, Response};
use tower::{BoxError, Layer, Service, ServiceExt};

/// Answers 503, then fails with a broken pipe, then 200.
#[derive(Clone, Default)]
struct Flaky(Arc<Mutex<u32>>);

impl Service<Request<String>> for Flaky {
    type Response = Response<String>;
    type Error = BoxError;
    type Future = std::future::Ready<Result<Response<String>, BoxError>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<String>) -> Self::Future {
        let mut calls = self.0.lock().unwrap();
        *calls += 1;
        std::future::ready(match *calls {
            1 => Ok(Response::builder()
                .status(503)
                .body("busy".to_owned())
                .unwrap()),
            2 => Err(io::Error::from(io::ErrorKind::BrokenPipe).into()),
            _ => Ok(Response::new("ok".to_owned())),
        })
    }
}

/// Records the target, message and fields of every event.
#[derive(Clone, Default)]
struct Events(Arc<Mutex<Vec<(String, Vec<(String, String)>)>>>);

impl tracing::Subscriber for Events {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Fields(Vec<(String, String)>);
        impl tracing::field::Visit for Fields {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
                self.0.push((field.name().to_owned(), format!("{value:?}")));
            }
        }
        let mut fields = Fields(Vec::new());
        event.record(&mut fields);
        let target = event.metadata().target().to_owned();
        self.0.lock().unwrap().push((target, fields.0));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test(start_paused = true)]
async fn each_retry_is_logged_without_headers_or_bodies() {
    let events = Events::default();
    let _guard = tracing::subscriber::set_default(events.clone());
    let inner = Flaky::default();
    let mut request = Request::get("https://api.mangadex.org/manga")
        .body(String::new())
        .unwrap();
    request
        .headers_mut()
        .insert("authorization", "Bearer sekrit".parse().unwrap());
    *request.body_mut() = "password=hunter2".to_owned();
    let layer = RetryLayer::new()
        .seed(5)
        .initial_backoff(Duration::from_millis(100));
    let response = layer.layer(inner).oneshot(request).await.unwrap();
    assert_eq!(response.body(), "ok");

    let events = events.0.lock().unwrap();
    let retries: Vec<_> = events
        .iter()
        .filter(|(_, fields)| fields.iter().any(|(_, v)| v == "retrying request"))
        .collect();
    assert_eq!(retries.len(), 2, "{events:?}");
    for (i, (target, fields)) in retries.iter().enumerate() {
        assert_eq!(target, "asyncdex_tower::retry");
        let field = |name: &str| {
            fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(field("retry"), Some(["1", "2"][i]));
        assert!(field("delay").is_some());
        assert_eq!(field("reason"), Some(["status 503", "transport error"][i]));
    }
    for (_, fields) in events.iter() {
        for (_, value) in fields {
            assert!(
                !value.contains("sekrit") && !value.contains("hunter2"),
                "{value}"
            );
        }
    }
}
