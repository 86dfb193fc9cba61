//! The refresh token kept between runs: which store, which server and account it is kept for.

use std::net::IpAddr;
use std::path::PathBuf;

use asyncdex::MangadexClient;
use asyncdex::http::Uri;

use super::env::{env_text, is_set};
use crate::cli::Global;
use crate::error::CliError;
use crate::token_store::{self, KeptToken, StoreKind, TokenKey};

/// Attaches the refresh token kept for the account `client` logs in to (see
/// [`token_store`](crate::token_store)). `None` when nothing is kept: no username, a refresh
/// token given in `ASYNCDEX_REFRESH_TOKEN` (it rules, and is the caller's to keep), or
/// `ASYNCDEX_TOKEN_STORE=none` (or `auto` for a test server on loopback).
pub(super) fn keep_token(
    global: &Global,
    client: &MangadexClient,
) -> Result<Option<KeptToken>, CliError> {
    let kind = StoreKind::parse(env_text(token_store::STORE_VAR)?.as_deref())?;
    let Some(username) = client.username() else {
        return Ok(None);
    };
    if client.refresh_token().is_some() {
        return Ok(None);
    }
    let server = token_server(global, client);
    let test_server = is_loopback(client.api_base_uri()) || is_loopback(&server);
    let dir = std::env::var_os(token_store::DIR_VAR).map(PathBuf::from);
    let Some(store) = token_store::open(kind, token_store::data_dir(dir), test_server) else {
        return Ok(None);
    };
    let key = TokenKey {
        server: origin(&server),
        username,
    };
    let kept = KeptToken::new(store, key, global.quiet);
    kept.attach(client);
    Ok(Some(kept))
}

/// Who issues the refresh token: the OAuth token endpoint with a personal client, else the
/// API (the legacy login).
fn token_server(global: &Global, client: &MangadexClient) -> Uri {
    if !is_set("ASYNCDEX_CLIENT_ID") {
        return client.api_base_uri().clone();
    }
    let url = global
        .auth_url
        .clone()
        .or_else(|| std::env::var("ASYNCDEX_AUTH_URL").ok())
        .filter(|url| !url.trim().is_empty())
        .unwrap_or_else(|| asyncdex::DEFAULT_AUTH_URL.to_owned());
    // The client was built, so the URL parsed.
    url.trim_end_matches('/')
        .parse()
        .unwrap_or_else(|_| client.api_base_uri().clone())
}

/// `https://auth.mangadex.org`: the scheme and authority of `uri`.
fn origin(uri: &Uri) -> String {
    let scheme = uri.scheme_str().unwrap_or("https");
    let authority = uri.authority().map_or("", |a| a.as_str());
    format!("{scheme}://{authority}")
}

/// Whether `uri` names this machine: a test server, whose tokens are not worth keeping.
fn is_loopback(uri: &Uri) -> bool {
    let host = uri.host().unwrap_or("");
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}
