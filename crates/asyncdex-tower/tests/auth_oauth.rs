//! The auth layer against a loopback API and a separate loopback auth host speaking OAuth2.
#![cfg(feature = "auth")]

mod auth_support;

use std::time::Duration;

use asyncdex_tower::auth::{AuthLayer, Credentials, OAuthSource, TokenCall, TokenCallFailed};
use auth_support::*;
use http::StatusCode;

/// The API and its auth host: two origins over one server state.
async fn servers() -> (Server, Server) {
    let api = Server::start().await;
    let auth = api.another_origin().await;
    (api, auth)
}

fn layer(api: &Server, auth: &Server) -> AuthLayer {
    let source = OAuthSource::new(CLIENT_ID, CLIENT_SECRET).token_url(auth.url("/token"));
    AuthLayer::oauth(api.base(), source)
        .credentials(Credentials::username(USER, PASSWORD))
        .token_client(transport())
}

fn form(body: &[u8]) -> Vec<(String, String)> {
    std::str::from_utf8(body)
        .unwrap()
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

#[tokio::test]
async fn oauth_flow_end_to_end() {
    let (api, auth) = servers().await;
    let layer = layer(&api, &auth);
    let handle = layer.handle();
    let service = service(&layer);

    let (status, _) = get(&service, api.url("/echo")).await.unwrap();
    assert_eq!(status, StatusCode::OK);
    let calls = api.seen("/token");
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0].port,
        auth.addr.port(),
        "the token call goes to the auth host"
    );
    assert_eq!(
        calls[0].headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        form(&calls[0].body),
        [
            ("grant_type", "password"),
            ("username", USER),
            ("password", PASSWORD),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    let access = handle.session_token().unwrap();
    let echo = &api.seen("/echo")[0];
    assert_eq!(echo.port, api.addr.port());
    assert_eq!(
        echo.authorization.as_deref(),
        Some(format!("Bearer {}", access.expose()).as_str())
    );

    // The auth origin is in scope too.
    get(&service, auth.url("/userinfo")).await.unwrap();
    assert!(api.seen("/userinfo")[0].authorization.is_some());

    // get_session_token uses the refresh grant, and the refresh token rotates.
    let refresh = handle.refresh_token().unwrap();
    let renewed = handle.get_session_token().await.unwrap();
    assert_ne!(renewed.expose(), access.expose());
    assert_eq!(api.oauth_grants(), (1, 1));
    let sent = form(&api.seen("/token")[1].body);
    assert!(sent.contains(&("refresh_token".to_owned(), refresh.expose().to_owned())));
    assert_ne!(handle.refresh_token().unwrap().expose(), refresh.expose());

    // Logout revokes the refresh token next to the token endpoint (RFC 7009), then forgets.
    let refresh = handle.refresh_token().unwrap();
    let before = api.log().len();
    handle.logout().await.unwrap();
    assert_eq!(api.log().len(), before + 1);
    let revoked = form(&api.seen("/revoke")[0].body);
    assert!(revoked.contains(&("token".to_owned(), refresh.expose().to_owned())));
    assert!(revoked.contains(&("token_type_hint".to_owned(), "refresh_token".to_owned())));
    assert!(handle.anonymous_mode());

    // login() with explicit credentials makes the layer authenticated again.
    handle
        .login(Some(Credentials::username(USER, PASSWORD)))
        .await
        .unwrap();
    assert!(handle.session_token().is_some());
    assert_eq!(api.oauth_grants(), (2, 1));
}

#[tokio::test(start_paused = true)]
async fn refreshes_from_expires_in_before_expiry() {
    let (api, auth) = servers().await;
    api.set_lifetime(Duration::from_secs(20));
    let layer = layer(&api, &auth).refresh_margin(Duration::from_secs(5));
    let service = service(&layer);
    for _ in 0..30 {
        assert_eq!(
            get(&service, api.url("/echo")).await.unwrap().0,
            StatusCode::OK
        );
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    assert!(!api.statuses().contains(&401), "{:?}", api.statuses());
    let (logins, refreshes) = api.oauth_grants();
    assert_eq!(logins, 1);
    // 60 s of 20 s tokens refreshed 5 s early: every 15 s.
    assert!((3..=4).contains(&refreshes), "{refreshes}");
}

#[tokio::test(start_paused = true)]
async fn invalid_grant_drops_the_refresh_token_and_logs_in_again() {
    let (api, auth) = servers().await;
    let layer = layer(&api, &auth);
    let handle = layer.handle();
    let service = service(&layer);
    get(&service, api.url("/echo")).await.unwrap();
    let old = handle.refresh_token().unwrap();

    api.revoke_refresh_tokens();
    tokio::time::sleep(Duration::from_secs(15 * 60)).await;
    assert_eq!(
        get(&service, api.url("/echo")).await.unwrap().0,
        StatusCode::OK
    );
    assert_eq!(api.oauth_grants(), (2, 1));
    assert_eq!(api.seen("/token")[1].status, 400);
    let new = handle.refresh_token().unwrap();
    assert_ne!(new.expose(), old.expose());
    assert_eq!(api.presented_refresh(), [old.expose()]);
}

#[tokio::test(start_paused = true)]
async fn a_5xx_from_the_auth_host_keeps_everything() {
    let (api, auth) = servers().await;
    let layer = layer(&api, &auth);
    let handle = layer.handle();
    let service = service(&layer);
    get(&service, api.url("/echo")).await.unwrap();
    let refresh = handle.refresh_token().unwrap();

    tokio::time::sleep(Duration::from_secs(15 * 60)).await;
    api.push_fault(Fault::Status(502));
    let error = get(&service, api.url("/echo")).await.unwrap_err();
    let failed = error.downcast_ref::<TokenCallFailed>().unwrap();
    assert!(failed.is_transient());
    assert_eq!(failed.call(), TokenCall::Refresh);
    assert_eq!(failed.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(handle.refresh_token().unwrap().expose(), refresh.expose());
    assert!(handle.credentials().is_some());

    assert_eq!(
        get(&service, api.url("/echo")).await.unwrap().0,
        StatusCode::OK
    );
    assert_eq!(api.oauth_grants(), (1, 2));
}
