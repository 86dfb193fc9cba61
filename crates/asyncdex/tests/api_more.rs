//! Authentication, ApiClient, Captcha, Legacy, Report, Settings, Upload, Forums and
//! Infrastructure against the fake server: what goes over the wire.
#![allow(deprecated)] // the legacy auth calls are deprecated, and tested

#[path = "api_support.rs"]
mod support;

use asyncdex::api::{cover::UploadCover, settings::UpdateSettings, upload::UploadFiles};
use asyncdex::model::{ApiClientProfile, Language, LegacyMappingType, ReportCategory};
use uuid::Uuid;

use support::{anonymous, requests_of, server, user};

#[tokio::test]
async fn ping_auth_check_and_the_deprecated_legacy_calls() {
    let server = server().await;
    let anonymous = anonymous(&server);
    assert_eq!(anonymous.ping().send().await.unwrap(), "pong");
    assert!(
        !anonymous
            .authentication()
            .check()
            .send()
            .await
            .unwrap()
            .is_authenticated
    );

    let login = anonymous
        .authentication()
        .login(
            asyncdex_mock::DEFAULT_USERNAME,
            asyncdex_mock::DEFAULT_PASSWORD,
        )
        .send()
        .await
        .unwrap();
    assert!(
        !format!("{login:?}").contains(&login.token.session),
        "tokens redacted"
    );
    let refreshed = anonymous
        .authentication()
        .refresh(&login.token.refresh)
        .send()
        .await
        .unwrap();
    assert!(refreshed.token.is_some());
    let reused = anonymous
        .authentication()
        .refresh(&login.token.refresh)
        .send()
        .await
        .unwrap_err();
    assert!(reused.is_unauthorized() || reused.is_http(), "{reused:?}");

    let client = user(&server);
    assert!(
        client
            .authentication()
            .check()
            .send()
            .await
            .unwrap()
            .is_authenticated
    );
}

#[tokio::test]
async fn multipart_uploads_and_json_bodies() {
    let server = server().await;
    let client = user(&server);
    let manga = server.catalogue().manga[0].id;
    // The mock answers cover uploads with a generic body; what matters here is what was sent.
    let _ = client
        .cover()
        .upload(manga, "v1.jpg", vec![1u8, 2, 3])
        .volume("1")
        .locale(Language::Japanese)
        .send()
        .await;
    let sent = &requests_of(&server, UploadCover::OPERATION)[0];
    let content_type = sent.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap();
    let body = String::from_utf8_lossy(&sent.body);
    assert!(body.contains("name=\"file\"; filename=\"v1.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\u{1}\u{2}\u{3}\r\n"), "{body}");
    assert!(
        body.contains("name=\"volume\"\r\n\r\n1\r\n")
            && body.contains("name=\"locale\"\r\n\r\nja\r\n")
    );
    assert!(body.ends_with(&format!("--{boundary}--\r\n")));

    let session = Uuid::new_v4();
    let uploaded = client
        .upload()
        .upload_files(session)
        .file("1.png", vec![0u8])
        .file("2.png", vec![0u8])
        .send()
        .await
        .unwrap();
    assert!(uploaded.errors.is_empty());
    let body =
        String::from_utf8_lossy(&requests_of(&server, UploadFiles::OPERATION)[0].body).into_owned();
    assert!(
        body.contains("name=\"file1\"; filename=\"1.png\"")
            && body.contains("name=\"file2\"; filename=\"2.png\"")
    );
    let empty = client
        .upload()
        .upload_files(session)
        .send()
        .await
        .unwrap_err();
    assert!(empty.is_invalid_input());

    let at = time::macros::datetime!(2024-03-04 05:06:07 +01:00);
    client
        .settings()
        .update(serde_json::json!({"dataSaver": true}), at)
        .send()
        .await
        .unwrap();
    let body: serde_json::Value =
        serde_json::from_slice(&requests_of(&server, UpdateSettings::OPERATION)[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"settings": {"dataSaver": true}, "updatedAt": "2024-03-04T04:06:07"})
    );

    let secret = client
        .api_clients()
        .secret(Uuid::new_v4())
        .send()
        .await
        .unwrap();
    assert!(!format!("{secret:?}").contains(&secret.data));
    let created = client
        .api_clients()
        .create("reader app", ApiClientProfile::Personal)
        .send()
        .await
        .unwrap();
    assert_eq!(
        created.data.attributes.profile,
        Some(ApiClientProfile::Personal)
    );
    assert!(
        client
            .captcha()
            .solve("token")
            .send()
            .await
            .unwrap()
            .is_ok()
    );
    assert!(
        client
            .legacy()
            .mapping(LegacyMappingType::Chapter, [42])
            .send()
            .await
            .unwrap()
            .data
            .is_empty()
    );
    assert!(
        client
            .report()
            .create(ReportCategory::Author, Uuid::new_v4(), Uuid::new_v4())
            .details("dup")
            .send()
            .await
            .unwrap()
            .is_ok()
    );
    let approval = client
        .upload()
        .check_approval_required(Uuid::new_v4(), Language::English)
        .send()
        .await
        .unwrap();
    assert!(!approval.requires_approval);
    assert!(client.upload().current().send().await.is_ok());
}
