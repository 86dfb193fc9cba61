//! The two halves of the auth layer: the stamp sets the token when the request is sent, so a
//! request held back in the limiter leaves with the session current at that moment.

use std::{
    convert::Infallible,
    fmt,
    sync::{Arc, Mutex},
    time::Duration,
};

use asyncdex_tower::{
    auth::{AuthHandle, AuthLayer, Credentials, SessionExpired, WithAuth},
    ratelimit::{RateLimitLayer, Ratelimits},
};
use bytes::Bytes;
use http::{Request, Response, Uri, header::AUTHORIZATION};
use http_body_util::Full;
use tower::{BoxError, Layer, Service, ServiceBuilder, ServiceExt, service_fn};

const API: &str = "https://api.example.org";

/// What the fake server saw: each request's path and `Authorization` header.
type Log = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// An in-process API: the legacy login and refresh (session tokens `s1`, `s2`, ...), and `200
/// ok` for everything else.
fn server(
    log: &Log,
) -> impl Service<
    Request<Full<Bytes>>,
    Response = Response<Full<Bytes>>,
    Error = Infallible,
    Future = impl Send,
> + Clone
+ Send
+ 'static {
    let log = log.clone();
    let issued = Arc::new(Mutex::new(0_u32));
    service_fn(move |request: Request<Full<Bytes>>| {
        let path = request.uri().path().to_owned();
        let authorization = request
            .headers()
            .get(AUTHORIZATION)
            .map(|value| value.to_str().unwrap().to_owned());
        log.lock().unwrap().push((path.clone(), authorization));
        let body = if path == "/auth/login" || path == "/auth/refresh" {
            let mut issued = issued.lock().unwrap();
            *issued += 1;
            format!(r#"{{"result":"ok","token":{{"session":"s{issued}","refresh":"r{issued}"}}}}"#)
        } else {
            "ok".to_owned()
        };
        async move { Ok(Response::new(Full::new(Bytes::from(body)))) }
    })
}

fn get(url: &str) -> Request<Full<Bytes>> {
    Request::get(url).body(Full::default()).unwrap()
}

fn authorization(log: &Log, path: &str) -> Option<String> {
    let log = log.lock().unwrap();
    let (_, authorization) = log.iter().find(|(p, _)| p == path).expect(path);
    authorization.clone()
}

/// Sends `request` through a clone of `service`; the `Authorization` it arrived with.
async fn sent<S>(service: &S, log: &Log, request: Request<Full<Bytes>>) -> Option<String>
where
    S: Service<Request<Full<Bytes>>> + Clone,
    S::Error: fmt::Debug,
{
    let path = request.uri().path().to_owned();
    service.clone().oneshot(request).await.unwrap();
    authorization(log, &path)
}

fn auth() -> AuthLayer {
    AuthLayer::legacy(Uri::from_static(API)).credentials(Credentials::username("user", "password"))
}

/// The whole auth layer around a limiter of `amount` sends per `window`, over the server
/// `log` records: session, limiter, stamp. Token calls skip the limiter here, so a renewal
/// does not queue behind the request that waits.
fn limited(
    log: &Log,
    amount: u32,
    window: Duration,
) -> (
    AuthHandle,
    impl Service<
        Request<Full<Bytes>>,
        Response = Response<Full<Bytes>>,
        Error = BoxError,
        Future = impl Send,
    > + Clone
    + Send
    + 'static,
) {
    let auth = auth();
    let handle = auth.handle();
    let auth = auth
        .clone()
        .token_client(auth.stamp_layer().layer(server(log)));
    let ratelimit = RateLimitLayer::builder()
        .api_base(Uri::from_static(API))
        .ratelimits(Ratelimits::default().with_global(amount, window))
        .build();
    let service = ServiceBuilder::new()
        .layer(auth.session_layer())
        .layer(ratelimit)
        .layer(auth.stamp_layer())
        .service(server(log));
    (handle, service)
}

#[tokio::test]
async fn the_stamp_alone_sets_the_session_current_when_it_is_called() {
    let log = Log::default();
    let auth = auth().token_client(server(&log));
    let handle = auth.handle();
    // Built before any session exists.
    let stamped = auth.stamp_layer().layer(server(&log));

    assert_eq!(
        sent(&stamped, &log, get(&format!("{API}/a"))).await,
        None,
        "no session yet, no token"
    );

    handle.login(None).await.unwrap();
    assert_eq!(
        sent(&stamped, &log, get(&format!("{API}/b")))
            .await
            .as_deref(),
        Some("Bearer s1")
    );

    let renewed = handle.get_session_token().await.unwrap();
    assert_eq!(renewed.expose(), "s2");
    assert_eq!(
        sent(&stamped, &log, get(&format!("{API}/c")))
            .await
            .as_deref(),
        Some("Bearer s2")
    );

    // The session layer's rules hold here too.
    let mut without = get(&format!("{API}/d"));
    without.extensions_mut().insert(WithAuth(false));
    assert_eq!(sent(&stamped, &log, without).await, None);
    assert_eq!(
        sent(&stamped, &log, get("https://uploads.example.org/e")).await,
        None,
        "another host"
    );
    let own = Request::get(format!("{API}/f"))
        .header(AUTHORIZATION, "Bearer mine")
        .body(Full::default())
        .unwrap();
    assert_eq!(
        sent(&stamped, &log, own).await.as_deref(),
        Some("Bearer mine")
    );

    // The token calls were never stamped.
    assert_eq!(authorization(&log, "/auth/login"), None);
    assert_eq!(authorization(&log, "/auth/refresh"), None);
}

#[tokio::test(start_paused = true)]
async fn a_request_that_waited_in_the_limiter_past_a_renewal_leaves_with_the_newer_token() {
    let log = Log::default();
    let (handle, service) = limited(&log, 1, Duration::from_secs(10));

    handle.login(None).await.unwrap();
    assert_eq!(
        sent(&service, &log, get(&format!("{API}/first")))
            .await
            .as_deref(),
        Some("Bearer s1")
    );

    // The second request finds s1 fresh, then waits for the limiter's next slot...
    let waiting = tokio::spawn(service.oneshot(get(&format!("{API}/second"))));
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(!waiting.is_finished(), "held back by the limiter");
    // ...while the session is renewed.
    assert_eq!(handle.get_session_token().await.unwrap().expose(), "s2");

    waiting.await.unwrap().unwrap();
    assert_eq!(
        authorization(&log, "/second").as_deref(),
        Some("Bearer s2"),
        "left with the session current when it was sent"
    );
    let paths: Vec<_> = log.lock().unwrap().iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(paths, ["/auth/login", "/first", "/auth/refresh", "/second"]);
}

/// The legacy session's lifetime when the server gives none: MangaDex's documented 15 minutes.
const LEGACY_LIFETIME: Duration = Duration::from_secs(15 * 60);

#[tokio::test(start_paused = true)]
async fn an_expired_session_is_never_sent_alone_the_stamp_says_so() {
    let log = Log::default();
    let auth = auth().token_client(server(&log));
    let handle = auth.handle();
    let stamped = auth.stamp_layer().layer(server(&log));
    handle.login(None).await.unwrap();
    tokio::time::sleep(LEGACY_LIFETIME).await;

    let error = stamped
        .clone()
        .oneshot(get(&format!("{API}/late")))
        .await
        .unwrap_err();
    assert!(error.is::<SessionExpired>(), "{error}");
    let paths: Vec<_> = log.lock().unwrap().iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(paths, ["/auth/login"], "the request was not sent");
}

#[tokio::test(start_paused = true)]
async fn a_request_that_waited_in_the_limiter_past_its_session_goes_with_a_renewed_one() {
    let log = Log::default();
    // Two sends per 16 minutes: the third request waits 16 minutes, past its session's 15.
    let (handle, service) = limited(&log, 2, Duration::from_secs(16 * 60));

    handle.login(None).await.unwrap();
    for path in ["/first", "/second"] {
        let sent = sent(&service, &log, get(&format!("{API}{path}"))).await;
        assert_eq!(sent.as_deref(), Some("Bearer s1"));
    }
    let started = tokio::time::Instant::now();
    let third = sent(&service, &log, get(&format!("{API}/third"))).await;
    assert!(
        started.elapsed() >= LEGACY_LIFETIME,
        "it waited in the limiter"
    );
    assert_eq!(third.as_deref(), Some("Bearer s2"), "sent once, renewed");
    let paths: Vec<_> = log.lock().unwrap().iter().map(|(p, _)| p.clone()).collect();
    assert_eq!(
        paths,
        [
            "/auth/login",
            "/first",
            "/second",
            "/auth/refresh",
            "/third"
        ],
        "the expired session never reached the server"
    );
}
