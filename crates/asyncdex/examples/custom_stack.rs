//! A tower stack of your own, built from asyncdex's three layers and tower-http pieces around a
//! plain hyper-util client, without `MangadexClient`.
//!
//! ```text
//! RetryLayer          resend 5xx / resets with backoff (outermost: each attempt gets a fresh token)
//!   session_layer     legacy session kept fresh (API origin only); one replay after a 401
//!     RateLimitLayer  MangaDex's limits for the API host, and a limit of our own for the image host
//!       stamp_layer   the session token, set as the request leaves the limiter
//!         SetRequestHeaderLayer  a User-Agent naming this program
//!           DecompressionLayer   gzip
//!             hyper_util::client::legacy::Client (plain HTTP)
//! ```
//!
//! It runs against an embedded fake MangaDex (`asyncdex_mock::MockServer`) on 127.0.0.1:
//! `cargo run -p asyncdex --example custom_stack`. `cargo test` runs it too.

use std::time::Duration;

use asyncdex_mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, Listener, MockServer};
use asyncdex_tower::auth::{AuthLayer, Credentials, Secret};
use asyncdex_tower::ratelimit::RateLimitLayer;
use asyncdex_tower::retry::RetryLayer;
use bytes::Bytes;
use http::header::{HeaderValue, USER_AGENT};
use http::{Request, Response, StatusCode, Uri};
use http_body::Body;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tower::{BoxError, Service, ServiceBuilder, ServiceExt};
use tower_http::decompression::DecompressionLayer;
use tower_http::set_header::SetRequestHeaderLayer;

const APP_USER_AGENT: &str = "custom-stack-example/1.0 (+https://github.com/asyncdex/asyncdex)";

/// Sends a GET through `service` and returns the status and the JSON body.
async fn get_json<S, B>(service: &S, url: &str) -> Result<(StatusCode, serde_json::Value), BoxError>
where
    S: Service<Request<Full<Bytes>>, Response = Response<B>> + Clone,
    S::Error: Into<BoxError>,
    B: Body,
    B::Error: Into<BoxError>,
{
    let request = Request::get(url).body(Full::default())?;
    let response = service.clone().oneshot(request).await.map_err(Into::into)?;
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .map_err(Into::into)?
        .to_bytes();
    Ok((status, serde_json::from_slice(&body)?))
}

async fn run() -> Result<(), BoxError> {
    let server = MockServer::start().await;
    let api_base: Uri = server.url().parse()?;
    let image_base: Uri = server.image_url().parse()?;

    // Auth: the legacy session-token flow, in two halves around the limiter. The handle logs
    // in and reads the tokens.
    let auth = AuthLayer::legacy(api_base.clone())
        .credentials(Credentials::username(DEFAULT_USERNAME, DEFAULT_PASSWORD));
    let handle = auth.handle();

    // The transport: hyper-util's pooled client, with tower-http around it, and the token
    // stamped right before it leaves.
    let hyper = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let transport = ServiceBuilder::new()
        .layer(auth.stamp_layer())
        .layer(SetRequestHeaderLayer::overriding(
            USER_AGENT,
            HeaderValue::from_static(APP_USER_AGENT),
        ))
        .layer(DecompressionLayer::new())
        .service(hyper);

    // Rate limits: MangaDex's table for the API host, plus our own cap for the image host.
    let ratelimit = RateLimitLayer::builder()
        .api_base(api_base)
        .limit_host(image_base, 20, Duration::from_secs(1))
        .build();
    let limited = ServiceBuilder::new().layer(ratelimit).service(transport);

    // Token calls go through the rate-limited transport.
    let auth = auth.token_client(limited.clone());

    // The whole stack. `ServiceBuilder` makes the first layer the outermost.
    let client = ServiceBuilder::new()
        .layer(
            RetryLayer::new()
                .max_retries(3)
                .initial_backoff(Duration::from_millis(50))
                .max_backoff(Duration::from_secs(2)),
        )
        .layer(auth.session_layer())
        .service(limited);

    // Log in up front. Without this the first request that needs a token would log in by
    // itself.
    handle.login(None).await?;
    let session = handle.session_token().ok_or("no session after login")?;
    assert!(handle.refresh_token().is_some());

    let (status, me) = get_json(&client, &format!("{}/user/me", server.url())).await?;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["data"]["attributes"]["username"], DEFAULT_USERNAME);
    println!("logged in as {}", me["data"]["attributes"]["username"]);

    let url = format!("{}/manga?limit=5&order[followedCount]=desc", server.url());
    let (status, list) = get_json(&client, &url).await?;
    assert_eq!(status, StatusCode::OK);
    let manga = list["data"].as_array().ok_or("no data array")?;
    assert_eq!(manga.len(), 5);
    for entry in manga {
        println!("- {}", entry["attributes"]["title"]["en"]);
    }

    // An image page through the same stack: the token stays home.
    let png = first_page(&client, &server).await?;
    assert!(png.starts_with(b"\x89PNG"), "an image page");

    check_what_the_server_saw(&server, &session);
    println!("{} requests, no token leaked", server.counters().requests);
    Ok(())
}

/// The first page of a chapter, fetched from the image host through `client`.
async fn first_page<S, B>(client: &S, server: &MockServer) -> Result<Bytes, BoxError>
where
    S: Service<Request<Full<Bytes>>, Response = Response<B>> + Clone,
    S::Error: Into<BoxError>,
    B: Body,
    B::Error: Into<BoxError>,
{
    let chapter = server.catalogue().chapter_with_pages();
    let page = format!(
        "{}/data/{}/{}",
        server.image_url(),
        chapter.hash,
        chapter.data_files()[0]
    );
    let request = Request::get(page.as_str()).body(Full::default())?;
    let response = client.clone().oneshot(request).await.map_err(Into::into)?;
    assert_eq!(response.status(), StatusCode::OK);
    Ok(response
        .into_body()
        .collect()
        .await
        .map_err(Into::into)?
        .to_bytes())
}

/// The token went to the API after the login and nowhere else; every request named this
/// program; the server counted no violation.
fn check_what_the_server_saw(server: &MockServer, session: &Secret) {
    let bearer = format!("Bearer {}", session.expose());
    let seen = server.requests();
    let api: Vec<_> = seen
        .iter()
        .filter(|request| request.listener == Listener::Api)
        .collect();
    assert_eq!(
        api.iter().map(|r| r.path.as_str()).collect::<Vec<_>>(),
        ["/auth/login", "/user/me", "/manga"]
    );
    assert!(api[0].authorization().is_none(), "a login carries no token");
    assert!(
        api[1..]
            .iter()
            .all(|request| request.authorization() == Some(bearer.as_str())),
        "the token went to the API"
    );
    assert!(
        seen.iter()
            .all(|request| request.header("user-agent") == Some(APP_USER_AGENT))
    );
    let images: Vec<_> = seen
        .iter()
        .filter(|request| request.listener == Listener::Image)
        .collect();
    assert_eq!(images.len(), 1);
    assert!(
        images[0].authorization().is_none(),
        "no token to the image host"
    );
    let counters = server.counters();
    assert_eq!(counters.leaked_tokens, 0);
    assert_eq!(counters.violations, 0);
    assert_eq!((counters.logins, counters.token_calls), (1, 1));
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    run().await
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn example_runs() {
        super::run().await.unwrap();
    }
}
