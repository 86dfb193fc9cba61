//! Every operation of spec 5.13.1 (list copied from the spec into tests/data/operations.txt)
//! is known to the server and answers 200 (201 for a draft commit, as the spec has it) for valid
//! ids and bodies, with a token.

mod common;

use std::collections::BTreeSet;

use asyncdex_mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer};
use common::TestClient;
use http::Method;
use serde_json::{Value, json};

fn spec_operations() -> Vec<(String, String)> {
    include_str!("data/operations.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (m, p) = l.split_once(' ').unwrap();
            (m.to_owned(), p.to_owned())
        })
        .collect()
}

#[test]
fn server_table_equals_the_spec() {
    let spec: BTreeSet<(String, String)> = spec_operations().into_iter().collect();
    let ours: BTreeSet<(String, String)> = asyncdex_mock::operations()
        .map(|(m, p)| (m.to_owned(), p.to_owned()))
        .collect();
    assert_eq!(spec.len(), 113);
    assert_eq!(spec, ours);
}

async fn login(c: &TestClient, s: &MockServer) -> (String, String) {
    let v = c
        .json(
            Method::POST,
            &format!("{}/auth/login", s.url()),
            None,
            &json!({"username": DEFAULT_USERNAME, "password": DEFAULT_PASSWORD}),
        )
        .await
        .json();
    (
        v["token"]["session"].as_str().unwrap().to_owned(),
        v["token"]["refresh"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn no_spec_operation_is_a_404() {
    let s = MockServer::builder()
        .no_global_limit()
        .route_limits(false)
        .start()
        .await;
    let c = TestClient::new();
    let cat = s.catalogue();
    let manga = cat.manga[0].id.to_string();
    let chapter = cat.chapter_with_pages();
    let (chapter_id, manga_of_chapter) = (chapter.id.to_string(), chapter.manga.to_string());
    let author = cat.authors[0].id.to_string();
    let group = cat.groups[0].id.to_string();
    let cover = cat.covers[0].id.to_string();
    let user = cat.users[0].id.to_string();
    let chapter_version = chapter.version;
    let (token, _) = login(&c, &s).await;
    let created = |path: &'static str, body: Value| {
        let (c, s, token) = (&c, &s, &token);
        async move {
            c.json(
                Method::POST,
                &format!("{}{path}", s.url()),
                Some(token),
                &body,
            )
            .await
            .json()["data"]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let mut failures = Vec::new();
    for (method, template) in spec_operations() {
        // Fresh state each time so deletes and unfollows do not affect later operations.
        let list = c
            .json(
                Method::POST,
                &format!("{}/list", s.url()),
                Some(&token),
                &json!({"name": "cov", "visibility": "private"}),
            )
            .await
            .json()["data"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        for path in [
            format!("/manga/{manga}/follow"),
            format!("/group/{group}/follow"),
            format!("/list/{list}/follow"),
        ] {
            assert_eq!(
                c.json(
                    Method::POST,
                    &format!("{}{path}", s.url()),
                    Some(&token),
                    &json!({})
                )
                .await
                .status,
                200
            );
        }
        // A manga draft and an upload session, for the operations that need one.
        let draft = created(
            "/manga",
            json!({"title": {"en": "cov"}, "status": "ongoing", "originalLanguage": "ja",
                "contentRating": "safe"}),
        )
        .await;
        let session = created("/upload/begin", json!({"manga": manga, "groups": [group]})).await;
        let fresh = uuid::Uuid::new_v4().to_string();
        let uses_chapter = template.starts_with("/chapter/")
            || template.starts_with("/at-home/")
            || template.starts_with("/statistics/chapter")
            || template.starts_with("/upload/begin/");
        let mut path = template.clone();
        let subst: &[(&str, &str)] = &[
            ("{listId}", &list),
            ("{mangaOrCoverId}", &cover),
            ("{chapterId}", &chapter_id),
            ("{mangaId}", &manga),
            ("{category}", "manga"),
            ("{version}", "1"),
            ("{code}", "abc"),
            ("{uploadSessionFileId}", &fresh),
            ("{uploadSessionId}", &session),
        ];
        for (k, v) in subst {
            path = path.replace(k, v);
        }
        let id = if template == "/manga/{mangaId}/relation/{id}" || template.starts_with("/client/")
        {
            fresh.clone()
        } else if template.starts_with("/manga/draft/") {
            draft.clone()
        } else if template.starts_with("/manga/{id}/read") {
            manga_of_chapter.clone()
        } else if template.starts_with("/manga/")
            || template.starts_with("/statistics/manga")
            || template.starts_with("/user/follows/manga/")
        {
            manga.clone()
        } else if uses_chapter {
            chapter_id.clone()
        } else if template.starts_with("/author/") {
            author.clone()
        } else if template.starts_with("/group/")
            || template.starts_with("/statistics/group")
            || template.starts_with("/user/follows/group/")
        {
            group.clone()
        } else if template.starts_with("/list/") || template.starts_with("/user/follows/list/") {
            list.clone()
        } else {
            user.clone()
        };
        path = path.replace("{id}", &id).replace("{uuid}", &id);
        let query = match template.as_str() {
            "/manga/read" => format!("?ids[]={manga_of_chapter}"),
            "/statistics/manga" => format!("?manga[]={manga}"),
            "/statistics/chapter" => format!("?chapter[]={chapter_id}"),
            "/statistics/group" => format!("?group[]={group}"),
            _ => String::new(),
        };
        let body: Value = match (method.as_str(), template.as_str()) {
            ("POST", "/auth/login") => {
                json!({"username": DEFAULT_USERNAME, "password": DEFAULT_PASSWORD})
            }
            ("POST", "/auth/refresh") => json!({"token": login(&c, &s).await.1}),
            ("POST", "/list") => json!({"name": "new list"}),
            ("PUT", "/list/{id}") => json!({"version": 1, "name": "renamed"}),
            ("POST", "/manga/{id}/status") => json!({"status": "reading"}),
            ("POST", "/manga/{id}/read") => json!({"chapterIdsRead": [chapter_id]}),
            ("POST", "/rating/{mangaId}") => json!({"rating": 9}),
            (_, "/manga/{id}") => json!({"version": 1}),
            ("POST", "/manga") => json!({"title": {"en": "New"}, "status": "ongoing",
                "originalLanguage": "ja", "contentRating": "safe"}),
            ("POST", "/manga/draft/{id}/commit") => json!({"version": 1}),
            ("PUT", "/chapter/{id}") => json!({"version": chapter_version, "title": "t"}),
            ("PUT", "/cover/{mangaOrCoverId}") => json!({"version": 1, "volume": "1"}),
            ("POST", "/upload/begin") => json!({"manga": manga}),
            ("POST", "/upload/begin/{chapterId}") => json!({"version": chapter_version}),
            ("POST", "/upload/{uploadSessionId}/commit") => json!({
                "chapterDraft": {"volume": null, "chapter": "1", "title": null,
                    "translatedLanguage": "en"},
                "pageOrder": [fresh],
            }),
            ("POST", "/forums/thread") => json!({"type": "manga", "id": manga}),
            _ => json!({}),
        };
        let bearer = if template == "/auth/logout" {
            login(&c, &s).await.0
        } else {
            token.clone()
        };
        let m: Method = method.parse().unwrap();
        let url = format!("{}{path}{query}", s.url());
        let a = if template == "/cover/{mangaOrCoverId}" && method == "POST" {
            let auth = format!("Bearer {bearer}");
            let form = "--b\r\nContent-Disposition: form-data; name=\"file\"; \
                filename=\"c.png\"\r\nContent-Type: image/png\r\n\r\npng\r\n--b--\r\n";
            let headers = [
                ("authorization", auth.as_str()),
                ("content-type", "multipart/form-data; boundary=b"),
            ];
            c.send(m, &url, &headers, form).await
        } else {
            c.json(m, &url, Some(&bearer), &body).await
        };
        let expected = if template == "/manga/draft/{id}/commit" {
            201
        } else {
            200
        };
        if a.status != expected {
            failures.push(format!(
                "{method} {template} ({url}) -> {} {}",
                a.status,
                String::from_utf8_lossy(&a.body)
            ));
            continue;
        }
        if template != "/ping" {
            let v = a.json();
            assert_eq!(v["result"], "ok", "{method} {template}: {v}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
