//! The facade's auth (issue 4) end to end: `MangadexClient` with the default stack against the
//! fake MangaDex server over real TCP, legacy session tokens and OAuth personal clients.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use asyncdex::{Credentials, Error, MangadexClient};
use asyncdex_mock::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_USERNAME, FaultKind,
    FaultPlan, Listener, LoggedRequest, MockServer, MockServerBuilder,
};
use asyncdex_tower::auth::TokenCall;
use asyncdex_tower::ratelimit::Ratelimits;
use asyncdex_tower::retry::RetryLayer;
use http::{Method, StatusCode};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::Instant;

/// A password that cannot be rejected by the mock's length check, and is not the right one.
const WRONG_PASSWORD: &str = "not-the-right-password";

/// A mock with room for the tests' bursts.
fn mock() -> MockServerBuilder {
    MockServer::builder().global_limit(1000)
}

async fn server() -> MockServer {
    mock().start().await
}

/// A client whose limits stay under the mock's and whose retries are quick.
fn base(server: &MockServer) -> asyncdex::ClientBuilder {
    MangadexClient::builder()
        .api_url(server.url())
        .ratelimits(Ratelimits::default().with_global(600, Duration::from_secs(1)))
        .retry_layer(
            RetryLayer::new()
                .initial_backoff(Duration::from_millis(5))
                .max_backoff(Duration::from_millis(20))
                .seed(11),
        )
}

fn legacy(server: &MockServer) -> MangadexClient {
    base(server)
        .credentials(DEFAULT_USERNAME, DEFAULT_PASSWORD)
        .build()
        .unwrap()
}

fn oauth(server: &MockServer) -> asyncdex::ClientBuilder {
    base(server)
        .oauth_client(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        .auth_url(server.auth_url())
        .credentials(DEFAULT_USERNAME, DEFAULT_PASSWORD)
}

fn on(server: &MockServer, listener: Listener) -> Vec<LoggedRequest> {
    server
        .requests()
        .into_iter()
        .filter(|request| request.listener == listener)
        .collect()
}

fn to(server: &MockServer, method: Method, path: &str) -> Vec<LoggedRequest> {
    on(server, Listener::Api)
        .into_iter()
        .filter(|request| request.method == method && request.path == path)
        .collect()
}

fn bearer(token: &asyncdex::Secret) -> String {
    format!("Bearer {}", token.expose())
}

async fn me(client: &MangadexClient) -> asyncdex::Result<serde_json::Value> {
    client.request(Method::GET, "/user/me").send_json().await
}

#[tokio::test]
async fn legacy_credentials_log_in_transparently_on_a_protected_route() {
    let server = server().await;
    let client = legacy(&server);
    assert!(!client.anonymous_mode());
    assert_eq!(client.username().as_deref(), Some(DEFAULT_USERNAME));
    assert!(client.session_token().is_none(), "no session before use");

    let user = me(&client).await.unwrap();
    assert_eq!(user["data"]["attributes"]["username"], DEFAULT_USERNAME);
    let session = client.session_token().expect("a session after the login");
    assert!(client.refresh_token().is_some());

    let logins = to(&server, Method::POST, "/auth/login");
    assert_eq!(logins.len(), 1);
    assert!(
        logins[0].authorization().is_none(),
        "a login carries no token"
    );
    let sent = to(&server, Method::GET, "/user/me");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].authorization(), Some(bearer(&session).as_str()));
    assert!(sent[0].seq > logins[0].seq);

    // The session is reused, not renewed per request.
    me(&client).await.unwrap();
    let counters = server.counters();
    assert_eq!((counters.logins, counters.token_calls), (1, 1));
    assert_eq!(counters.unauthorized, 0);
}

#[tokio::test]
async fn login_checks_its_arguments_before_sending_anything() {
    let server = server().await;
    let client = base(&server).build().unwrap();
    assert!(client.anonymous_mode());

    // A username without its password cannot be written: `Credentials` takes both.
    let error = client.login(None).await.unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    assert!(client.anonymous_mode());
    assert_eq!(client.username(), None);

    client
        .login(Some(Credentials::username(
            DEFAULT_USERNAME,
            DEFAULT_PASSWORD,
        )))
        .await
        .unwrap();
    assert!(!client.anonymous_mode());
    assert_eq!(client.username().as_deref(), Some(DEFAULT_USERNAME));
    let first = client.session_token().unwrap();
    assert!(client.refresh_token().is_some());
    assert_eq!(server.counters().logins, 1);
    let body: serde_json::Value =
        serde_json::from_slice(&to(&server, Method::POST, "/auth/login")[0].body).unwrap();
    assert_eq!(body["username"], DEFAULT_USERNAME);

    // Neither argument: the stored credentials.
    client.login(None).await.unwrap();
    assert_eq!(server.counters().logins, 2);
    let second = client.session_token().unwrap();
    assert_ne!(first.expose(), second.expose());
    let sent = me(&client).await;
    assert!(sent.is_ok(), "{sent:?}");
    assert_eq!(
        to(&server, Method::GET, "/user/me")[0].authorization(),
        Some(bearer(&second).as_str())
    );

    assert_eq!(client.username().as_deref(), Some(DEFAULT_USERNAME));
    assert_eq!(server.counters().token_calls, 2);

    // An e-mail address logs in as well, sent as `email`.
    let email = format!("{DEFAULT_USERNAME}@example.org");
    let by_email = Credentials::email(email.as_str(), DEFAULT_PASSWORD);
    client.login(Some(by_email)).await.unwrap();
    let body: serde_json::Value =
        serde_json::from_slice(&to(&server, Method::POST, "/auth/login")[2].body).unwrap();
    assert_eq!(body["email"], email.as_str());
    assert_eq!(server.counters().logins, 3);
}

#[tokio::test]
async fn get_session_token_refreshes_and_the_refresh_token_rotates() {
    let server = server().await;
    let client = legacy(&server);
    client.login(None).await.unwrap();
    let session = client.session_token().unwrap();
    let refresh = client.refresh_token().unwrap();

    let renewed = client.get_session_token().await.unwrap();
    let counters = server.counters();
    assert_eq!((counters.logins, counters.refreshes), (1, 1));
    let rotated = client.refresh_token().unwrap();
    assert_ne!(
        rotated.expose(),
        refresh.expose(),
        "the refresh token rotates"
    );
    assert_ne!(renewed.expose(), session.expose());
    assert_eq!(client.session_token().unwrap().expose(), renewed.expose());
    let call = &to(&server, Method::POST, "/auth/refresh")[0];
    let body: serde_json::Value = serde_json::from_slice(&call.body).unwrap();
    assert_eq!(body["token"], refresh.expose());

    // The next refresh uses the rotated token, not the spent one.
    client.get_session_token().await.unwrap();
    let calls = to(&server, Method::POST, "/auth/refresh");
    assert_eq!(calls.len(), 2);
    let body: serde_json::Value = serde_json::from_slice(&calls[1].body).unwrap();
    assert_eq!(body["token"], rotated.expose());
    assert_eq!(server.counters().refreshes, 2);
    me(&client).await.unwrap();
    assert_eq!(server.counters().unauthorized, 0);
}

#[tokio::test]
async fn logout_calls_the_route_forgets_everything_and_leaves_the_client_anonymous() {
    let server = server().await;
    let client = legacy(&server);
    me(&client).await.unwrap();
    let session = client.session_token().unwrap();

    client.logout().await.unwrap();
    let logouts = to(&server, Method::POST, "/auth/logout");
    assert_eq!(logouts.len(), 1);
    assert_eq!(logouts[0].authorization(), Some(bearer(&session).as_str()));
    assert_eq!(server.counters().logouts, 1);
    assert!(client.anonymous_mode());
    assert_eq!(client.username(), None);
    assert!(client.session_token().is_none());
    assert!(client.refresh_token().is_none());

    server.clear_requests();
    let error = me(&client).await.unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    let sent = on(&server, Listener::Api);
    assert_eq!(sent.len(), 1, "no login behind the caller's back");
    assert!(sent[0].authorization().is_none());
    assert_eq!(server.counters().token_calls, 1);

    // Logging out again is harmless and sends nothing.
    client.logout().await.unwrap();
    assert_eq!(on(&server, Listener::Api).len(), 1);
}

#[tokio::test]
async fn token_calls_pass_through_the_user_layers() {
    let server = server().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let recorder = Arc::clone(&seen);
    let client = base(&server)
        .credentials(DEFAULT_USERNAME, DEFAULT_PASSWORD)
        .layer(tower::util::MapRequestLayer::new(
            move |request: http::Request<asyncdex::RequestBody>| {
                let line = format!("{} {}", request.method(), request.uri().path());
                recorder.lock().unwrap().push(line);
                request
            },
        ))
        .build()
        .unwrap();

    me(&client).await.unwrap(); // logs in on its own
    client.get_session_token().await.unwrap();
    client.logout().await.unwrap();
    client.login(None).await.unwrap_err(); // logged out: nothing stored
    client
        .login(Some(Credentials::username(
            DEFAULT_USERNAME,
            DEFAULT_PASSWORD,
        )))
        .await
        .unwrap();

    assert_eq!(
        *seen.lock().unwrap(),
        [
            // The outermost layer sees the request before the login made on its behalf.
            "GET /user/me",
            "POST /auth/login",
            "POST /auth/refresh",
            "POST /auth/logout",
            "POST /auth/login",
        ],
        "the user layer saw the requests and every token call"
    );
    let sent: Vec<_> = on(&server, Listener::Api)
        .iter()
        .map(|request| request.path.clone())
        .collect();
    assert_eq!(
        sent,
        [
            "/auth/login",
            "/user/me",
            "/auth/refresh",
            "/auth/logout",
            "/auth/login"
        ]
    );
}

#[tokio::test]
async fn oauth_personal_client_logs_in_and_refreshes_at_the_auth_host() {
    let server = server().await;
    let client = oauth(&server).build().unwrap();
    assert!(!client.anonymous_mode());

    let user = me(&client).await.unwrap();
    assert_eq!(user["data"]["attributes"]["username"], DEFAULT_USERNAME);
    let session = client.session_token().unwrap();
    let refresh = client.refresh_token().unwrap();
    let token_calls = on(&server, Listener::Auth);
    assert_eq!(token_calls.len(), 1);
    let form = String::from_utf8(token_calls[0].body.to_vec()).unwrap();
    assert!(form.contains("grant_type=password"), "{form}");
    assert!(
        form.contains(&format!("client_id={DEFAULT_CLIENT_ID}")),
        "{form}"
    );
    assert!(
        to(&server, Method::POST, "/auth/login").is_empty(),
        "no legacy route in the OAuth flow"
    );
    assert_eq!(
        to(&server, Method::GET, "/user/me")[0].authorization(),
        Some(bearer(&session).as_str())
    );

    let renewed = client.get_session_token().await.unwrap();
    let token_calls = on(&server, Listener::Auth);
    assert_eq!(token_calls.len(), 2);
    let form = String::from_utf8(token_calls[1].body.to_vec()).unwrap();
    assert!(form.contains("grant_type=refresh_token"), "{form}");
    assert_ne!(client.refresh_token().unwrap().expose(), refresh.expose());
    assert_ne!(renewed.expose(), session.expose());
    let counters = server.counters();
    assert_eq!((counters.logins, counters.refreshes), (1, 1));
    me(&client).await.unwrap();

    server.clear_requests();
    let last_refresh = client.refresh_token().unwrap();
    client.logout().await.unwrap();
    assert!(client.anonymous_mode());
    assert!(client.session_token().is_none() && client.refresh_token().is_none());
    assert_eq!(client.username(), None);
    // Logging out revokes the refresh token at the realm (RFC 7009): one call, nothing else.
    let calls = server.requests();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(calls[0].listener, Listener::Auth);
    assert!(
        calls[0].path.ends_with("/protocol/openid-connect/revoke"),
        "{calls:?}"
    );
    let form = String::from_utf8(calls[0].body.to_vec()).unwrap();
    assert!(
        form.contains(&format!("token={}", last_refresh.expose())),
        "{form}"
    );
    assert!(form.contains("token_type_hint=refresh_token"), "{form}");
    assert_eq!(server.counters().revocations, 1);
    let error = me(&client).await.unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    assert_eq!(server.counters().token_calls, 2);
    assert_eq!(server.counters().logouts, 0);
    // The revoked refresh token is dead: a client given it cannot get a session.
    let revived = base(&server)
        .oauth_client(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        .auth_url(server.auth_url())
        .refresh_token(last_refresh.expose())
        .build()
        .unwrap();
    assert!(me(&revived).await.is_err());
}

#[tokio::test]
async fn a_saved_refresh_token_alone_authenticates_and_is_never_reused() {
    let server = server().await;
    let first = legacy(&server);
    first.login(None).await.unwrap();
    let saved = first.refresh_token().unwrap();
    drop(first);

    let client = base(&server).refresh_token(saved.expose()).build().unwrap();
    assert!(!client.anonymous_mode());
    assert_eq!(client.username(), None);
    me(&client).await.unwrap();
    let counters = server.counters();
    assert_eq!((counters.logins, counters.refreshes), (1, 1));
    let calls = to(&server, Method::POST, "/auth/refresh");
    let body: serde_json::Value = serde_json::from_slice(&calls[0].body).unwrap();
    assert_eq!(body["token"], saved.expose());
    assert_ne!(client.refresh_token().unwrap().expose(), saved.expose());

    // The spent token is refused by the server; the client says so and drops it.
    let stale = base(&server).refresh_token(saved.expose()).build().unwrap();
    let error = me(&stale).await.unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    let failed = error.token_call().expect("the refused token call");
    assert!(failed.is_rejected(), "{failed:?}");
    assert_eq!(failed.call(), TokenCall::Refresh);
    assert!(stale.refresh_token().is_none());
    // Not anonymous: the client was set up to be logged in, so its calls fail until the user
    // gives it something new.
    assert!(!stale.anonymous_mode());
    assert!(me(&stale).await.unwrap_err().is_unauthorized());
    // The first client is unaffected.
    me(&client).await.unwrap();
    assert_eq!(server.counters().refreshes, 1);
}

#[tokio::test]
async fn a_revoked_session_gets_one_renewal_and_one_replay_with_the_same_body() {
    let server = server().await;
    let client = legacy(&server);
    me(&client).await.unwrap();
    let revoked = client.session_token().unwrap();

    // Someone else ends this session (and its refresh token) behind the client's back.
    let other = base(&server).build().unwrap();
    other
        .request(Method::POST, "/auth/logout")
        .header("authorization", &bearer(&revoked))
        .with_auth(false)
        .send()
        .await
        .unwrap();
    assert_eq!(server.counters().logouts, 1);
    server.clear_requests();
    let before = server.counters();

    let list: serde_json::Value = client
        .request(Method::POST, "/list")
        .json(&serde_json::json!({"name": "replayed", "visibility": "private"}))
        .send_json()
        .await
        .unwrap();
    assert_eq!(list["data"]["attributes"]["name"], "replayed");
    let after = server.counters();
    // The refresh token died with the session: one refused refresh, then a re-login with the
    // stored credentials.
    let refreshes = to(&server, Method::POST, "/auth/refresh");
    assert_eq!(refreshes.len(), 1);
    assert_eq!(refreshes[0].status, Some(401));
    assert_eq!(after.logins - before.logins, 1);
    assert_eq!(after.token_calls - before.token_calls, 2);
    let renewed = client.session_token().unwrap();
    assert_ne!(renewed.expose(), revoked.expose());
    let posts = to(&server, Method::POST, "/list");
    assert_eq!(posts.len(), 2, "one send, one replay");
    assert_eq!(posts[0].authorization(), Some(bearer(&revoked).as_str()));
    assert_eq!(posts[0].status, Some(401));
    assert_eq!(posts[1].authorization(), Some(bearer(&renewed).as_str()));
    assert_eq!(posts[1].status, Some(200));
    assert_eq!(
        posts[0].body, posts[1].body,
        "the replay carries the same bytes"
    );
    assert_eq!(
        &posts[1].body[..],
        br#"{"name":"replayed","visibility":"private"}"#
    );
}

/// Lets the paused clock run until the client considers its session due for a refresh. The
/// deadline is on the same paused clock: a session that never goes stale fails the test
/// instead of looping forever.
async fn until_stale(client: &MangadexClient) {
    let deadline = Instant::now() + Duration::from_secs(3);
    while client.session_token().is_some() {
        assert!(Instant::now() < deadline, "the session never went stale");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Calls `/user/me` every 100 ms of the (paused) clock for `span`.
async fn keep_calling(client: &MangadexClient, span: Duration) {
    let end = Instant::now() + span;
    while Instant::now() < end {
        me(client).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Each renewal (`renewals`, in order) went out while the token it replaced, issued by the
/// token call `issue` or by the renewal before it, was still valid on the server.
fn renewed_in_time(issue: &LoggedRequest, renewals: &[LoggedRequest], lifetime: Duration) {
    let mut issued = issue.at;
    for renewal in renewals {
        let age = renewal.at - issued;
        assert!(age < lifetime, "renewed {age:?} after issue: too late");
        issued = renewal.at;
    }
}

// On the paused clock, the server's too (token expiry included), so a session expires without
// the test waiting for it. One expiry crossed, not more: a legacy session's lifetime is read
// off the token's `exp` against the system clock, which stands still on paused time while
// the server's moves on, so from the first renewal on the client would think its tokens live
// longer by the time the test advanced. The OAuth test below, whose lifetime comes in
// `expires_in`, crosses several.
#[tokio::test(start_paused = true)]
async fn a_short_lived_session_is_refreshed_before_it_expires() {
    let lifetime = Duration::from_secs(2);
    let server = mock().access_token_lifetime(lifetime).start().await;
    let client = legacy(&server);
    keep_calling(&client, lifetime + lifetime / 4).await;
    let counters = server.counters();
    // A client that did not renew ahead would have sent the first token past its expiry.
    assert_eq!(
        counters.unauthorized, 0,
        "an expired token reached the server"
    );
    assert_eq!(counters.logins, 1);
    // And it renewed once the session had aged, not on every call (25 of them).
    assert!((1..=2).contains(&counters.refreshes), "{counters:?}");
    let login = &to(&server, Method::POST, "/auth/login")[0];
    renewed_in_time(login, &to(&server, Method::POST, "/auth/refresh"), lifetime);
    assert!(
        on(&server, Listener::Api)
            .iter()
            .all(|request| request.status != Some(401))
    );
}

#[tokio::test(start_paused = true)]
async fn an_oauth_session_is_refreshed_before_each_expiry() {
    let lifetime = Duration::from_secs(2);
    let server = mock().access_token_lifetime(lifetime).start().await;
    let client = oauth(&server).build().unwrap();
    keep_calling(&client, lifetime * 2 + lifetime / 4).await;
    let counters = server.counters();
    assert_eq!(
        counters.unauthorized, 0,
        "an expired token reached the server"
    );
    assert_eq!(counters.logins, 1);
    // The lifetime is `expires_in` (2 s) and the margin half of it: a renewal each second.
    assert_eq!(counters.refreshes, 4, "{counters:?}");
    let calls = on(&server, Listener::Auth);
    let grant = |call: &LoggedRequest| String::from_utf8_lossy(&call.body).into_owned();
    assert!(grant(&calls[0]).contains("grant_type=password"));
    assert!(
        calls[1..]
            .iter()
            .all(|call| grant(call).contains("grant_type=refresh_token"))
    );
    renewed_in_time(&calls[0], &calls[1..], lifetime);
}

// On the paused clock, where the session goes stale without the test waiting for it (see
// `until_stale`). One thread: the 250 calls are still all in flight at once, each reaching the
// auth layer while the one token call is on the wire; were each to start its own, the server
// would count 250.
#[tokio::test(start_paused = true)]
async fn concurrent_requests_with_a_stale_token_share_one_token_call() {
    const REQUESTS: usize = 250;
    let server = mock()
        .access_token_lifetime(Duration::from_secs(2))
        .start()
        .await;
    let client = legacy(&server);
    client.login(None).await.unwrap();
    until_stale(&client).await;
    let before = server.counters();

    let tasks: Vec<_> = (0..REQUESTS)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { me(&client).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let after = server.counters();
    assert_eq!(after.token_calls - before.token_calls, 1);
    assert_eq!(after.refreshes - before.refreshes, 1);
    assert_eq!(after.logins, 1);
    assert_eq!(after.unauthorized, 0);
    let session = client.session_token().unwrap();
    let sent = to(&server, Method::GET, "/user/me");
    assert_eq!(sent.len(), REQUESTS);
    assert!(
        sent.iter()
            .all(|request| request.authorization() == Some(bearer(&session).as_str())),
        "every request waited for the one new token"
    );
}

/// A foreign HTTP server on loopback that records every request head it gets.
async fn foreign_host() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let heads = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&heads);
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let log = Arc::clone(&log);
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buffer = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buffer[..n]),
                    }
                }
                log.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&head).into_owned());
                let answer = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 15\r\nconnection: close\r\n\r\n{\"result\":\"ok\"}";
                let _ = stream.write_all(answer).await;
            });
        }
    });
    (url, heads)
}

#[tokio::test]
async fn the_token_goes_to_the_api_only_and_not_with_with_auth_false() {
    let server = server().await;
    let client = legacy(&server);
    me(&client).await.unwrap();
    let session = client.session_token().unwrap();
    let token_calls = server.counters().token_calls;
    server.clear_requests();

    // `with_auth(false)` to the API: no header, and no token call either.
    client
        .request(Method::GET, "/manga")
        .with_auth(false)
        .send()
        .await
        .unwrap();
    let error = client
        .request(Method::GET, "/user/me")
        .with_auth(false)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    let sent = on(&server, Listener::Api);
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|request| request.authorization().is_none()));

    // The image node, the MD@Home report host and a foreign host never see it.
    let chapter = server.catalogue().chapter_with_pages();
    let page = format!(
        "{}/data/{}/{}",
        server.image_url(),
        chapter.hash,
        chapter.data_files()[0]
    );
    let image = client.request(Method::GET, &page).send().await.unwrap();
    assert_eq!(image.status(), StatusCode::OK);
    let report = serde_json::json!({
        "url": page, "success": true, "bytes": 1024, "duration": 12, "cached": false,
    });
    let reported = client
        .request(Method::POST, server.report_url())
        .json(&report)
        .send()
        .await
        .unwrap();
    assert!(reported.status().is_success());
    let (foreign, heads) = foreign_host().await;
    client
        .request(Method::GET, format!("{foreign}/user/me"))
        .send()
        .await
        .unwrap();

    let counters = server.counters();
    assert_eq!(counters.leaked_tokens, 0);
    assert_eq!(counters.images_served, 1);
    assert_eq!(counters.reports, 1);
    for listener in [Listener::Image, Listener::Report] {
        let sent = on(&server, listener);
        assert_eq!(sent.len(), 1, "{listener:?}");
        assert!(sent[0].authorization().is_none(), "{listener:?}");
    }
    let heads = heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 1);
    assert!(heads[0].starts_with("GET /user/me "), "{}", heads[0]);
    let head = heads[0].to_ascii_lowercase();
    assert!(!head.contains("authorization"), "{head}");
    assert!(!head.contains(&session.expose().to_ascii_lowercase()));

    // And the API still gets it.
    me(&client).await.unwrap();
    assert_eq!(
        on(&server, Listener::Api).last().unwrap().authorization(),
        Some(bearer(&session).as_str())
    );
    assert_eq!(server.counters().token_calls, token_calls);
}

#[tokio::test]
async fn anonymous_mode_drops_the_credentials_and_makes_no_token_call() {
    let server = server().await;
    let client = base(&server)
        .credentials(DEFAULT_USERNAME, DEFAULT_PASSWORD)
        .refresh_token("a-saved-refresh-token")
        .anonymous(true)
        .build()
        .unwrap();
    assert!(client.anonymous_mode());
    assert_eq!(client.username(), None);
    assert!(client.refresh_token().is_none());

    client.request(Method::GET, "/manga").send().await.unwrap();
    let error = me(&client).await.unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    let error = client.get_session_token().await.unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");

    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|request| request.authorization().is_none()));
    assert_eq!(server.counters().token_calls, 0);
    assert!(client.anonymous_mode());
}

#[tokio::test]
async fn a_transient_token_call_failure_keeps_the_credentials() {
    let server = server().await;
    server.set_faults(FaultPlan::new().first_n(
        Method::POST,
        "/auth/login",
        2,
        FaultKind::ServiceUnavailable,
    ));
    let client = legacy(&server);

    let error = client
        .request(Method::GET, "/user/me")
        .retries(0)
        .send()
        .await
        .unwrap_err();
    assert!(error.is_auth(), "{error:?}");
    let failed = error.token_call().expect("the failed token call");
    assert!(failed.is_transient() && !failed.is_rejected(), "{failed:?}");
    assert_eq!(failed.call(), TokenCall::Login);
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(client.username().as_deref(), Some(DEFAULT_USERNAME));
    assert!(!client.anonymous_mode());
    assert!(
        to(&server, Method::GET, "/user/me").is_empty(),
        "nothing sent without the token it needs"
    );

    let error = client.login(None).await.unwrap_err();
    assert!(error.is_auth(), "{error:?}");
    assert!(error.token_call().unwrap().is_transient(), "{error:?}");
    assert_eq!(client.username().as_deref(), Some(DEFAULT_USERNAME));

    me(&client).await.unwrap();
    let counters = server.counters();
    assert_eq!((counters.faults_injected, counters.logins), (2, 1));
    let logins = to(&server, Method::POST, "/auth/login");
    assert_eq!(logins.len(), 3, "two failed calls, then one that worked");
    assert_eq!(
        logins.iter().map(|call| call.status).collect::<Vec<_>>(),
        [Some(503), Some(503), Some(200)]
    );
    assert!(logins.iter().all(|call| call.body == logins[0].body));
    assert!(client.session_token().is_some());
}

/// A wrong password is a typed refusal carrying the server's words; the client does not go on
/// anonymously: every call, public ones too, fails the same way without a token call until
/// the user logs in again (the same credentials, tried again on request, or good ones).
async fn refused_credentials_stay_refused_until_a_new_login(
    server: &MockServer,
    client: &MangadexClient,
    title: &str,
    detail: &str,
) {
    let token_calls = || server.counters().token_calls;
    let error = me(client).await.unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    assert!(
        !error.is_auth(),
        "a refusal is not a passing failure: {error:?}"
    );
    let first = &error.api_errors()[0];
    assert_eq!(
        (first.title.as_str(), first.detail.as_deref()),
        (title, Some(detail))
    );
    let shown = error.to_string();
    assert!(shown.contains(title) && shown.contains(detail), "{shown}");
    assert_eq!(token_calls(), 1, "a refusal is not retried");
    assert!(!client.anonymous_mode());
    assert_eq!(client.username().as_deref(), Some(DEFAULT_USERNAME));

    // A public call fails the same way: no second login, nothing sent anonymously.
    let public = client
        .request(Method::GET, "/manga")
        .send()
        .await
        .unwrap_err();
    assert!(public.is_unauthorized(), "{public:?}");
    assert_eq!(public.api_errors(), error.api_errors());
    assert!(to(server, Method::GET, "/manga").is_empty());
    assert!(
        client
            .get_session_token()
            .await
            .unwrap_err()
            .is_unauthorized()
    );
    assert_eq!(token_calls(), 1);

    // `login(None)` asks the server again with the same credentials.
    let again = client.login(None).await.unwrap_err();
    assert!(again.is_unauthorized(), "{again:?}");
    assert_eq!(token_calls(), 2, "the server was asked again");

    // Good credentials recover.
    client
        .login(Some(Credentials::username(
            DEFAULT_USERNAME,
            DEFAULT_PASSWORD,
        )))
        .await
        .unwrap();
    client.request(Method::GET, "/manga").send().await.unwrap();
    me(client).await.unwrap();
    assert_eq!(server.counters().logins, 1);
}

#[tokio::test]
async fn a_wrong_legacy_password_is_unauthorized_with_the_servers_words_until_a_new_login() {
    let server = server().await;
    let client = base(&server)
        .credentials(DEFAULT_USERNAME, WRONG_PASSWORD)
        .build()
        .unwrap();
    refused_credentials_stay_refused_until_a_new_login(
        &server,
        &client,
        "unauthorized_http_exception",
        "User / Password does not match",
    )
    .await;
    let logins = to(&server, Method::POST, "/auth/login");
    assert_eq!(
        logins.iter().map(|call| call.status).collect::<Vec<_>>(),
        [Some(401), Some(401), Some(200)]
    );
    assert_eq!(
        logins[0].body, logins[1].body,
        "login(None) sent the same credentials"
    );
}

#[tokio::test]
async fn a_wrong_oauth_password_is_unauthorized_with_the_servers_words_until_a_new_login() {
    let server = server().await;
    let client = oauth(&server)
        .credentials(DEFAULT_USERNAME, WRONG_PASSWORD)
        .build()
        .unwrap();
    refused_credentials_stay_refused_until_a_new_login(
        &server,
        &client,
        "invalid_grant",
        "Invalid user credentials",
    )
    .await;
    let token_calls = on(&server, Listener::Auth);
    assert_eq!(token_calls.len(), 3, "{token_calls:?}");
    assert_eq!(token_calls[0].body, token_calls[1].body);
}

#[tokio::test]
async fn logout_after_refused_credentials_makes_the_client_anonymous_without_a_call() {
    let server = server().await;
    let client = base(&server)
        .credentials(DEFAULT_USERNAME, WRONG_PASSWORD)
        .build()
        .unwrap();
    assert!(me(&client).await.unwrap_err().is_unauthorized());
    client.logout().await.unwrap();
    assert!(client.anonymous_mode());
    assert_eq!(client.username(), None);
    client.request(Method::GET, "/manga").send().await.unwrap();
    let counters = server.counters();
    assert_eq!((counters.token_calls, counters.logouts), (1, 0));
}

#[tokio::test]
async fn a_server_error_on_login_keeps_the_credentials_and_the_next_call_logs_in() {
    let server = server().await;
    server.set_faults(FaultPlan::new().first_n(
        Method::POST,
        "/auth/login",
        1,
        FaultKind::ServiceUnavailable,
    ));
    let client = legacy(&server);
    let error = client.login(None).await.unwrap_err();
    assert!(error.is_auth() && !error.is_unauthorized(), "{error:?}");
    me(&client).await.unwrap();
    assert_eq!(server.counters().logins, 1);
}

/// Debug and Display of an error and its whole source chain.
fn describe(error: &Error) -> String {
    let mut text = format!("{error:?} / {error}");
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        text.push_str(&format!(" / {inner:?} / {inner}"));
        source = inner.source();
    }
    text
}

#[tokio::test]
async fn no_secret_in_debug_display_or_errors_after_a_full_session() {
    const PASSWORD: &str = "pw-5d1c7e-do-not-print";
    const SECRET: &str = "cs-83af02-do-not-print";
    let server = mock()
        .user("redaction-reader", PASSWORD)
        .oauth_client("redaction-client", SECRET)
        .start()
        .await;
    let mut secrets = vec![PASSWORD.to_owned(), SECRET.to_owned()];
    let mut texts = Vec::new();

    // Legacy: login, use, refresh, errors of every kind, logout.
    let builder = base(&server).credentials("redaction-reader", PASSWORD);
    texts.push(format!("{builder:?}"));
    let client = builder.build().unwrap();
    me(&client).await.unwrap();
    secrets.push(client.session_token().unwrap().expose().to_owned());
    secrets.push(client.refresh_token().unwrap().expose().to_owned());
    texts.push(format!("{client:?} {:?}", client.auth()));
    texts.push(format!(
        "{:?} {:?} {:?}",
        client.session_token(),
        client.refresh_token(),
        client.auth().credentials()
    ));
    let renewed = client.get_session_token().await.unwrap();
    secrets.push(renewed.expose().to_owned());
    secrets.push(client.refresh_token().unwrap().expose().to_owned());
    texts.push(format!("{client:?} {:?} {renewed:?}", client.auth()));
    let mut errors = vec![
        client
            .request(Method::GET, "/user/me")
            .with_auth(false)
            .send()
            .await
            .unwrap_err(),
        client
            .request(Method::POST, "/auth/refresh")
            .json(&serde_json::json!({"token": "garbage-token"}))
            .send()
            .await
            .unwrap_err(),
    ];
    server.set_faults(FaultPlan::new().first_n(
        Method::POST,
        "/auth/refresh",
        1,
        FaultKind::MalformedJson,
    ));
    errors.push(client.get_session_token().await.unwrap_err());
    server.set_faults(FaultPlan::new());
    errors.push(
        client
            .login(Some(Credentials::username(
                "redaction-reader",
                "a-wrong-password",
            )))
            .await
            .unwrap_err(),
    );
    client
        .login(Some(Credentials::username("redaction-reader", PASSWORD)))
        .await
        .unwrap();
    secrets.push(client.session_token().unwrap().expose().to_owned());
    secrets.push(client.refresh_token().unwrap().expose().to_owned());
    texts.push(format!("{client:?} {:?}", client.auth()));
    client.logout().await.unwrap();
    errors.push(me(&client).await.unwrap_err());
    errors.push(client.login(None).await.unwrap_err());
    texts.push(format!("{client:?} {:?}", client.auth()));

    // OAuth: the client secret too.
    let builder = base(&server)
        .oauth_client("redaction-client", SECRET)
        .auth_url(server.auth_url())
        .credentials("redaction-reader", PASSWORD);
    texts.push(format!("{builder:?}"));
    let client = builder.build().unwrap();
    me(&client).await.unwrap();
    client.get_session_token().await.unwrap();
    secrets.push(client.session_token().unwrap().expose().to_owned());
    secrets.push(client.refresh_token().unwrap().expose().to_owned());
    texts.push(format!("{client:?} {:?}", client.auth()));
    server.set_faults(
        FaultPlan::new().rule(
            asyncdex_mock::FaultRule::new(FaultKind::ServiceUnavailable)
                .on(Listener::Auth)
                .times(1),
        ),
    );
    errors.push(client.get_session_token().await.unwrap_err());
    errors.push(
        client
            .login(Some(Credentials::username(
                "redaction-reader",
                "a-wrong-password",
            )))
            .await
            .unwrap_err(),
    );

    assert!(errors.iter().any(Error::is_auth), "{errors:?}");
    assert!(errors.iter().any(Error::is_unauthorized), "{errors:?}");
    texts.extend(errors.iter().map(describe));
    let everything = texts.join("\n");
    assert!(everything.contains("redaction-reader"), "{everything}");
    for secret in &secrets {
        assert!(secret.len() >= 8, "{secret:?} is too short to test");
        assert!(
            !everything.contains(secret.as_str()),
            "{secret:?} leaked into:\n{everything}"
        );
    }
}

#[tokio::test]
async fn an_auth_url_without_tls_is_refused_unless_on_loopback() {
    let server = server().await;
    // The password and the client secret would travel in clear text.
    for api in ["https://api.mangadex.org", server.url()] {
        let error = MangadexClient::builder()
            .api_url(api)
            .oauth_client(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
            .auth_url("http://auth.example.org/realms/mangadex/protocol/openid-connect/token")
            .credentials(DEFAULT_USERNAME, DEFAULT_PASSWORD)
            .build()
            .unwrap_err();
        assert!(error.is_invalid_input(), "{api}: {error:?}");
        assert!(!format!("{error:?} {error}").contains(DEFAULT_CLIENT_SECRET));
    }
    let tls = MangadexClient::builder()
        .oauth_client(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        .auth_url("https://auth.example.org/token")
        .build();
    assert!(tls.is_ok(), "{tls:?}");
    let loopback = oauth(&server).build();
    assert!(loopback.is_ok(), "{loopback:?}");
    assert!(server.requests().is_empty());
}
