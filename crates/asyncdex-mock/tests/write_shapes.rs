//! The answers of the write operations (manga drafts, chapter and cover edits, cover uploads,
//! upload commits, forum threads) and the user follows, against the spec's schemas.

mod common;

use asyncdex_mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer};
use common::{TestClient, assert_entity, assert_error};
use http::Method;
use serde_json::{Value, json};

async fn login(c: &TestClient, s: &MockServer, user: &str, password: &str) -> String {
    c.json(
        Method::POST,
        &format!("{}/auth/login", s.url()),
        None,
        &json!({"username": user, "password": password}),
    )
    .await
    .json()["token"]["session"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn manga_drafts_are_kept_per_owner_and_committed_once() {
    let s = MockServer::builder()
        .no_global_limit()
        .user("bob", "bob-password")
        .start()
        .await;
    let c = TestClient::new();
    let token = login(&c, &s, DEFAULT_USERNAME, DEFAULT_PASSWORD).await;
    let cat = s.catalogue();
    let (author, tag) = (cat.authors[1].id, cat.tags[0].id);
    let url = |path: &str| format!("{}{path}", s.url());
    let body = json!({
        "title": {"en": "Mock Draft"}, "altTitles": [{"ja": "Draft"}], "status": "ongoing",
        "originalLanguage": "ja", "contentRating": "suggestive", "year": 2020,
        "authors": [author], "tags": [tag], "lastChapter": "12",
    });
    let a = c
        .json(Method::POST, &url("/manga"), Some(&token), &body)
        .await;
    assert_eq!(a.status, 200);
    let v = a.json();
    assert_eq!(v["response"], "entity");
    let m = &v["data"];
    assert_entity(m, "Manga", "manga");
    let attrs = &m["attributes"];
    assert_eq!(attrs["title"]["en"], "Mock Draft");
    assert_eq!(attrs["altTitles"][0]["ja"], "Draft");
    assert_eq!(attrs["state"], "draft");
    assert_eq!(attrs["version"], 1);
    assert_eq!(attrs["year"], 2020);
    assert_eq!(attrs["lastChapter"], "12");
    assert_eq!(attrs["contentRating"], "suggestive");
    assert_eq!(attrs["tags"][0]["id"], tag.to_string());
    let rels = m["relationships"].as_array().unwrap();
    assert!(
        rels.contains(&json!({"id": author, "type": "author"})),
        "{rels:?}"
    );
    let id = m["id"].as_str().unwrap().to_owned();

    // Not in the catalogue; shown as a draft to its owner only.
    assert_error(&c.get(&url(&format!("/manga/{id}"))).await, 404);
    let draft = c
        .get_auth(&url(&format!("/manga/draft/{id}")), &token)
        .await
        .json();
    assert_eq!(draft["data"], *m);
    let bob = login(&c, &s, "bob", "bob-password").await;
    assert_error(
        &c.get_auth(&url(&format!("/manga/draft/{id}")), &bob).await,
        403,
    );
    let listed = c.get_auth(&url("/manga/draft"), &token).await.json();
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["data"][0]["id"], id.as_str());
    assert_eq!(
        c.get_auth(&url("/manga/draft"), &bob).await.json()["total"],
        0
    );

    // Commit: the current version only, once; 201.
    let commit = url(&format!("/manga/draft/{id}/commit"));
    let stale = c
        .json(Method::POST, &commit, Some(&token), &json!({"version": 2}))
        .await;
    assert_error(&stale, 409);
    let done = c
        .json(Method::POST, &commit, Some(&token), &json!({"version": 1}))
        .await;
    assert_eq!(done.status, 201);
    let done = done.json();
    assert_entity(&done["data"], "Manga", "manga");
    assert_eq!(done["data"]["attributes"]["state"], "submitted");
    assert_eq!(done["data"]["attributes"]["version"], 2);
    let again = c
        .json(Method::POST, &commit, Some(&token), &json!({"version": 2}))
        .await;
    assert_error(&again, 400);
    let submitted = c
        .get_auth(&url("/manga/draft?state=submitted"), &token)
        .await
        .json();
    assert_eq!(submitted["total"], 1);
    let drafts = c
        .get_auth(&url("/manga/draft?state=draft"), &token)
        .await
        .json();
    assert_eq!(drafts["total"], 0);

    // Required fields and known ids.
    for missing in ["title", "status", "originalLanguage", "contentRating"] {
        let mut partial = body.clone();
        partial.as_object_mut().unwrap().remove(missing);
        let a = c
            .json(Method::POST, &url("/manga"), Some(&token), &partial)
            .await;
        assert_error(&a, 400);
    }
    let mut unknown = body.clone();
    unknown["authors"] = json!([uuid::Uuid::new_v4()]);
    let a = c
        .json(Method::POST, &url("/manga"), Some(&token), &unknown)
        .await;
    assert_error(&a, 404);
    let anonymous = c.json(Method::POST, &url("/manga"), None, &body).await;
    assert_error(&anonymous, 401);
}

#[tokio::test]
async fn edits_uploads_and_threads() {
    let s = MockServer::builder().no_global_limit().start().await;
    let c = TestClient::new();
    let token = login(&c, &s, DEFAULT_USERNAME, DEFAULT_PASSWORD).await;
    let me = s.user_id(DEFAULT_USERNAME).unwrap().to_string();
    let cat = s.catalogue();
    let url = |path: &str| format!("{}{path}", s.url());
    let ch = cat.chapter_with_pages();
    let group = cat.groups[3].id;

    // PUT /chapter/{id}: the edited chapter at version + 1; the catalogue keeps the original.
    let edit = json!({"version": ch.version, "title": "Edited", "volume": null, "groups": [group]});
    let a = c
        .json(
            Method::PUT,
            &url(&format!("/chapter/{}", ch.id)),
            Some(&token),
            &edit,
        )
        .await;
    assert_eq!(a.status, 200);
    let v = a.json();
    assert_entity(&v["data"], "Chapter", "chapter");
    let attrs = &v["data"]["attributes"];
    assert_eq!(attrs["title"], "Edited");
    assert_eq!(attrs["volume"], Value::Null);
    assert_eq!(attrs["chapter"], json!(ch.chapter));
    assert_eq!(attrs["version"], ch.version + 1);
    let groups: Vec<&Value> = v["data"]["relationships"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["type"] == "scanlation_group")
        .collect();
    assert_eq!(groups, [&json!({"id": group, "type": "scanlation_group"})]);
    let again = c.get(&url(&format!("/chapter/{}", ch.id))).await.json();
    assert_eq!(again["data"]["attributes"]["title"], json!(ch.title));
    let stale = json!({"version": ch.version + 1});
    let a = c
        .json(
            Method::PUT,
            &url(&format!("/chapter/{}", ch.id)),
            Some(&token),
            &stale,
        )
        .await;
    assert_error(&a, 409);

    // Covers: upload (multipart) and edit.
    let m = &cat.manga[2];
    let form = "--XyZ\r\nContent-Disposition: form-data; name=\"volume\"\r\n\r\n3\r\n\
        --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"v3.JPEG\"\r\n\
        Content-Type: image/jpeg\r\n\r\n\u{1}\u{2}\r\n--XyZ--\r\n";
    let auth = format!("Bearer {token}");
    let headers = [
        ("authorization", auth.as_str()),
        ("content-type", "multipart/form-data; boundary=XyZ"),
    ];
    let a = c
        .send(
            Method::POST,
            &url(&format!("/cover/{}", m.id)),
            &headers,
            form,
        )
        .await;
    assert_eq!(a.status, 200, "{:?}", String::from_utf8_lossy(&a.body));
    let v = a.json();
    assert_entity(&v["data"], "Cover", "cover_art");
    let attrs = &v["data"]["attributes"];
    assert_eq!(attrs["volume"], "3");
    assert_eq!(attrs["locale"], m.original_language);
    assert!(attrs["fileName"].as_str().unwrap().ends_with(".jpg"));
    let rels = &v["data"]["relationships"];
    assert_eq!(rels[0], json!({"id": m.id, "type": "manga"}));
    assert_eq!(rels[1], json!({"id": me, "type": "user"}));
    let no_file =
        "--XyZ\r\nContent-Disposition: form-data; name=\"volume\"\r\n\r\n3\r\n--XyZ--\r\n";
    let a = c
        .send(
            Method::POST,
            &url(&format!("/cover/{}", m.id)),
            &headers,
            no_file,
        )
        .await;
    assert_error(&a, 400);

    let cover = &cat.covers[0];
    let edit = json!({"version": 1, "volume": "9", "description": "new", "locale": "fr"});
    let a = c
        .json(
            Method::PUT,
            &url(&format!("/cover/{}", cover.id)),
            Some(&token),
            &edit,
        )
        .await;
    let v = a.json();
    assert_entity(&v["data"], "Cover", "cover_art");
    let attrs = &v["data"]["attributes"];
    assert_eq!(
        (
            &attrs["volume"],
            &attrs["description"],
            &attrs["locale"],
            &attrs["version"]
        ),
        (&json!("9"), &json!("new"), &json!("fr"), &json!(2))
    );
    assert_eq!(attrs["fileName"], cover.file_name.as_str());
    let a = c
        .json(
            Method::PUT,
            &url(&format!("/cover/{}", cover.id)),
            Some(&token),
            &json!({"version": 1}),
        )
        .await;
    assert_error(&a, 400);

    // Upload session -> commit: a chapter of the session's manga and groups, once.
    let manga = cat.manga[4].id;
    let session = c
        .json(
            Method::POST,
            &url("/upload/begin"),
            Some(&token),
            &json!({"manga": manga, "groups": [group]}),
        )
        .await
        .json();
    assert_eq!(session["data"]["type"], "upload_session");
    let sid = session["data"]["id"].as_str().unwrap().to_owned();
    let commit = json!({
        "chapterDraft": {"volume": "2", "chapter": "10.5", "title": "Up",
            "translatedLanguage": "pt-br", "publishAt": "2030-01-02T03:04:05"},
        "pageOrder": [uuid::Uuid::new_v4(), uuid::Uuid::new_v4()],
        "termsAccepted": true,
    });
    let commit_url = url(&format!("/upload/{sid}/commit"));
    let v = c
        .json(Method::POST, &commit_url, Some(&token), &commit)
        .await
        .json();
    assert_entity(&v["data"], "Chapter", "chapter");
    let attrs = &v["data"]["attributes"];
    assert_eq!(attrs["chapter"], "10.5");
    assert_eq!(attrs["translatedLanguage"], "pt-br");
    assert_eq!(attrs["pages"], 2);
    assert_eq!(attrs["publishAt"], "2030-01-02T03:04:05+00:00");
    assert_eq!(attrs["version"], 1);
    let rels = v["data"]["relationships"].as_array().unwrap();
    assert!(rels.contains(&json!({"id": manga, "type": "manga"})));
    assert!(rels.contains(&json!({"id": group, "type": "scanlation_group"})));
    let twice = c
        .json(Method::POST, &commit_url, Some(&token), &commit)
        .await;
    assert_error(&twice, 400);
    let unknown = url(&format!("/upload/{}/commit", uuid::Uuid::new_v4()));
    assert_error(
        &c.json(Method::POST, &unknown, Some(&token), &commit).await,
        404,
    );

    // Forum threads: integer ids, the one the statistics show when there is one.
    let thread = |kind: &'static str, id: uuid::Uuid| {
        let (c, token, url) = (&c, &token, url(""));
        async move {
            c.json(
                Method::POST,
                &format!("{url}/forums/thread"),
                Some(token),
                &json!({"type": kind, "id": id}),
            )
            .await
        }
    };
    for (kind, id) in [
        ("manga", cat.manga[0].id),
        ("group", group),
        ("chapter", ch.id),
    ] {
        let v = thread(kind, id).await.json();
        assert_eq!(v["response"], "entity");
        assert_eq!(v["data"]["type"], "thread");
        assert!(v["data"]["id"].as_u64().is_some_and(|n| n > 0), "{v}");
        assert!(v["data"]["attributes"]["repliesCount"].is_u64(), "{v}");
    }
    let stats = c
        .get(&url(&format!("/statistics/manga/{}", cat.manga[0].id)))
        .await
        .json();
    let comments = &stats["statistics"][cat.manga[0].id.to_string()]["comments"];
    if !comments.is_null() {
        let v = thread("manga", cat.manga[0].id).await.json();
        assert_eq!(v["data"]["id"], comments["threadId"]);
    }
    assert_error(&thread("chapter", group).await, 404);

    // User follows: the first three catalogue users; anyone else is a 404.
    let followed = c.get_auth(&url("/user/follows/user"), &token).await.json();
    assert_eq!(followed["total"], 3);
    for (i, user) in cat.users.iter().enumerate().take(5) {
        let a = c
            .get_auth(&url(&format!("/user/follows/user/{}", user.id)), &token)
            .await;
        if i < 3 {
            assert_eq!(a.status, 200);
            assert_eq!(followed["data"][i]["id"], user.id.to_string());
        } else {
            assert_error(&a, 404);
        }
    }
}
