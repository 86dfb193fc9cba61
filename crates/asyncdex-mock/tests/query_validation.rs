//! Queries are validated against the spec's parameter lists: what MangaDex refuses with `400
//! validation_exception`, the mock refuses too.

mod common;

use asyncdex_mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer};
use common::{TestClient, assert_error};
use http::Method;
use serde_json::json;

async fn server() -> MockServer {
    MockServer::builder()
        .no_global_limit()
        .route_limits(false)
        .start()
        .await
}

/// Sends `query` and returns the 400's detail.
async fn refused(c: &TestClient, url: &str) -> String {
    let a = c.get(url).await;
    assert_eq!(assert_error(&a, 400), "validation_exception", "{url}");
    a.json()["errors"][0]["detail"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn every_operation_refuses_a_parameter_it_does_not_define() {
    let s = server().await;
    let c = TestClient::new();
    let login = c
        .json(
            Method::POST,
            &format!("{}/auth/login?", s.url()),
            None,
            &json!({"username": DEFAULT_USERNAME, "password": DEFAULT_PASSWORD}),
        )
        .await
        .json();
    let token = format!("Bearer {}", login["token"]["session"].as_str().unwrap());
    let mut checked = 0;
    for (method, template) in asyncdex_mock::operations() {
        let path: Vec<String> = template
            .split('/')
            .map(|seg| match seg {
                "{category}" => "manga".to_owned(),
                "{version}" => "1".to_owned(),
                "{code}" => "some-code".to_owned(),
                s if s.starts_with('{') => uuid::Uuid::new_v4().to_string(),
                s => s.to_owned(),
            })
            .collect();
        let url = format!("{}{}?notAParameter=1", s.url(), path.join("/"));
        let headers = [
            ("authorization", token.as_str()),
            ("content-type", "application/json"),
        ];
        let a = c.send(method.parse().unwrap(), &url, &headers, "{}").await;
        assert_eq!(a.status, 400, "{method} {template}: {:?}", a.body);
        let detail = a.json()["errors"][0]["detail"].as_str().unwrap().to_owned();
        assert!(
            detail.contains(
                "The property notAParameter is not defined and the definition does not allow additional properties"
            ),
            "{method} {template}: {detail}"
        );
        checked += 1;
    }
    assert_eq!(checked, 113);
}

#[tokio::test]
async fn values_are_checked_against_enums_limits_and_types() {
    let s = server().await;
    let c = TestClient::new();
    let u = s.url();
    let m = s.catalogue().manga[0].id;
    let d = refused(&c, &format!("{u}/manga?limit=101")).await;
    assert!(
        d.contains("limit") && d.contains("maximum value of 100"),
        "{d}"
    );
    let d = refused(&c, &format!("{u}/manga/{m}/feed?limit=501")).await;
    assert!(d.contains("maximum value of 500"), "{d}");
    assert_eq!(
        c.get(&format!("{u}/manga/{m}/feed?limit=500")).await.status,
        200
    );
    let d = refused(&c, &format!("{u}/manga?contentRating[]=spicy")).await;
    assert!(d.contains("enumeration"), "{d}");
    let d = refused(&c, &format!("{u}/manga?order[popularity]=desc")).await;
    assert!(d.contains("popularity"), "{d}");
    let d = refused(&c, &format!("{u}/manga?order[title]=descending")).await;
    assert!(d.contains("enumeration"), "{d}");
    let d = refused(&c, &format!("{u}/manga?limit=ten")).await;
    assert!(d.contains("integer"), "{d}");
    let d = refused(&c, &format!("{u}/manga?limit[]=10")).await;
    assert!(d.contains("Array value found"), "{d}");
    let d = refused(
        &c,
        &format!("{u}/manga?availableTranslatedLanguage[]=english"),
    )
    .await;
    assert!(d.contains("pattern"), "{d}");
    let d = refused(&c, &format!("{u}/manga/{m}/feed?includeEmptyPages=true")).await;
    assert!(d.contains("includeEmptyPages"), "{d}");
    // A misnamed filter is an error, not silently ignored.
    let d = refused(&c, &format!("{u}/manga?tags[]={m}")).await;
    assert!(d.contains("The property tags is not defined"), "{d}");
}

#[tokio::test]
async fn arrays_are_accepted_in_both_forms() {
    let s = server().await;
    let c = TestClient::new();
    let u = s.url();
    // `GET /chapter` names its expansion `includes` in the spec; clients send `includes[]`.
    for q in ["includes[]=manga", "includes=manga", "includes[0]=manga"] {
        let a = c.get(&format!("{u}/chapter?limit=1&{q}")).await;
        assert_eq!(a.status, 200, "{q}");
        let rels = a.json()["data"][0]["relationships"].clone();
        let manga = rels
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["type"] == "manga")
            .cloned();
        assert!(manga.unwrap()["attributes"].is_object(), "{q}");
    }
    for q in [
        "status[]=ongoing",
        "status=ongoing",
        "status[]=ongoing&status[]=hiatus",
    ] {
        assert_eq!(c.get(&format!("{u}/manga?{q}")).await.status, 200, "{q}");
    }
}
