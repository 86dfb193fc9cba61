//! URL checks at build: loopback, `user:password@`, report and uploads URLs; building without
//! a runtime.

use super::*;

#[test]
fn localhost_in_any_spelling_is_loopback() {
    for url in [
        "http://localhost:9",
        "http://LOCALHOST:9",
        "http://localhost.:9",
        "http://LocalHost.",
        "http://127.0.0.1",
        "http://[::1]:9",
    ] {
        assert!(is_loopback(&url.parse().unwrap()), "{url}");
        MangadexClient::builder().api_url(url).build().unwrap();
    }
    for url in [
        "http://localhost.example.org",
        "http://10.0.0.1",
        "http://mangadex.org",
    ] {
        assert!(!is_loopback(&url.parse().unwrap()), "{url}");
    }
}

#[test]
fn userinfo_in_a_url_is_refused_and_never_shown() {
    for url in [
        "http://user:hunter2@127.0.0.1:9",
        "https://hunter2@api.example.org/api",
        "http://user:hunter2@",
        "user:hunter2@host:9",
    ] {
        let message = MangadexClient::builder()
            .api_url(url)
            .build()
            .unwrap_err()
            .to_string();
        assert!(!message.contains("hunter2"), "{message}");
    }
    let message = MangadexClient::builder()
        .auth_url("https://id:hunter2@auth.example.org/token")
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("must not hold a user name or password"),
        "{message}"
    );
    assert!(
        message.contains("https://***@auth.example.org/token"),
        "{message}"
    );
    assert_eq!(redact("https://a@b@c/d@e"), "https://***@c/d@e");
    assert_eq!(
        redact("https://api.mangadex.org/x"),
        "https://api.mangadex.org/x"
    );
}

#[test]
fn report_and_uploads_urls_are_checked_at_build() {
    let client = MangadexClient::new().unwrap();
    assert_eq!(client.report_url(), DEFAULT_REPORT_URL);
    assert_eq!(client.uploads_url(), DEFAULT_UPLOADS_URL);
    let report = MangadexClient::builder()
        .report_url("http://reports.example.org/report")
        .build()
        .unwrap_err();
    assert!(
        report.to_string().contains("report URL must be https"),
        "{report}"
    );
    let uploads = MangadexClient::builder()
        .uploads_url("http://uploads.example.org")
        .build()
        .unwrap_err();
    assert!(
        uploads.to_string().contains("uploads URL must be https"),
        "{uploads}"
    );
}

#[test]
fn building_needs_no_runtime() {
    let client = MangadexClient::builder()
        .credentials("reader", "hunter2-hunter2")
        .build()
        .unwrap();
    assert_eq!(client.api_base(), DEFAULT_API_URL);
    assert!(!format!("{client:?}").contains("hunter2"));
}
