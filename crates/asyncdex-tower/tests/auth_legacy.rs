//! The auth layer against a loopback server speaking the legacy MangaDex login.
#![cfg(feature = "auth")]

mod auth_support;

use std::time::Duration;

use asyncdex_tower::auth::{AuthLayer, Credentials, TokenCallFailed, Unauthorized, WithAuth};
use auth_support::*;
use bytes::Bytes;
use http::{Request, StatusCode};
use http_body_util::Full;

fn layer(server: &Server) -> AuthLayer {
    AuthLayer::legacy(server.base())
        .credentials(Credentials::username(USER, PASSWORD))
        .token_client(transport())
}

#[tokio::test]
async fn legacy_flow_end_to_end() {
    let server = Server::start().await;
    let layer = layer(&server);
    let handle = layer.handle();
    let service = service(&layer);
    assert!(!handle.anonymous_mode());
    assert_eq!(handle.username().as_deref(), Some(USER));

    // The first request logs in, then carries the session token.
    let (status, body) = get(&service, server.url("/echo")).await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body:?}");
    assert_eq!(server.count("/auth/login"), 1);
    let login = &server.seen("/auth/login")[0];
    assert_eq!(login.method, "POST");
    let sent: serde_json::Value = serde_json::from_slice(&login.body).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({"username": USER, "password": PASSWORD})
    );
    let session = handle.session_token().expect("a session token");
    assert_eq!(
        server.seen("/echo")[0].authorization.as_deref(),
        Some(format!("Bearer {}", session.expose()).as_str())
    );

    // get_session_token refreshes with the (rotating) refresh token.
    let first_refresh = handle.refresh_token().unwrap();
    let renewed = handle.get_session_token().await.unwrap();
    assert_ne!(renewed.expose(), session.expose());
    assert_eq!(server.presented_refresh(), [first_refresh.expose()]);
    assert_ne!(
        handle.refresh_token().unwrap().expose(),
        first_refresh.expose()
    );

    // Logout calls the route with the live session, then the layer is anonymous.
    handle.logout().await.unwrap();
    let logout = &server.seen("/auth/logout")[0];
    assert_eq!(
        logout.authorization.as_deref(),
        Some(format!("Bearer {}", renewed.expose()).as_str())
    );
    assert!(handle.anonymous_mode());
    assert!(
        handle.username().is_none()
            && handle.refresh_token().is_none()
            && handle.session_token().is_none()
    );
    let (status, _) = get(&service, server.url("/echo")).await.unwrap();
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "anonymous now: no token, and the 401 passes through"
    );
    assert_eq!(server.seen("/echo").last().unwrap().authorization, None);
    assert_eq!(
        server.count("/auth/login") + server.count("/auth/refresh"),
        2
    );
}

#[tokio::test(start_paused = true)]
async fn refreshes_before_expiry_mid_run() {
    let server = Server::start().await;
    // Legacy answers carry no `expires_in`: the layer must read the JWT `exp`.
    server.set_lifetime(Duration::from_secs(10));
    let layer = layer(&server).refresh_margin(Duration::from_secs(2));
    let service = service(&layer);
    for _ in 0..40 {
        let (status, _) = get(&service, server.url("/echo")).await.unwrap();
        assert_eq!(status, StatusCode::OK);
        tokio::time::sleep(Duration::from_millis(900)).await;
    }
    assert!(
        !server.statuses().contains(&401),
        "the server saw a request with an expired token: {:?}",
        server.statuses()
    );
    assert_eq!(server.count("/auth/login"), 1);
    let refreshes = server.count("/auth/refresh");
    assert!(
        (3..=6).contains(&refreshes),
        "{refreshes} refreshes in 36 s of 10 s tokens"
    );
}

#[tokio::test(start_paused = true)]
async fn thousand_concurrent_requests_with_a_stale_token_make_one_refresh() {
    let server = Server::start().await;
    server.set_lifetime(Duration::from_secs(60));
    server.set_token_delay(Duration::from_millis(50));
    let layer = layer(&server);
    let service = service(&layer);
    get(&service, server.url("/echo")).await.unwrap();
    assert_eq!(server.count("/auth/login"), 1);

    tokio::time::sleep(Duration::from_secs(61)).await;
    assert!(layer.handle().session_token().is_none(), "stale");
    let tasks: Vec<_> = (0..1000)
        .map(|_| {
            let service = service.clone();
            let uri = server.url("/echo");
            tokio::spawn(async move { get(&service, uri).await })
        })
        .collect();
    for task in tasks {
        let (status, _) = task.await.unwrap().unwrap();
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(server.count("/auth/refresh"), 1);
    assert_eq!(server.count("/auth/login"), 1);
    assert!(!server.statuses().contains(&401));
}

#[tokio::test(start_paused = true)]
async fn rotated_refresh_tokens_are_never_reused() {
    let server = Server::start().await;
    server.set_lifetime(Duration::from_secs(10));
    let layer = layer(&server).refresh_margin(Duration::from_secs(1));
    let handle = layer.handle();
    let service = service(&layer);
    let mut held = Vec::new();
    for _ in 0..5 {
        assert_eq!(
            get(&service, server.url("/echo")).await.unwrap().0,
            StatusCode::OK
        );
        held.push(handle.refresh_token().unwrap().expose().to_owned());
        tokio::time::sleep(Duration::from_secs(10)).await;
    }
    let presented = server.presented_refresh();
    assert_eq!(presented.len(), 4);
    // Each refresh used the token the previous call returned, and the server accepted it.
    assert_eq!(presented, held[..4]);
    assert!(server.seen("/auth/refresh").iter().all(|r| r.status == 200));
    assert_eq!(server.count("/auth/login"), 1);
}

#[tokio::test]
async fn a_401_refreshes_and_replays_the_same_request_once() {
    let server = Server::start().await;
    let layer = layer(&server);
    let service = service(&layer);
    get(&service, server.url("/echo")).await.unwrap();
    server.revoke_sessions();

    let payload = Bytes::from_static(b"{\"chapters\":[1,2,3],\"note\":\"exactly these bytes\"}");
    let request = Request::post(server.url("/echo"))
        .header("content-type", "application/json")
        .header("x-request-id", "abc-123")
        .body(Full::new(payload.clone()))
        .unwrap();
    let (status, body) = send(&service, request).await.unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, payload);

    let posts: Vec<_> = server
        .seen("/echo")
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    assert_eq!(posts.len(), 2);
    assert_eq!([posts[0].status, posts[1].status], [401, 200]);
    assert_eq!(posts[0].body, payload);
    assert_eq!(posts[1].body, payload);
    for header in ["content-type", "x-request-id"] {
        assert_eq!(posts[0].headers.get(header), posts[1].headers.get(header));
    }
    assert_ne!(posts[0].authorization, posts[1].authorization);
    assert_eq!(server.count("/auth/refresh"), 1);
}

#[tokio::test]
async fn a_second_401_is_unauthorized() {
    let server = Server::start().await;
    let layer = layer(&server);
    let service = service(&layer);
    let error = get(&service, server.url("/always401?x=1"))
        .await
        .unwrap_err();
    let unauthorized = error.downcast_ref::<Unauthorized>().expect("Unauthorized");
    assert_eq!(unauthorized.path(), "/always401");
    assert_eq!(unauthorized.method(), "GET");
    assert!(
        std::str::from_utf8(unauthorized.body())
            .unwrap()
            .contains("always")
    );
    assert_eq!(
        server.count("/always401"),
        2,
        "one send and one replay, no more"
    );
    assert_eq!(server.count("/auth/login"), 1);
    assert_eq!(server.count("/auth/refresh"), 1);
}

#[tokio::test(start_paused = true)]
async fn transient_token_call_failures_keep_credentials() {
    let server = Server::start().await;
    let layer = layer(&server);
    let handle = layer.handle();
    let service = service(&layer);
    get(&service, server.url("/echo")).await.unwrap();
    let mut refresh = handle.refresh_token().unwrap();

    for fault in [Fault::Status(503), Fault::Close, Fault::Status(429)] {
        tokio::time::sleep(Duration::from_secs(15 * 60)).await;
        server.push_fault(fault);
        let error = get(&service, server.url("/echo")).await.unwrap_err();
        let failed = error
            .downcast_ref::<TokenCallFailed>()
            .expect("TokenCallFailed");
        assert!(failed.is_transient(), "{fault:?}: {failed}");
        assert_eq!(
            handle.refresh_token().unwrap().expose(),
            refresh.expose(),
            "{fault:?}"
        );
        assert_eq!(handle.username().as_deref(), Some(USER));

        // The next request refreshes with the same refresh token and succeeds.
        let (status, _) = get(&service, server.url("/echo")).await.unwrap();
        assert_eq!(status, StatusCode::OK, "{fault:?}");
        assert_eq!(
            server.presented_refresh().last(),
            Some(&refresh.expose().to_owned())
        );
        refresh = handle.refresh_token().unwrap();
    }
    assert_eq!(server.count("/auth/login"), 1);
    assert_eq!(
        server.count("/auth/refresh"),
        6,
        "three failed calls, three good ones"
    );
}

#[tokio::test(start_paused = true)]
async fn a_rejected_refresh_token_falls_back_to_login_and_a_rejected_login_fails_every_request() {
    let server = Server::start().await;
    let layer = layer(&server);
    let handle = layer.handle();
    let service = service(&layer);
    get(&service, server.url("/echo")).await.unwrap();

    server.revoke_refresh_tokens();
    tokio::time::sleep(Duration::from_secs(15 * 60)).await;
    let (status, _) = get(&service, server.url("/echo")).await.unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(server.seen("/auth/refresh")[0].status, 401);
    assert_eq!(server.count("/auth/login"), 2);
    let refresh = handle.refresh_token().unwrap();
    assert_eq!(
        server.issued().last().map(String::as_str),
        Some(refresh.expose())
    );

    // Now the password changes on the server: refresh rejected, login rejected.
    server.set_password("changed-elsewhere");
    server.revoke_refresh_tokens();
    tokio::time::sleep(Duration::from_secs(15 * 60)).await;
    let error = get(&service, server.url("/echo")).await.unwrap_err();
    let failed = error
        .downcast_ref::<TokenCallFailed>()
        .expect("TokenCallFailed");
    assert!(failed.is_rejected());
    assert_eq!(failed.status(), Some(StatusCode::UNAUTHORIZED));
    // The refresh token is dead and dropped; the credentials are kept, and the layer does not
    // go anonymous: every request fails with the refusal, with no more token calls.
    assert!(!handle.anonymous_mode());
    assert!(handle.refresh_token().is_none());
    assert_eq!(handle.username().as_deref(), Some(USER));
    let calls = server.count("/auth/login") + server.count("/auth/refresh");
    let echoes = server.count("/echo");
    let again = get(&service, server.url("/echo")).await.unwrap_err();
    let again = again
        .downcast_ref::<TokenCallFailed>()
        .expect("TokenCallFailed");
    assert!(again.is_rejected());
    assert!(handle.get_session_token().await.is_err());
    assert_eq!(
        server.count("/auth/login") + server.count("/auth/refresh"),
        calls
    );
    assert_eq!(server.count("/echo"), echoes, "nothing sent anonymously");

    // An explicit login asks the server again; logging out makes the layer anonymous.
    let logins = server.count("/auth/login");
    assert!(handle.login(None).await.is_err());
    assert_eq!(server.count("/auth/login"), logins + 1);
    handle.logout().await.unwrap();
    assert!(handle.anonymous_mode());
    get(&service, server.url("/echo")).await.unwrap();
}

#[tokio::test]
async fn the_token_goes_to_the_api_origin_only() {
    let api = Server::start().await;
    let images = Server::start().await;
    let report = Server::start().await;
    let foreign = Server::start().await;
    let layer = layer(&api);
    let service = service(&layer);

    get(&service, api.url("/echo")).await.unwrap();
    assert!(api.seen("/echo")[0].authorization.is_some());

    get(&service, images.url("/data/abcdef/1.png"))
        .await
        .unwrap();
    let report_body = Bytes::from_static(
        b"{\"url\":\"x\",\"success\":true,\"bytes\":10,\"duration\":5,\"cached\":false}",
    );
    send(
        &service,
        Request::post(report.url("/report"))
            .body(Full::new(report_body))
            .unwrap(),
    )
    .await
    .unwrap();
    get(&service, foreign.url("/echo")).await.unwrap();
    // Same host, other port: another origin. `localhost` is another host name.
    let localhost = format!("http://localhost:{}/echo", foreign.addr.port())
        .parse()
        .unwrap();
    get(&service, localhost).await.unwrap();

    for server in [&images, &report, &foreign] {
        let log = server.log();
        assert!(!log.is_empty());
        assert!(log.iter().all(|r| r.authorization.is_none()), "{log:?}");
    }
}

#[tokio::test]
async fn with_auth_false_and_an_own_header_are_left_alone() {
    let server = Server::start().await;
    let layer = layer(&server);
    let service = service(&layer);
    get(&service, server.url("/echo")).await.unwrap();

    let mut request = Request::get(server.url("/public"))
        .body(Full::default())
        .unwrap();
    request.extensions_mut().insert(WithAuth(false));
    send(&service, request).await.unwrap();
    assert_eq!(server.seen("/public")[0].authorization, None);

    let request = Request::get(server.url("/own"))
        .header("authorization", "Bearer mine")
        .body(Full::default())
        .unwrap();
    send(&service, request).await.unwrap();
    assert_eq!(
        server.seen("/own")[0].authorization.as_deref(),
        Some("Bearer mine")
    );

    let mut request = Request::get(server.url("/echo"))
        .body(Full::default())
        .unwrap();
    request.extensions_mut().insert(WithAuth(true));
    assert_eq!(send(&service, request).await.unwrap().0, StatusCode::OK);
}

#[tokio::test]
async fn anonymous_mode_makes_no_token_call() {
    let server = Server::start().await;
    let layer = AuthLayer::legacy(server.base());
    let handle = layer.handle();
    let service = service(&layer);
    assert!(handle.anonymous_mode());
    for path in ["/public", "/echo", "/always401"] {
        get(&service, server.url(path)).await.unwrap();
    }
    assert!(server.log().iter().all(|r| r.authorization.is_none()));
    assert_eq!(
        server.count("/auth/login") + server.count("/auth/refresh"),
        0
    );
    assert_eq!(server.count("/always401"), 1, "no replay without a token");
    let error = handle.get_session_token().await.unwrap_err();
    assert!(error.is::<asyncdex_tower::auth::MissingCredentials>());
    let error = handle.login(None).await.unwrap_err();
    assert!(error.is::<asyncdex_tower::auth::MissingCredentials>());
    assert_eq!(server.log().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_refresh_abandoned_by_a_timeout_is_finished_not_lost() {
    let server = Server::start().await;
    let layer = layer(&server);
    let handle = layer.handle();
    let service = service(&layer);
    get(&service, server.url("/echo")).await.unwrap();

    tokio::time::sleep(Duration::from_secs(15 * 60)).await;
    server.set_token_delay(Duration::from_millis(500));
    let abandoned = tokio::time::timeout(
        Duration::from_millis(100),
        get(&service, server.url("/echo")),
    )
    .await;
    assert!(
        abandoned.is_err(),
        "the request timed out during its refresh"
    );
    // Let the server spend the old refresh token and answer into the void.
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(server.count("/auth/refresh"), 1);

    // The next request finishes the abandoned call and uses its (rotated) tokens.
    let (status, _) = get(&service, server.url("/echo")).await.unwrap();
    assert_eq!(status, StatusCode::OK);
    assert_eq!(server.count("/auth/refresh"), 1);
    assert_eq!(
        server.count("/auth/login"),
        1,
        "the rotated refresh token was not lost"
    );
    assert_eq!(
        server.issued().last().map(String::as_str),
        handle.refresh_token().as_ref().map(|r| r.expose())
    );
}
