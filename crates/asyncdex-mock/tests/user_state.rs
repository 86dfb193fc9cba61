//! Per-account state: follows, custom lists, reading statuses, read markers, ratings.

mod common;

use asyncdex_mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer};
use common::{TestClient, assert_entity, assert_error};
use http::Method;
use serde_json::json;

async fn login(c: &TestClient, s: &MockServer, user: &str, pass: &str) -> String {
    let v = c
        .json(
            Method::POST,
            &format!("{}/auth/login", s.url()),
            None,
            &json!({"username": user, "password": pass}),
        )
        .await
        .json();
    v["token"]["session"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn follows_and_follow_feed() {
    let s = MockServer::builder()
        .no_global_limit()
        .user("bob", "bob-password")
        .start()
        .await;
    let c = TestClient::new();
    let t = login(&c, &s, DEFAULT_USERNAME, DEFAULT_PASSWORD).await;
    let bob = login(&c, &s, "bob", "bob-password").await;
    let cat = s.catalogue();
    let (a, b) = (cat.manga[0].id, cat.manga[1].id);
    let one = format!("{}/user/follows/manga/{a}", s.url());
    assert_error(&c.get_auth(&one, &t).await, 404);
    for m in [a, b] {
        assert_eq!(
            c.json(
                Method::POST,
                &format!("{}/manga/{m}/follow", s.url()),
                Some(&t),
                &json!({})
            )
            .await
            .status,
            200
        );
    }
    assert_eq!(c.get_auth(&one, &t).await.status, 200);
    assert_error(&c.get_auth(&one, &bob).await, 404);
    let v = c
        .get_auth(&format!("{}/user/follows/manga?limit=10", s.url()), &t)
        .await
        .json();
    assert_eq!(v["total"], 2);
    assert_eq!(v["data"][0]["id"], a.to_string());
    assert_entity(&v["data"][0], "Manga", "manga");
    let feed = c
        .get_auth(
            &format!("{}/user/follows/manga/feed?limit=500", s.url()),
            &t,
        )
        .await
        .json();
    let expected = cat.chapters_of(&a).len() + cat.chapters_of(&b).len();
    assert_eq!(feed["total"], expected);
    assert_eq!(
        c.send(
            Method::DELETE,
            &format!("{}/manga/{a}/follow", s.url()),
            &[("authorization", &format!("Bearer {t}"))],
            ""
        )
        .await
        .status,
        200
    );
    assert_error(&c.get_auth(&one, &t).await, 404);
    assert_error(
        &c.json(
            Method::POST,
            &format!("{}/manga/{}/follow", s.url(), uuid::Uuid::new_v4()),
            Some(&t),
            &json!({}),
        )
        .await,
        404,
    );
}

#[tokio::test]
async fn custom_lists_lifecycle() {
    let s = MockServer::builder()
        .no_global_limit()
        .user("bob", "bob-password")
        .start()
        .await;
    let c = TestClient::new();
    let t = login(&c, &s, DEFAULT_USERNAME, DEFAULT_PASSWORD).await;
    let bob = login(&c, &s, "bob", "bob-password").await;
    let cat = s.catalogue();
    let m0 = cat.big_feed_manga().id;
    let m1 = cat.manga[1].id;
    let a = c
        .json(
            Method::POST,
            &format!("{}/list", s.url()),
            Some(&t),
            &json!({"name": "Faves", "visibility": "private", "manga": [m0]}),
        )
        .await;
    assert_eq!(a.status, 200);
    let v = a.json();
    assert_entity(&v["data"], "CustomList", "custom_list");
    let id = v["data"]["id"].as_str().unwrap().to_owned();
    let list_url = format!("{}/list/{id}", s.url());
    assert_eq!(c.get_auth(&list_url, &t).await.status, 200);
    assert_error(&c.get(&list_url).await, 404);
    assert_error(&c.get_auth(&list_url, &bob).await, 404);
    assert_eq!(
        c.json(
            Method::POST,
            &format!("{}/manga/{m1}/list/{id}", s.url()),
            Some(&t),
            &json!({})
        )
        .await
        .status,
        200
    );
    // The spec gives `GET /list/{id}` no query parameters: no reference expansion.
    let expanded = c.get_auth(&format!("{list_url}?includes[]=user"), &t).await;
    assert_error(&expanded, 400);
    let v = c.get_auth(&list_url, &t).await.json();
    let rels = v["data"]["relationships"].as_array().unwrap();
    assert_eq!(rels.iter().filter(|r| r["type"] == "manga").count(), 2);
    let owner = rels.iter().find(|r| r["type"] == "user").unwrap();
    assert_eq!(
        owner["id"],
        s.user_id(DEFAULT_USERNAME).unwrap().to_string()
    );
    let feed = c
        .get_auth(&format!("{list_url}/feed?limit=500"), &t)
        .await
        .json();
    assert_eq!(
        feed["total"],
        cat.chapters_of(&m0).len() + cat.chapters_of(&m1).len()
    );
    // Edit needs the current version; makes the list public.
    assert_eq!(
        c.json(
            Method::PUT,
            &list_url,
            Some(&t),
            &json!({"version": 5, "name": "x"})
        )
        .await
        .status,
        409
    );
    let v = c
        .json(
            Method::PUT,
            &list_url,
            Some(&t),
            &json!({"version": 1, "visibility": "public"}),
        )
        .await
        .json();
    assert_eq!(v["data"]["attributes"]["version"], 2);
    assert_eq!(v["data"]["attributes"]["visibility"], "public");
    assert_eq!(c.get(&list_url).await.status, 200);
    assert_error(
        &c.json(Method::PUT, &list_url, Some(&bob), &json!({"version": 2}))
            .await,
        403,
    );
    let mine = c
        .get_auth(&format!("{}/user/list", s.url()), &t)
        .await
        .json();
    assert_eq!(mine["total"], 1);
    let me = s.user_id(DEFAULT_USERNAME).unwrap();
    let theirs = c.get(&format!("{}/user/{me}/list", s.url())).await.json();
    assert_eq!(theirs["total"], 1);
    assert_error(
        &c.json(
            Method::POST,
            &format!("{}/list", s.url()),
            Some(&t),
            &json!({"visibility": "public"}),
        )
        .await,
        400,
    );
    assert_eq!(
        c.send(
            Method::DELETE,
            &list_url,
            &[("authorization", &format!("Bearer {t}"))],
            ""
        )
        .await
        .status,
        200
    );
    assert_error(&c.get_auth(&list_url, &t).await, 404);
}

#[tokio::test]
async fn statuses_read_markers_ratings() {
    let s = MockServer::builder().no_global_limit().start().await;
    let c = TestClient::new();
    let t = login(&c, &s, DEFAULT_USERNAME, DEFAULT_PASSWORD).await;
    let cat = s.catalogue();
    let m = cat.big_feed_manga().id;
    let chapters: Vec<String> = cat
        .chapters_of(&m)
        .iter()
        .take(3)
        .map(|c| c.id.to_string())
        .collect();
    let status_url = format!("{}/manga/{m}/status", s.url());
    assert_eq!(
        c.get_auth(&status_url, &t).await.json()["status"],
        serde_json::Value::Null
    );
    assert_eq!(
        c.json(
            Method::POST,
            &status_url,
            Some(&t),
            &json!({"status": "reading"})
        )
        .await
        .status,
        200
    );
    assert_eq!(
        c.get_auth(&status_url, &t).await.json()["status"],
        "reading"
    );
    assert_error(
        &c.json(
            Method::POST,
            &status_url,
            Some(&t),
            &json!({"status": "binging"}),
        )
        .await,
        400,
    );
    let all = c
        .get_auth(&format!("{}/manga/status", s.url()), &t)
        .await
        .json();
    assert_eq!(all["statuses"][m.to_string()], "reading");
    let none = c
        .get_auth(&format!("{}/manga/status?status=dropped", s.url()), &t)
        .await
        .json();
    assert!(none["statuses"].as_object().unwrap().is_empty());
    assert_eq!(
        c.json(
            Method::POST,
            &status_url,
            Some(&t),
            &json!({"status": null})
        )
        .await
        .status,
        200
    );
    assert!(
        c.get_auth(&format!("{}/manga/status", s.url()), &t)
            .await
            .json()["statuses"]
            .as_object()
            .unwrap()
            .is_empty()
    );

    let read_url = format!("{}/manga/{m}/read", s.url());
    let a = c
        .json(
            Method::POST,
            &read_url,
            Some(&t),
            &json!({"chapterIdsRead": chapters, "chapterIdsUnread": []}),
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(
        c.json(
            Method::POST,
            &read_url,
            Some(&t),
            &json!({"chapterIdsUnread": [chapters[0]]})
        )
        .await
        .status,
        200
    );
    let v = c.get_auth(&read_url, &t).await.json();
    assert_eq!(v["data"].as_array().unwrap().len(), 2);
    let grouped = c
        .get_auth(
            &format!("{}/manga/read?ids[]={m}&grouped=true", s.url()),
            &t,
        )
        .await
        .json();
    assert_eq!(grouped["data"][m.to_string()].as_array().unwrap().len(), 2);
    let other = cat.manga[1].id;
    let foreign = cat
        .chapters_of(&other)
        .first()
        .map(|c| c.id.to_string())
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    assert_error(
        &c.json(
            Method::POST,
            &read_url,
            Some(&t),
            &json!({"chapterIdsRead": [foreign]}),
        )
        .await,
        400,
    );
    assert_error(
        &c.json(Method::POST, &read_url, Some(&t), &json!({})).await,
        400,
    );

    assert_eq!(
        c.json(
            Method::POST,
            &format!("{}/rating/{m}", s.url()),
            Some(&t),
            &json!({"rating": 7})
        )
        .await
        .status,
        200
    );
    let r = c
        .get_auth(&format!("{}/rating?manga[]={m}", s.url()), &t)
        .await
        .json();
    assert_eq!(r["ratings"][m.to_string()]["rating"], 7);
    assert_error(
        &c.json(
            Method::POST,
            &format!("{}/rating/{m}", s.url()),
            Some(&t),
            &json!({"rating": 11}),
        )
        .await,
        400,
    );
}
