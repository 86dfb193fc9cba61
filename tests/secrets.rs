//! Secrets: a whole session with credentials, legacy and OAuth, with every tracing
//! event captured at TRACE and the `Debug`/`Display` of everything a user can print: the
//! password, the client secret, session tokens and refresh tokens never appear. And the token
//! never reaches a host other than the API and auth hosts: not through absolute URLs, not
//! through redirects.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use asyncdex::{Credentials, MangadexClient};
use asyncdex_mock::{DEFAULT_CLIENT_ID, Listener, MockServer};
use asyncdex_tower::ratelimit::Ratelimits;
use http::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber, span};

const USER: &str = "secret-keeper";
const PASSWORD: &str = "pw-Zq8vN3-never-printed";
const CLIENT_ID: &str = "secret-keeper-client";
const CLIENT_SECRET: &str = "cs-7Hk2Lm-never-printed";

/// Records every span and event (target, level, every field) as text.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<String>>);

impl Visit for Recorder {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0.lock().unwrap(), " {}={value:?}", field.name());
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0.lock().unwrap(), " {}={value}", field.name());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }
    fn new_span(&self, span: &span::Attributes<'_>) -> span::Id {
        let _ = write!(self.0.lock().unwrap(), "\nspan {}:", span.metadata().name());
        span.record(&mut self.clone());
        span::Id::from_u64(1)
    }
    fn record(&self, _: &span::Id, values: &span::Record<'_>) {
        values.record(&mut self.clone());
    }
    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}
    fn event(&self, event: &Event<'_>) {
        let metadata = event.metadata();
        let _ = write!(
            self.0.lock().unwrap(),
            "\n{} {}:",
            metadata.level(),
            metadata.target()
        );
        event.record(&mut self.clone());
    }
    fn enter(&self, _: &span::Id) {}
    fn exit(&self, _: &span::Id) {}
}

fn limits() -> Ratelimits {
    Ratelimits::default().with_global(500, Duration::from_secs(1))
}

/// Every secret the mock saw or issued: bearer tokens from `Authorization` headers, refresh
/// tokens from token-call bodies, plus the password and client secret.
fn secrets_seen(mock: &MockServer) -> Vec<String> {
    let mut secrets = vec![PASSWORD.to_owned(), CLIENT_SECRET.to_owned()];
    for request in mock.requests() {
        if let Some(bearer) = request.authorization() {
            secrets.push(bearer.trim_start_matches("Bearer ").to_owned());
        }
        let body = String::from_utf8_lossy(&request.body).into_owned();
        if let Ok(json) = serde_json::from_str::<serde_json::Value>(&body)
            && let Some(token) = json["token"].as_str()
        {
            secrets.push(token.to_owned());
        }
        for pair in body.split('&') {
            if let Some(token) = pair.strip_prefix("refresh_token=") {
                secrets.push(token.to_owned());
            }
        }
    }
    secrets.retain(|secret| secret.len() >= 8);
    secrets.sort();
    secrets.dedup();
    secrets
}

/// One whole session of `client`, printing everything printable into `shown`.
async fn session(mock: &MockServer, client: &MangadexClient, shown: &mut Vec<String>) {
    let me: serde_json::Value = client
        .request(Method::GET, "/user/me")
        .send_json()
        .await
        .unwrap();
    assert_eq!(me["data"]["attributes"]["username"], USER);
    let manga = mock.catalogue().manga[0].id;
    let response = client
        .request(Method::GET, format!("/manga/{manga}"))
        .send()
        .await
        .unwrap();
    shown.push(format!("{response:?}"));
    // A refresh, then requests with the new token.
    let token = client.get_session_token().await.unwrap();
    shown.push(format!("{token:?} {token}"));
    // Tokens expire (2 s lifetime on the mock): the client refreshes on its own. The clock is
    // paused, and the mock shares it: moving it on is what expires the token, not a sleep.
    let refreshes = mock.counters().refreshes;
    tokio::time::advance(Duration::from_millis(2200)).await;
    let _ = client
        .request(Method::GET, "/user/follows/manga")
        .send()
        .await
        .unwrap();
    assert_eq!(
        mock.counters().refreshes,
        refreshes + 1,
        "exactly one refresh"
    );
    // Errors of every kind an authenticated client meets.
    let not_found = client
        .request(Method::GET, "/manga/00000000-0000-0000-0000-000000000000")
        .send()
        .await
        .unwrap_err();
    let bad = client
        .request(Method::GET, "/manga")
        .param("limit", 1000)
        .send_json::<serde_json::Value>()
        .await
        .unwrap_err();
    let refused = client
        .login(Some(Credentials::username(USER, "wrong-password-123")))
        .await;
    let refused = refused.unwrap_err();
    assert!(refused.is_unauthorized(), "{refused:?}");
    client
        .login(Some(Credentials::username(USER, PASSWORD)))
        .await
        .unwrap();
    // The raw token calls, as a user could make them, and their answers printed.
    let login = client
        .request(Method::POST, "/auth/login")
        .json(&serde_json::json!({ "username": USER, "password": PASSWORD }))
        .with_auth(false);
    shown.push(format!("{login:?}"));
    if let Ok(answer) = login.send().await {
        shown.push(format!("{answer:?}"));
        let decode = answer.json::<Vec<u8>>().unwrap_err();
        shown.push(format!("{decode:?} {decode}"));
    }
    let explicit = client.request(Method::GET, "/user/me").header(
        "authorization",
        &format!("Bearer {}", client.session_token().unwrap().expose()),
    );
    shown.push(format!("{explicit:?}"));
    let _ = explicit.send().await;
    for error in [&not_found, &bad, &refused] {
        shown.push(format!("{error:?} {error} {:?}", error.api_errors()));
    }
    shown.push(format!(
        "{client:?} {:?} {:?} {:?} {:?}",
        client.auth(),
        client.refresh_token(),
        client.session_token(),
        client.ratelimits()
    ));
    if let Some(refresh) = client.refresh_token() {
        shown.push(format!("{refresh} {refresh:?} {refresh:#?}"));
    }
    client.logout().await.unwrap();
    let anonymous = client
        .request(Method::GET, "/user/me")
        .send()
        .await
        .unwrap_err();
    assert!(anonymous.is_unauthorized(), "{anonymous:?}");
    shown.push(format!("{client:?} {anonymous:?} {anonymous}"));
}

#[tokio::test(start_paused = true)]
async fn no_secret_in_tracing_debug_or_display() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    tracing::trace!(target: "secrets", "recorder on");
    let mock = MockServer::builder()
        .global_limit(1000)
        .user(USER, PASSWORD)
        .oauth_client(CLIENT_ID, CLIENT_SECRET)
        .access_token_lifetime(Duration::from_secs(2))
        .start()
        .await;
    let mut shown = Vec::new();

    // Legacy session.
    let builder = MangadexClient::builder()
        .api_url(mock.url())
        .credentials(USER, PASSWORD)
        .ratelimits(limits());
    shown.push(format!("{builder:?}"));
    let legacy = builder.build().unwrap();
    session(&mock, &legacy, &mut shown).await;

    // OAuth personal client, then a client resuming from a saved refresh token.
    let builder = MangadexClient::builder()
        .api_url(mock.url())
        .auth_url(mock.auth_url())
        .oauth_client(CLIENT_ID, CLIENT_SECRET)
        .credentials(USER, PASSWORD)
        .ratelimits(limits());
    shown.push(format!("{builder:?}"));
    let oauth = builder.build().unwrap();
    session(&mock, &oauth, &mut shown).await;
    oauth.login(None).await.unwrap_err(); // logged out: no credentials left
    let resumed_from = {
        let fresh = MangadexClient::builder()
            .api_url(mock.url())
            .auth_url(mock.auth_url())
            .oauth_client(CLIENT_ID, CLIENT_SECRET)
            .credentials(USER, PASSWORD)
            .ratelimits(limits())
            .build()
            .unwrap();
        fresh.get_session_token().await.unwrap();
        fresh.refresh_token().unwrap()
    };
    let builder = MangadexClient::builder()
        .api_url(mock.url())
        .auth_url(mock.auth_url())
        .oauth_client(CLIENT_ID, CLIENT_SECRET)
        .refresh_token(resumed_from.expose())
        .ratelimits(limits());
    shown.push(format!("{builder:?}"));
    let resumed = builder.build().unwrap();
    let _ = resumed
        .request(Method::GET, "/user/me")
        .send()
        .await
        .unwrap();
    // A wrong client secret: the OAuth error answer.
    let wrong = MangadexClient::builder()
        .api_url(mock.url())
        .auth_url(mock.auth_url())
        .oauth_client(CLIENT_ID, "wrong-client-secret-1")
        .credentials(USER, PASSWORD)
        .ratelimits(limits())
        .build()
        .unwrap();
    let error = wrong
        .request(Method::GET, "/user/me")
        .send()
        .await
        .unwrap_err();
    shown.push(format!("{error:?} {error}"));
    shown.push(format!("{wrong:?} {resumed:?}"));

    let events = recorder.0.lock().unwrap().clone();
    assert!(events.contains("asyncdex_tower::auth"), "{events}");
    assert!(events.contains("DEBUG"), "{events}");
    shown.push(events);

    let secrets = secrets_seen(&mock);
    // Sessions: legacy (2 logins, refreshes) and OAuth (idem), the resumed one and the raw
    // login: plenty of distinct tokens.
    assert!(secrets.len() >= 10, "{secrets:?}");
    assert!(mock.counters().refreshes >= 4, "{:?}", mock.counters());
    for text in &shown {
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "secret {secret:?} printed in:\n{text}"
            );
        }
    }
    // The default client id is not a secret, but the test's client id is printed nowhere odd.
    let _ = DEFAULT_CLIENT_ID;
    let _ = Level::TRACE;
}

// ---------------------------------------------------------------------------------------------
// The token's reach.

/// A raw HTTP server recording every request head; answers `script(path)`.
async fn recording_server(
    script: impl Fn(&str) -> String + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let heads: Arc<Mutex<Vec<String>>> = Arc::default();
    let recorded = heads.clone();
    let script = Arc::new(script);
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let (recorded, script) = (recorded.clone(), script.clone());
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match stream.read(&mut byte).await {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                let head = String::from_utf8_lossy(&head).into_owned();
                let length = head
                    .lines()
                    .find_map(|line| {
                        line.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                    })
                    .unwrap_or(0);
                let mut body = vec![0u8; length];
                let _ = stream.read_exact(&mut body).await;
                let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
                recorded.lock().unwrap().push(head);
                let _ = stream.write_all(script(&path).as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    (url, heads)
}

fn http_answer(status: &str, headers: &[String], body: &str) -> String {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
        body.len()
    );
    for header in headers {
        out.push_str(header);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.push_str(body);
    out
}

fn carries_token(heads: &[String]) -> bool {
    heads
        .iter()
        .any(|head| head.to_ascii_lowercase().contains("\r\nauthorization:"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_stays_on_the_api_and_auth_hosts() {
    // Elsewhere: a host that records what reaches it.
    let (elsewhere, elsewhere_heads) =
        recording_server(|_| http_answer("200 OK", &[], r#"{"result":"ok"}"#)).await;
    // The API: legacy login, and redirects to elsewhere.
    let target = elsewhere.clone();
    let (api, api_heads) = recording_server(move |path| match path {
        "/auth/login" => http_answer(
            "200 OK",
            &[],
            r#"{"result":"ok","token":{"session":"session-token-abcdefgh","refresh":"refresh-token-abcdefgh"}}"#,
        ),
        "/redirect" => http_answer("302 Found", &[format!("location: {target}/stolen")], ""),
        "/redirect-relative" => http_answer("307 Temporary Redirect", &["location: /elsewhere".to_owned()], ""),
        _ => http_answer("200 OK", &[], r#"{"result":"ok"}"#),
    })
    .await;
    let client = MangadexClient::builder()
        .api_url(&api)
        .credentials(USER, PASSWORD)
        .ratelimits(limits())
        .build()
        .unwrap();

    // The API gets the token.
    client
        .request(Method::GET, "/user/me")
        .send()
        .await
        .unwrap();
    assert!(
        carries_token(&api_heads.lock().unwrap()),
        "no token sent to the API"
    );

    // Redirects are not followed: no request reaches elsewhere.
    for path in ["/redirect", "/redirect-relative"] {
        let error = client.request(Method::GET, path).send().await.unwrap_err();
        assert!(error.is_http(), "{error:?}");
        assert!(error.status().unwrap().is_redirection());
    }
    assert!(elsewhere_heads.lock().unwrap().is_empty());

    // Absolute URLs to other hosts (another port of the same machine is another origin) go
    // without a token, whatever the method, and even with `with_auth(true)`.
    let other_port = format!("{elsewhere}/manga");
    let same_host_by_name = api.replace("127.0.0.1", "localhost");
    for (method, url) in [
        (Method::GET, other_port.clone()),
        (Method::POST, format!("{elsewhere}/auth/login")),
        (Method::GET, format!("{same_host_by_name}/user/me")),
    ] {
        let _ = client
            .request(method.clone(), &url)
            .with_auth(true)
            .send()
            .await;
    }
    let heads = elsewhere_heads.lock().unwrap().clone();
    assert!(heads.len() >= 2, "{heads:?}");
    assert!(
        !carries_token(&heads),
        "a token reached another host: {heads:?}"
    );
    // "localhost" names the API's machine but not its origin: the only requests it saw
    // came without a token (they reached the API listener, which records them).
    let last = api_heads.lock().unwrap().last().cloned().unwrap();
    assert!(last.contains("localhost"), "{last}");
    assert!(!carries_token(&[last]));

    // The mock's image and report hosts: absolute URLs given to `request` carry no token.
    let mock = MockServer::builder().global_limit(1000).start().await;
    let client = MangadexClient::builder()
        .api_url(mock.url())
        .ratelimits(limits())
        .credentials(
            asyncdex_mock::DEFAULT_USERNAME,
            asyncdex_mock::DEFAULT_PASSWORD,
        )
        .build()
        .unwrap();
    let chapter = mock
        .catalogue()
        .chapters
        .iter()
        .find(|c| c.external_url.is_none())
        .unwrap();
    let at_home: serde_json::Value = client
        .request(Method::GET, format!("/at-home/server/{}", chapter.id))
        .send_json()
        .await
        .unwrap();
    let base = at_home["baseUrl"].as_str().unwrap();
    let page = format!("{base}/data/{}/{}", chapter.hash, chapter.data_files()[0]);
    let image = client.request(Method::GET, &page).send().await.unwrap();
    assert!(!image.bytes().is_empty());
    let _ = client
        .request(Method::POST, mock.report_url())
        .json(&serde_json::json!({
            "url": page, "success": true, "cached": false, "bytes": image.bytes().len(), "duration": 10,
        }))
        .send()
        .await;
    let counters = mock.counters();
    assert_eq!(counters.leaked_tokens, 0, "{counters:?}");
    assert!(counters.requests_by_listener[&Listener::Image] >= 1);
    assert!(
        mock.requests()
            .iter()
            .filter(|request| request.listener == Listener::Api)
            .any(|request| request.authorization().is_some())
    );
}
