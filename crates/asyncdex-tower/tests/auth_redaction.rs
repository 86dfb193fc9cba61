//! No secret in `Debug`, `Display`, errors or tracing events.
#![cfg(feature = "auth")]

mod auth_support;

use std::{
    fmt::Write as _,
    sync::{Arc, Mutex},
    time::Duration,
};

use asyncdex_tower::auth::{AuthLayer, Credentials, OAuthSource, TokenCallFailed, Unauthorized};
use auth_support::*;
use tracing::{
    Event, Metadata, Subscriber,
    field::{Field, Visit},
    span,
};

/// Records every event's target and fields as text.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<String>>);

impl Visit for Recorder {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0.lock().unwrap(), " {}={value:?}", field.name());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &span::Attributes<'_>) -> span::Id {
        span.record(&mut self.clone());
        span::Id::from_u64(1)
    }
    fn record(&self, _: &span::Id, values: &span::Record<'_>) {
        values.record(&mut self.clone());
    }
    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}
    fn event(&self, event: &Event<'_>) {
        let _ = write!(self.0.lock().unwrap(), "\n{}:", event.metadata().target());
        event.record(&mut self.clone());
    }
    fn enter(&self, _: &span::Id) {}
    fn exit(&self, _: &span::Id) {}
}

#[tokio::test(flavor = "current_thread", start_paused = true)]
async fn no_secret_in_debug_display_errors_or_tracing() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());

    let api = Server::start().await;
    let auth = api.another_origin().await;
    let source = OAuthSource::new(CLIENT_ID, CLIENT_SECRET).token_url(auth.url("/token"));
    let layer =
        AuthLayer::oauth(api.base(), source).credentials(Credentials::username(USER, PASSWORD));
    let handle = layer.handle();
    let service = service(&layer);
    get(&service, api.url("/echo")).await.unwrap();
    let unauthorized = get(&service, api.url("/always401")).await.unwrap_err();
    assert!(unauthorized.is::<Unauthorized>());

    let mut shown = vec![
        format!("{layer:?}"),
        format!("{service:?}"),
        format!("{handle:?}"),
        format!("{:?}", handle.credentials()),
        format!("{:?} {:?}", handle.session_token(), handle.refresh_token()),
        format!("{:#?}", handle.session_token().unwrap()),
        format!("{} {:?}", handle.refresh_token().unwrap(), unauthorized),
        unauthorized.to_string(),
    ];
    // The state was really printed, only redacted.
    assert!(
        shown[0].contains(USER) && shown[0].contains("[redacted]"),
        "{}",
        shown[0]
    );

    // A rejected refresh and a rejected login.
    api.set_password("another-password-123");
    api.revoke_refresh_tokens();
    tokio::time::sleep(Duration::from_secs(15 * 60)).await;
    let rejected = get(&service, api.url("/echo")).await.unwrap_err();
    assert!(
        rejected
            .downcast_ref::<TokenCallFailed>()
            .unwrap()
            .is_rejected()
    );
    shown.push(format!("{rejected:?} {rejected} {layer:?} {service:?}"));

    let events = recorder.0.lock().unwrap().clone();
    assert!(events.contains("asyncdex_tower::auth:"), "{events}");
    assert!(events.contains("token call"), "{events}");
    shown.push(events);

    let mut secrets = api.issued();
    assert!(secrets.len() >= 4, "{secrets:?}");
    secrets.extend([PASSWORD, CLIENT_SECRET, "another-password-123"].map(str::to_owned));
    for text in &shown {
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "secret {secret:?} in {text}"
            );
        }
    }
}
