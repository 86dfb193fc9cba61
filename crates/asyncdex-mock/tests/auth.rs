//! Legacy session tokens and OAuth2: login, expiry, rotation, logout, 401s.

mod common;

use std::time::Duration;

use asyncdex_mock::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer,
};
use common::{TestClient, assert_error, assert_schema, jwt_payload};
use http::Method;
use serde_json::json;

async fn server() -> MockServer {
    MockServer::builder()
        .no_global_limit()
        .access_token_lifetime(Duration::from_secs(60))
        .refresh_token_lifetime(Duration::from_secs(600))
        .user("alice", "alice-password")
        .oauth_client("my-client", "my-secret")
        .start()
        .await
}

async fn legacy_login(c: &TestClient, s: &MockServer, user: &str, pass: &str) -> (String, String) {
    let a = c
        .json(
            Method::POST,
            &format!("{}/auth/login", s.url()),
            None,
            &json!({"username": user, "password": pass}),
        )
        .await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    let v = a.json();
    assert_schema(&v, "LoginResponse");
    (
        v["token"]["session"].as_str().unwrap().to_owned(),
        v["token"]["refresh"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test(start_paused = true)]
async fn legacy_login_expiry_refresh_rotation_logout() {
    let s = server().await;
    let c = TestClient::new();
    let (session, refresh) = legacy_login(&c, &s, DEFAULT_USERNAME, DEFAULT_PASSWORD).await;
    let exp = jwt_payload(&session)["exp"].as_i64().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!((exp - now - 60).abs() <= 2, "exp {exp} now {now}");
    assert_eq!(jwt_payload(&refresh)["typ"], "refresh");

    let me = c.get_auth(&format!("{}/user/me", s.url()), &session).await;
    assert_eq!(me.status, 200);
    assert_eq!(
        me.json()["data"]["attributes"]["username"],
        DEFAULT_USERNAME
    );
    assert_eq!(
        me.json()["data"]["id"],
        s.user_id(DEFAULT_USERNAME).unwrap().to_string()
    );
    let check = c
        .get_auth(&format!("{}/auth/check", s.url()), &session)
        .await
        .json();
    assert_schema(&check, "CheckResponse");
    assert_eq!(check["isAuthenticated"], true);

    // Expiry follows (paused) tokio time.
    tokio::time::advance(Duration::from_secs(61)).await;
    assert_error(
        &c.get_auth(&format!("{}/user/me", s.url()), &session).await,
        401,
    );
    let check = c
        .get_auth(&format!("{}/auth/check", s.url()), &session)
        .await
        .json();
    assert_eq!(check["isAuthenticated"], false);

    // Refresh rotates both tokens; the old refresh token is then rejected.
    let a = c
        .json(
            Method::POST,
            &format!("{}/auth/refresh", s.url()),
            None,
            &json!({"token": refresh}),
        )
        .await;
    assert_eq!(a.status, 200);
    let v = a.json();
    assert_schema(&v, "RefreshResponse");
    let session2 = v["token"]["session"].as_str().unwrap().to_owned();
    let refresh2 = v["token"]["refresh"].as_str().unwrap().to_owned();
    assert_ne!(session2, session);
    assert_ne!(refresh2, refresh);
    assert!(jwt_payload(&session2)["exp"].as_i64().unwrap() >= exp + 61);
    assert_eq!(
        c.get_auth(&format!("{}/user/me", s.url()), &session2)
            .await
            .status,
        200
    );
    let again = c
        .json(
            Method::POST,
            &format!("{}/auth/refresh", s.url()),
            None,
            &json!({"token": refresh}),
        )
        .await;
    assert_error(&again, 401);

    // Logout invalidates the session and its refresh token.
    let out = c
        .json(
            Method::POST,
            &format!("{}/auth/logout", s.url()),
            Some(&session2),
            &json!({}),
        )
        .await;
    assert_eq!(out.status, 200);
    assert_eq!(out.json(), json!({"result": "ok"}));
    assert_error(
        &c.get_auth(&format!("{}/user/me", s.url()), &session2).await,
        401,
    );
    let a = c
        .json(
            Method::POST,
            &format!("{}/auth/refresh", s.url()),
            None,
            &json!({"token": refresh2}),
        )
        .await;
    assert_error(&a, 401);

    // Refresh tokens expire too.
    let (_, refresh3) = legacy_login(&c, &s, "alice", "alice-password").await;
    tokio::time::advance(Duration::from_secs(601)).await;
    let a = c
        .json(
            Method::POST,
            &format!("{}/auth/refresh", s.url()),
            None,
            &json!({"token": refresh3}),
        )
        .await;
    assert_error(&a, 401);

    let counters = s.counters();
    assert_eq!(counters.logins, 2);
    assert_eq!(counters.refreshes, 1);
    assert_eq!(counters.logouts, 1);
    assert_eq!(counters.token_calls, 6);
}

#[tokio::test]
async fn legacy_login_errors() {
    let s = server().await;
    let c = TestClient::new();
    let url = format!("{}/auth/login", s.url());
    assert_error(
        &c.json(
            Method::POST,
            &url,
            None,
            &json!({"username": "alice", "password": "wrong-password"}),
        )
        .await,
        401,
    );
    assert_error(
        &c.json(
            Method::POST,
            &url,
            None,
            &json!({"username": "alice", "password": "short"}),
        )
        .await,
        400,
    );
    assert_error(
        &c.json(
            Method::POST,
            &url,
            None,
            &json!({"password": "alice-password"}),
        )
        .await,
        400,
    );
    let (session, _) = legacy_login(&c, &s, "alice@example.org", "alice-password").await;
    assert!(!session.is_empty());
    let email = c
        .json(
            Method::POST,
            &url,
            None,
            &json!({"email": "alice@example.org", "password": "alice-password"}),
        )
        .await;
    assert_eq!(email.status, 200);
}

#[tokio::test(start_paused = true)]
async fn oauth_password_and_refresh_grants() {
    let s = server().await;
    let c = TestClient::new();
    let form = format!(
        "grant_type=password&username={DEFAULT_USERNAME}&password={DEFAULT_PASSWORD}&client_id={DEFAULT_CLIENT_ID}&client_secret={DEFAULT_CLIENT_SECRET}"
    );
    let a = c.form(&s.auth_url(), &form).await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    let v = a.json();
    for k in [
        "access_token",
        "refresh_token",
        "expires_in",
        "refresh_expires_in",
        "token_type",
    ] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["token_type"], "Bearer");
    assert_eq!(v["expires_in"], 60);
    assert_eq!(v["refresh_expires_in"], 600);
    let access = v["access_token"].as_str().unwrap().to_owned();
    let refresh = v["refresh_token"].as_str().unwrap().to_owned();
    let p = jwt_payload(&access);
    assert!(p["exp"].is_i64() && p["sub"].is_string() && p["typ"].is_string());

    assert_eq!(
        c.get_auth(&format!("{}/user/me", s.url()), &access)
            .await
            .status,
        200
    );
    tokio::time::advance(Duration::from_secs(60)).await;
    assert_error(
        &c.get_auth(&format!("{}/user/me", s.url()), &access).await,
        401,
    );

    // The refresh token works for the client it was issued to (the realm checks).
    let rform = format!(
        "grant_type=refresh_token&refresh_token={refresh}&client_id={DEFAULT_CLIENT_ID}&client_secret={DEFAULT_CLIENT_SECRET}"
    );
    let a = c.form(&s.auth_url(), &rform).await;
    assert_eq!(a.status, 200);
    let access2 = a.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        c.get_auth(&format!("{}/user/me", s.url()), &access2)
            .await
            .status,
        200
    );
    // Rotation: the used refresh token is stale now.
    let a = c.form(&s.auth_url(), &rform).await;
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["error"], "invalid_grant");

    // Error kinds.
    let bad_pass = c.form(&s.auth_url(), &format!("grant_type=password&username={DEFAULT_USERNAME}&password=nope-nope&client_id={DEFAULT_CLIENT_ID}&client_secret={DEFAULT_CLIENT_SECRET}")).await;
    assert_eq!(bad_pass.json()["error"], "invalid_grant");
    assert!(bad_pass.status == 400 || bad_pass.status == 401);
    let bad_client = c.form(&s.auth_url(), &format!("grant_type=password&username={DEFAULT_USERNAME}&password={DEFAULT_PASSWORD}&client_id=x&client_secret=y")).await;
    assert_eq!(bad_client.status, 401);
    assert_eq!(bad_client.json()["error"], "invalid_client");
    let bad_grant = c.form(&s.auth_url(), &format!("grant_type=client_credentials&client_id={DEFAULT_CLIENT_ID}&client_secret={DEFAULT_CLIENT_SECRET}")).await;
    assert_eq!(bad_grant.status, 400);
    assert_eq!(bad_grant.json()["error"], "unsupported_grant_type");
    // JSON instead of a form is refused.
    let json_body = c
        .json(
            Method::POST,
            &s.auth_url(),
            None,
            &json!({"grant_type": "password"}),
        )
        .await;
    assert_eq!(json_body.status, 400);
    assert!(json_body.json()["error"].is_string());
    // A legacy refresh token is not an OAuth refresh token.
    let (_, legacy_refresh) = legacy_login(&c, &s, DEFAULT_USERNAME, DEFAULT_PASSWORD).await;
    let a = c.form(&s.auth_url(), &format!("grant_type=refresh_token&refresh_token={legacy_refresh}&client_id={DEFAULT_CLIENT_ID}&client_secret={DEFAULT_CLIENT_SECRET}")).await;
    assert_eq!(a.json()["error"], "invalid_grant");
    assert!(
        s.requests()
            .iter()
            .any(|r| r.listener == asyncdex_mock::Listener::Auth)
    );
}

#[tokio::test]
async fn protected_routes_need_a_valid_token() {
    let s = server().await;
    let c = TestClient::new();
    let m = s.catalogue().manga[0].id;
    for (method, path) in [
        (Method::GET, "/user/me".to_owned()),
        (Method::GET, "/user/follows/manga".to_owned()),
        (Method::GET, "/user/follows/manga/feed".to_owned()),
        (Method::POST, format!("/manga/{m}/follow")),
        (Method::GET, "/manga/status".to_owned()),
        (Method::POST, format!("/manga/{m}/status")),
        (Method::GET, format!("/manga/{m}/read")),
        (Method::POST, "/list".to_owned()),
        (Method::GET, "/user/list".to_owned()),
        (Method::POST, "/auth/logout".to_owned()),
        (Method::POST, "/upload/begin".to_owned()),
    ] {
        let url = format!("{}{path}", s.url());
        let a = c.send(method.clone(), &url, &[], "").await;
        assert_error(&a, 401);
        let a = c
            .send(
                method.clone(),
                &url,
                &[("authorization", "Bearer garbage.token.here")],
                "",
            )
            .await;
        assert_error(&a, 401);
    }
    // Public routes work without a token, but reject an invalid one.
    assert_eq!(c.get(&format!("{}/manga/{m}", s.url())).await.status, 200);
    assert_error(
        &c.get_auth(&format!("{}/manga/{m}", s.url()), "garbage")
            .await,
        401,
    );
    assert!(s.counters().unauthorized >= 23);
}

#[tokio::test]
async fn huge_lifetimes_and_windows_do_not_panic() {
    let s = MockServer::builder()
        .global_limit(1000)
        .access_token_lifetime(Duration::MAX)
        .refresh_token_lifetime(Duration::MAX)
        .ban_duration(Duration::MAX)
        .route_limit_table(vec![asyncdex_mock::RouteLimit::new(
            Method::POST,
            "/auth/login",
            5,
            Duration::MAX,
        )])
        .start()
        .await;
    let c = TestClient::new();
    let (session, _) = legacy_login(&c, &s, DEFAULT_USERNAME, DEFAULT_PASSWORD).await;
    assert_eq!(
        c.get_auth(&format!("{}/user/me", s.url()), &session)
            .await
            .status,
        200
    );
    assert!(jwt_payload(&session)["exp"].as_i64().unwrap() > 4_000_000_000);
}

fn basic(id: &str, secret: &str) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
    format!("Basic {encoded}")
}

async fn post_form(c: &TestClient, url: &str, auth: Option<&str>, form: &str) -> common::Answer {
    let mut headers = vec![("content-type", "application/x-www-form-urlencoded")];
    if let Some(a) = auth {
        headers.push(("authorization", a));
    }
    c.send(Method::POST, url, &headers, form.to_owned()).await
}

#[tokio::test]
async fn the_auth_host_is_a_keycloak_realm_with_discovery() {
    let s = server().await;
    let c = TestClient::new();
    let a = c
        .get(&format!(
            "{}/.well-known/openid-configuration",
            s.realm_url()
        ))
        .await;
    assert_eq!(a.status, 200);
    let d = a.json();
    assert_eq!(d["issuer"], s.realm_url());
    assert_eq!(d["token_endpoint"], s.auth_url());
    for key in [
        "authorization_endpoint",
        "revocation_endpoint",
        "end_session_endpoint",
    ] {
        let url = d[key].as_str().unwrap();
        assert!(url.starts_with(&s.realm_url()), "{key}: {url}");
    }
    let methods = d["token_endpoint_auth_methods_supported"].to_string();
    assert!(methods.contains("client_secret_basic") && methods.contains("client_secret_post"));
    // A password grant with the client in HTTP Basic (RFC 6749 2.3.1), as OAuth libraries do.
    let form =
        format!("grant_type=password&username={DEFAULT_USERNAME}&password={DEFAULT_PASSWORD}");
    let auth = basic("my-client", "my-secret");
    let a = post_form(&c, &s.auth_url(), Some(&auth), &form).await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    let access = a.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        c.get_auth(&format!("{}/user/me", s.url()), &access)
            .await
            .status,
        200
    );
    // Ids and secrets are form-urlencoded inside Basic.
    let s2 = MockServer::builder()
        .oauth_client("a b", "c:d%")
        .start()
        .await;
    let a = post_form(&c, &s2.auth_url(), Some(&basic("a+b", "c%3Ad%25")), &form).await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    // A wrong secret by Basic: 401 invalid_client with a Basic challenge.
    let a = post_form(&c, &s.auth_url(), Some(&basic("my-client", "nope")), &form).await;
    assert_eq!(a.status, 401);
    assert_eq!(a.json()["error"], "invalid_client");
    assert!(a.header("www-authenticate").unwrap().starts_with("Basic"));
}

#[tokio::test]
async fn revoking_a_refresh_token_makes_the_next_refresh_fail() {
    let s = server().await;
    let c = TestClient::new();
    let d = c
        .get(&format!(
            "{}/.well-known/openid-configuration",
            s.realm_url()
        ))
        .await
        .json();
    let revocation = d["revocation_endpoint"].as_str().unwrap().to_owned();
    let login = |c: &TestClient, s: &MockServer| {
        let form = format!(
            "grant_type=password&username={DEFAULT_USERNAME}&password={DEFAULT_PASSWORD}\
             &client_id={DEFAULT_CLIENT_ID}&client_secret={DEFAULT_CLIENT_SECRET}"
        );
        let (c, url) = (c.clone(), s.auth_url());
        async move { c.form(&url, &form).await.json() }
    };
    let tokens = login(&c, &s).await;
    let (access, refresh) = (
        tokens["access_token"].as_str().unwrap(),
        tokens["refresh_token"].as_str().unwrap(),
    );
    let auth = basic(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET);
    // Without client authentication: refused.
    let a = post_form(&c, &revocation, None, &format!("token={refresh}")).await;
    assert_eq!(a.status, 401);
    // Another client may not revoke it.
    let other = basic("my-client", "my-secret");
    let a = post_form(&c, &revocation, Some(&other), &format!("token={refresh}")).await;
    assert_eq!(a.status, 400);
    let a = post_form(
        &c,
        &revocation,
        Some(&auth),
        &format!("token={refresh}&token_type_hint=refresh_token"),
    )
    .await;
    assert_eq!(a.status, 200);
    // Revoking again, or an unknown token, is still 200 (RFC 7009 2.2).
    let a = post_form(&c, &revocation, Some(&auth), &format!("token={refresh}")).await;
    assert_eq!(a.status, 200);
    let refresh_form = format!("grant_type=refresh_token&refresh_token={refresh}");
    let a = post_form(&c, &s.auth_url(), Some(&auth), &refresh_form).await;
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["error"], "invalid_grant");
    // The access token of the pair went with it.
    let me = c.get_auth(&format!("{}/user/me", s.url()), access).await;
    assert_eq!(me.status, 401);
    assert_eq!(s.counters().revocations, 2);
    // A refresh token of another client does not refresh for this one.
    let tokens = login(&c, &s).await;
    let refresh_form = format!(
        "grant_type=refresh_token&refresh_token={}",
        tokens["refresh_token"].as_str().unwrap()
    );
    let a = post_form(&c, &s.auth_url(), Some(&other), &refresh_form).await;
    assert_eq!(a.json()["error"], "invalid_grant");
    // Logging out at the end-session endpoint ends the session too.
    let tokens = login(&c, &s).await;
    let logout = d["end_session_endpoint"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let a = post_form(&c, logout, Some(&auth), &format!("refresh_token={refresh}")).await;
    assert_eq!(a.status, 204);
    let refresh_form = format!("grant_type=refresh_token&refresh_token={refresh}");
    let a = post_form(&c, &s.auth_url(), Some(&auth), &refresh_form).await;
    assert_eq!(a.json()["error"], "invalid_grant");
}
