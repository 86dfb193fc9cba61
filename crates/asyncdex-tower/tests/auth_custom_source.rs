//! A token source of the user's own (no HTTP), over an in-memory transport.
#![cfg(feature = "auth")]

use std::{
    convert::Infallible,
    sync::{Arc, Mutex},
};

use asyncdex_tower::auth::{AuthLayer, Grant, Secret, TokenRequest, TokenSource, Tokens, WithAuth};
use bytes::Bytes;
use http::{HeaderValue, Request, Response, Uri};
use http_body_util::Full;
use tower::{Layer, ServiceExt, service_fn};

/// A token read from a keyring at startup.
#[derive(Debug)]
struct Keyring(Secret);

impl TokenSource for Keyring {
    fn request(&self, grant: Grant<'_>) -> TokenRequest {
        assert!(matches!(grant, Grant::Standalone), "{grant:?}");
        TokenRequest::Ready(Ok(Tokens::new(self.0.clone())))
    }

    fn is_standalone(&self) -> bool {
        true
    }
}

#[tokio::test]
async fn a_standalone_source_needs_no_http_and_the_header_is_sensitive() {
    let seen: Arc<Mutex<Vec<(String, Option<HeaderValue>)>>> = Arc::default();
    let record = seen.clone();
    let transport = service_fn(move |request: Request<Full<Bytes>>| {
        record.lock().unwrap().push((
            request.uri().to_string(),
            request.headers().get("authorization").cloned(),
        ));
        async { Ok::<_, Infallible>(Response::new(Full::new(Bytes::new()))) }
    });
    let layer = AuthLayer::with_source(
        Uri::from_static("https://api.mangadex.org"),
        Keyring(Secret::new("keyring-token")),
    );
    assert!(!layer.handle().anonymous_mode());
    let service = layer.layer(transport);

    for uri in [
        "https://api.mangadex.org/user/me",
        "/user/follows/manga",
        "https://uploads.mangadex.org/x",
    ] {
        let request = Request::get(uri).body(Full::default()).unwrap();
        service.clone().oneshot(request).await.unwrap();
    }
    let mut request = Request::get("/manga").body(Full::default()).unwrap();
    request.extensions_mut().insert(WithAuth(false));
    service.clone().oneshot(request).await.unwrap();

    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 4, "no token call went out: {seen:?}");
    for (uri, header) in &seen[..2] {
        let header = header
            .as_ref()
            .unwrap_or_else(|| panic!("{uri} got no token"));
        assert_eq!(header, "Bearer keyring-token");
        assert!(header.is_sensitive());
    }
    assert_eq!(seen[2].1, None, "uploads host");
    assert_eq!(seen[3].1, None, "WithAuth(false)");
}
