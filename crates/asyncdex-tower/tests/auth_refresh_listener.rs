//! `AuthHandle::on_refresh_token_change`: a program that keeps the refresh token between runs
//! hears of every token it must save or forget, against a loopback server speaking the legacy
//! MangaDex login.
#![cfg(feature = "auth")]

mod auth_support;

use std::sync::{Arc, Mutex};

use asyncdex_tower::auth::{AuthLayer, Credentials, Secret};
use auth_support::*;

/// What the listener was told, in order (`None`: forget the saved token).
type Heard = Arc<Mutex<Vec<Option<String>>>>;

/// A layer for `server`'s account, or (`credentials` false) with nothing to log in with.
fn account_layer(server: &Server, credentials: bool) -> AuthLayer {
    let layer = AuthLayer::legacy(server.base());
    let layer = if credentials {
        layer.credentials(Credentials::username(USER, PASSWORD))
    } else {
        layer
    };
    layer.token_client(transport())
}

fn listening(layer: &AuthLayer) -> Heard {
    let heard: Heard = Arc::default();
    let sink = Arc::clone(&heard);
    layer.handle().on_refresh_token_change(move |token| {
        let token = token.map(|token| token.expose().to_owned());
        sink.lock().unwrap().push(token);
    });
    heard
}

fn told(heard: &Heard) -> Vec<Option<String>> {
    heard.lock().unwrap().clone()
}

#[tokio::test]
async fn told_of_the_login_and_of_each_rotation() {
    let server = Server::start().await;
    let layer = account_layer(&server, true);
    let heard = listening(&layer);
    let handle = layer.handle();

    handle.login(None).await.unwrap();
    let first = handle.refresh_token().unwrap().expose().to_owned();
    assert_eq!(told(&heard), [Some(first.clone())]);

    handle.get_session_token().await.unwrap();
    let rotated = handle.refresh_token().unwrap().expose().to_owned();
    assert_ne!(rotated, first, "the server rotates refresh tokens");
    assert_eq!(told(&heard), [Some(first), Some(rotated)]);
}

#[tokio::test]
async fn a_rejected_token_is_replaced_by_the_login_or_forgotten() {
    let server = Server::start().await;
    let layer = account_layer(&server, true);
    let heard = listening(&layer);
    let handle = layer.handle();
    handle.set_refresh_token(Some(Secret::new("saved-by-an-earlier-run")));
    assert!(
        told(&heard).is_empty(),
        "the program's own changes are not echoed"
    );

    // The server refuses the saved token: one login, and the listener gets its token.
    handle.get_session_token().await.unwrap();
    assert_eq!(server.count("/auth/login"), 1);
    let fresh = handle.refresh_token().unwrap().expose().to_owned();
    assert_eq!(told(&heard), [Some(fresh)]);

    // Without credentials to fall back on, a refused token is dropped: forget it.
    let layer = account_layer(&server, false);
    let heard = listening(&layer);
    let handle = layer.handle();
    handle.set_refresh_token(Some(Secret::new("revoked-meanwhile")));
    handle.get_session_token().await.unwrap_err();
    assert_eq!(told(&heard), [None]);
}
