//! One valid request for every operation of the spec (ids that exist, bodies the server
//! accepts, a token), shared by the coverage and schema tests.

use asyncdex_mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer};
use http::Method;
use serde_json::{Value, json};

use super::{Answer, TestClient};

/// Every operation of spec 5.13.1 (list copied from the spec into tests/data/operations.txt).
pub fn spec_operations() -> Vec<(String, String)> {
    include_str!("../data/operations.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (m, p) = l.split_once(' ').unwrap();
            (m.to_owned(), p.to_owned())
        })
        .collect()
}

/// Logs the default account in: (session, refresh).
pub async fn login(c: &TestClient, s: &MockServer) -> (String, String) {
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

/// One call: the operation, the URL sent, the answer.
#[derive(Debug)]
pub struct Call {
    pub method: String,
    pub template: String,
    pub url: String,
    pub answer: Answer,
}

/// Ids of the catalogue the requests use.
struct Ids {
    manga: String,
    chapter: String,
    manga_of_chapter: String,
    chapter_version: u32,
    author: String,
    group: String,
    cover: String,
    user: String,
}

/// Per-call state made fresh for each operation, so deletes and unfollows do not affect later
/// ones: a list, follows, a manga draft and an upload session.
struct Fresh {
    list: String,
    draft: String,
    session: String,
    other: String,
}

async fn created(c: &TestClient, s: &MockServer, token: &str, path: &str, body: Value) -> String {
    let url = format!("{}{path}", s.url());
    let v = c.json(Method::POST, &url, Some(token), &body).await.json();
    v["data"]["id"].as_str().unwrap().to_owned()
}

async fn fresh(c: &TestClient, s: &MockServer, token: &str, ids: &Ids) -> Fresh {
    let list = created(
        c,
        s,
        token,
        "/list",
        json!({"name": "cov", "visibility": "private"}),
    )
    .await;
    for path in [
        format!("/manga/{}/follow", ids.manga),
        format!("/group/{}/follow", ids.group),
        format!("/list/{list}/follow"),
    ] {
        let url = format!("{}{path}", s.url());
        let a = c.json(Method::POST, &url, Some(token), &json!({})).await;
        assert_eq!(a.status, 200, "{path}");
    }
    let draft = json!({"title": {"en": "cov"}, "status": "ongoing", "originalLanguage": "ja",
        "contentRating": "safe"});
    let draft = created(c, s, token, "/manga", draft).await;
    let session = json!({"manga": ids.manga, "groups": [ids.group]});
    let session = created(c, s, token, "/upload/begin", session).await;
    let other = uuid::Uuid::new_v4().to_string();
    Fresh {
        list,
        draft,
        session,
        other,
    }
}

/// The `{id}` (and `{uuid}`) of a template.
fn id_for(template: &str, ids: &Ids, f: &Fresh) -> String {
    let starts = |p: &str| template.starts_with(p);
    let id = if template == "/manga/{mangaId}/relation/{id}" || starts("/client/") {
        &f.other
    } else if starts("/manga/draft/") {
        &f.draft
    } else if starts("/manga/{id}/read") {
        &ids.manga_of_chapter
    } else if starts("/manga/") || starts("/statistics/manga") || starts("/user/follows/manga/") {
        &ids.manga
    } else if starts("/chapter/")
        || starts("/at-home/")
        || starts("/statistics/chapter")
        || starts("/upload/begin/")
    {
        &ids.chapter
    } else if starts("/author/") {
        &ids.author
    } else if starts("/group/") || starts("/statistics/group") || starts("/user/follows/group/") {
        &ids.group
    } else if starts("/list/") || starts("/user/follows/list/") {
        &f.list
    } else {
        &ids.user
    };
    id.clone()
}

/// The path of a template with every parameter filled in.
fn path_for(template: &str, ids: &Ids, f: &Fresh) -> String {
    let subst: &[(&str, &str)] = &[
        ("{listId}", &f.list),
        ("{mangaOrCoverId}", &ids.cover),
        ("{chapterId}", &ids.chapter),
        ("{mangaId}", &ids.manga),
        ("{category}", "manga"),
        ("{version}", "1"),
        ("{code}", "abc"),
        ("{uploadSessionFileId}", &f.other),
        ("{uploadSessionId}", &f.session),
    ];
    let mut path = template.to_owned();
    for (k, v) in subst {
        path = path.replace(k, v);
    }
    let id = id_for(template, ids, f);
    let query = match template {
        "/manga/read" => format!("?ids[]={}", ids.manga_of_chapter),
        "/statistics/manga" => format!("?manga[]={}", ids.manga),
        "/statistics/chapter" => format!("?chapter[]={}", ids.chapter),
        "/statistics/group" => format!("?group[]={}", ids.group),
        _ => String::new(),
    };
    path.replace("{id}", &id).replace("{uuid}", &id) + &query
}

/// The JSON body of a valid request.
fn body_for(method: &str, template: &str, ids: &Ids, f: &Fresh, refresh: &str) -> Value {
    match (method, template) {
        ("POST", "/auth/login") => {
            json!({"username": DEFAULT_USERNAME, "password": DEFAULT_PASSWORD})
        }
        ("POST", "/auth/refresh") => json!({"token": refresh}),
        ("POST", "/list") => json!({"name": "new list"}),
        ("PUT", "/list/{id}") => json!({"version": 1, "name": "renamed"}),
        ("POST", "/manga/{id}/status") => json!({"status": "reading"}),
        ("POST", "/manga/{id}/read") => json!({"chapterIdsRead": [ids.chapter]}),
        ("POST", "/rating/{mangaId}") => json!({"rating": 9}),
        (_, "/manga/{id}") => json!({"version": 1}),
        ("POST", "/manga") => json!({"title": {"en": "New"}, "status": "ongoing",
            "originalLanguage": "ja", "contentRating": "safe"}),
        ("POST", "/manga/draft/{id}/commit") => json!({"version": 1}),
        ("PUT", "/chapter/{id}") => json!({"version": ids.chapter_version, "title": "t"}),
        ("PUT", "/cover/{mangaOrCoverId}") => json!({"version": 1, "volume": "1"}),
        ("POST", "/upload/begin") => json!({"manga": ids.manga}),
        ("POST", "/upload/begin/{chapterId}") => json!({"version": ids.chapter_version}),
        ("POST", "/upload/{uploadSessionId}/commit") => json!({
            "chapterDraft": {"volume": null, "chapter": "1", "title": null,
                "translatedLanguage": "en"},
            "pageOrder": [f.other],
        }),
        ("POST", "/forums/thread") => json!({"type": "manga", "id": ids.manga}),
        _ => json!({}),
    }
}

/// Calls every operation of the spec once, with valid ids and bodies and a token.
pub async fn call_every_operation(s: &MockServer, c: &TestClient) -> Vec<Call> {
    let cat = s.catalogue();
    let chapter = cat.chapter_with_pages();
    let ids = Ids {
        manga: cat.manga[0].id.to_string(),
        chapter: chapter.id.to_string(),
        manga_of_chapter: chapter.manga.to_string(),
        chapter_version: chapter.version,
        author: cat.authors[0].id.to_string(),
        group: cat.groups[0].id.to_string(),
        cover: cat.covers[0].id.to_string(),
        user: cat.users[0].id.to_string(),
    };
    let (token, _) = login(c, s).await;
    let mut calls = Vec::new();
    for (method, template) in spec_operations() {
        let f = fresh(c, s, &token, &ids).await;
        let (bearer, refresh) = match template.as_str() {
            "/auth/logout" | "/auth/refresh" => login(c, s).await,
            _ => (token.clone(), String::new()),
        };
        let url = format!("{}{}", s.url(), path_for(&template, &ids, &f));
        let m: Method = method.parse().unwrap();
        let answer = if template == "/cover/{mangaOrCoverId}" && method == "POST" {
            let auth = format!("Bearer {bearer}");
            let form = "--b\r\nContent-Disposition: form-data; name=\"file\"; \
                filename=\"c.png\"\r\nContent-Type: image/png\r\n\r\npng\r\n--b--\r\n";
            let headers = [
                ("authorization", auth.as_str()),
                ("content-type", "multipart/form-data; boundary=b"),
            ];
            c.send(m, &url, &headers, form).await
        } else {
            let body = body_for(&method, &template, &ids, &f, &refresh);
            c.json(m, &url, Some(&bearer), &body).await
        };
        calls.push(Call {
            method,
            template,
            url,
            answer,
        });
    }
    calls
}
