//! Response shapes of the main read endpoints against the spec's schemas, includes, filters,
//! pagination and errors.

mod common;

use asyncdex_mock::MockServer;
use common::{TestClient, assert_entity, assert_error, assert_schema};
use serde_json::Value;

async fn server() -> MockServer {
    MockServer::builder().no_global_limit().start().await
}

#[tokio::test]
async fn manga_entity_and_collection_shapes() {
    let s = server().await;
    let c = TestClient::new();
    let m = &s.catalogue().manga[3];
    let one = c.get(&format!("{}/manga/{}", s.url(), m.id)).await;
    assert_eq!(one.status, 200);
    assert_eq!(one.header("content-type"), Some("application/json"));
    let v = one.json();
    assert_eq!(v["result"], "ok");
    assert_eq!(v["response"], "entity");
    assert_entity(&v["data"], "Manga", "manga");
    let attrs = &v["data"]["attributes"];
    assert_eq!(attrs["title"]["en"], m.title.as_str());
    assert!(
        attrs["createdAt"].as_str().unwrap().ends_with("+00:00"),
        "{}",
        attrs["createdAt"]
    );
    assert_eq!(
        attrs["createdAt"].as_str().unwrap().len(),
        "2021-05-24T17:12:36+00:00".len()
    );
    for t in attrs["tags"].as_array().unwrap() {
        assert_entity(t, "Tag", "tag");
        assert!(t["attributes"]["name"]["en"].is_string());
    }
    let list = c
        .get(&format!("{}/manga?limit=7&offset=3", s.url()))
        .await
        .json();
    assert_schema(&list, "MangaList");
    assert_eq!(list["response"], "collection");
    assert_eq!(list["limit"], 7);
    assert_eq!(list["offset"], 3);
    assert_eq!(list["data"].as_array().unwrap().len(), 7);
    // Default content ratings exclude pornographic.
    let expected = s
        .catalogue()
        .manga
        .iter()
        .filter(|m| m.content_rating != "pornographic")
        .count();
    assert_eq!(list["total"], expected);
    assert!(expected >= 250);
    for m in list["data"].as_array().unwrap() {
        assert_entity(m, "Manga", "manga");
    }
}

#[tokio::test]
async fn chapter_author_group_cover_user_list_shapes() {
    let s = server().await;
    let c = TestClient::new();
    let cat = s.catalogue();
    let ch = cat.chapter_with_pages();
    let v = c
        .get(&format!("{}/chapter/{}", s.url(), ch.id))
        .await
        .json();
    assert_entity(&v["data"], "Chapter", "chapter");
    assert_eq!(v["data"]["attributes"]["pages"], ch.pages);
    let v = c.get(&format!("{}/chapter?limit=5", s.url())).await.json();
    assert_schema(&v, "ChapterList");
    assert_eq!(v["data"].as_array().unwrap().len(), 5);

    let v = c
        .get(&format!("{}/author/{}", s.url(), cat.authors[0].id))
        .await
        .json();
    assert_entity(&v["data"], "Author", "author");
    let v = c
        .get(&format!("{}/group/{}", s.url(), cat.groups[0].id))
        .await
        .json();
    assert_entity(&v["data"], "ScanlationGroup", "scanlation_group");
    let v = c
        .get(&format!("{}/cover/{}", s.url(), cat.covers[0].id))
        .await
        .json();
    assert_entity(&v["data"], "Cover", "cover_art");
    let v = c
        .get(&format!("{}/user/{}", s.url(), cat.users[0].id))
        .await
        .json();
    assert_entity(&v["data"], "User", "user");
    let v = c
        .get(&format!("{}/list/{}", s.url(), cat.lists[0].id))
        .await
        .json();
    assert_entity(&v["data"], "CustomList", "custom_list");
    for path in ["author", "group", "cover"] {
        let v = c.get(&format!("{}/{path}?limit=3", s.url())).await.json();
        assert_schema(&v, "MangaList");
        assert_eq!(v["data"].as_array().unwrap().len(), 3, "{path}");
    }
    let tags = c.get(&format!("{}/manga/tag", s.url())).await.json();
    assert_schema(&tags, "TagResponse");
    let names: Vec<&str> = tags["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["attributes"]["name"]["en"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Action") && names.contains(&"Slice of Life") && names.len() > 70);
}

#[tokio::test]
async fn includes_expand_relationships() {
    let s = server().await;
    let c = TestClient::new();
    let m = &s.catalogue().manga[1];
    let plain = c.get(&format!("{}/manga/{}", s.url(), m.id)).await.json();
    for r in plain["data"]["relationships"].as_array().unwrap() {
        assert!(r.get("attributes").is_none(), "{r}");
    }
    let url = format!(
        "{}/manga/{}?includes[]=author&includes[]=cover_art&includes%5B%5D=artist",
        s.url(),
        m.id
    );
    let v = c.get(&url).await.json();
    let rels = v["data"]["relationships"].as_array().unwrap();
    let author = rels.iter().find(|r| r["type"] == "author").unwrap();
    assert_schema(&author["attributes"], "AuthorAttributes");
    let artist = rels.iter().find(|r| r["type"] == "artist").unwrap();
    assert!(artist["attributes"]["name"].is_string());
    let cover = rels.iter().find(|r| r["type"] == "cover_art").unwrap();
    assert_schema(&cover["attributes"], "CoverAttributes");
    assert_eq!(cover["id"], m.cover.to_string());
    let creator = rels.iter().find(|r| r["type"] == "creator").unwrap();
    assert!(creator.get("attributes").is_none());

    let ch = s.catalogue().chapter_with_pages();
    let v = c
        .get(&format!(
            "{}/chapter/{}?includes[]=manga&includes[]=scanlation_group&includes[]=user",
            s.url(),
            ch.id
        ))
        .await
        .json();
    let rels = v["data"]["relationships"].as_array().unwrap();
    for (kind, schema) in [
        ("manga", "MangaAttributes"),
        ("scanlation_group", "ScanlationGroupAttributes"),
        ("user", "UserAttributes"),
    ] {
        let r = rels
            .iter()
            .find(|r| r["type"] == kind)
            .unwrap_or_else(|| panic!("no {kind}"));
        assert_schema(&r["attributes"], schema);
    }
    let g = &s.catalogue().groups[0];
    let v = c
        .get(&format!(
            "{}/group/{}?includes[]=leader&includes[]=member",
            s.url(),
            g.id
        ))
        .await
        .json();
    let leader = v["data"]["relationships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["type"] == "leader")
        .unwrap()
        .clone();
    assert_schema(&leader["attributes"], "UserAttributes");
}

#[tokio::test]
async fn manga_search_filters_and_order() {
    let s = server().await;
    let c = TestClient::new();
    let cat = s.catalogue();
    let target = &cat.manga[10];
    let needle = target.title.split(' ').next_back().unwrap().to_uppercase();
    let v = c.get(&format!("{}/manga?title={}&limit=100&contentRating[]=safe&contentRating[]=suggestive&contentRating[]=erotica&contentRating[]=pornographic", s.url(), needle.replace(' ', "%20"))).await.json();
    let expected = cat
        .manga
        .iter()
        .filter(|m| {
            m.title.to_lowercase().contains(&needle.to_lowercase())
                || m.alt_titles
                    .iter()
                    .any(|(_, a)| a.to_lowercase().contains(&needle.to_lowercase()))
        })
        .count();
    assert_eq!(v["total"], expected);
    assert!(
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == target.id.to_string())
    );

    let ids = format!("ids[]={}&ids[]={}", cat.manga[1].id, cat.manga[2].id);
    let v = c.get(&format!("{}/manga?{ids}&contentRating[]=pornographic&contentRating[]=safe&contentRating[]=suggestive&contentRating[]=erotica", s.url())).await.json();
    assert_eq!(v["total"], 2);

    let tag = target.tags[0];
    let v = c
        .get(&format!("{}/manga?includedTags[]={tag}&limit=100", s.url()))
        .await
        .json();
    for m in v["data"].as_array().unwrap() {
        assert!(
            m["attributes"]["tags"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["id"] == tag.to_string())
        );
    }
    let v2 = c
        .get(&format!("{}/manga?excludedTags[]={tag}&limit=1", s.url()))
        .await
        .json();
    let all = c.get(&format!("{}/manga?limit=1", s.url())).await.json();
    assert_eq!(
        v["total"].as_u64().unwrap() + v2["total"].as_u64().unwrap(),
        all["total"].as_u64().unwrap()
    );

    let v = c.get(&format!("{}/manga?status[]=completed&originalLanguage[]=ja&availableTranslatedLanguage[]=en&limit=100", s.url())).await.json();
    assert!(v["total"].as_u64().unwrap() > 0);
    for m in v["data"].as_array().unwrap() {
        let a = &m["attributes"];
        assert_eq!(a["status"], "completed");
        assert_eq!(a["originalLanguage"], "ja");
        assert!(
            a["availableTranslatedLanguages"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l == "en")
        );
    }
    let v = c
        .get(&format!(
            "{}/manga?contentRating[]=pornographic&limit=100",
            s.url()
        ))
        .await
        .json();
    assert!(
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["attributes"]["contentRating"] == "pornographic")
    );

    let author = target.authors[0];
    let v = c.get(&format!("{}/manga?authors[]={author}&limit=100&contentRating[]=safe&contentRating[]=suggestive&contentRating[]=erotica&contentRating[]=pornographic", s.url())).await.json();
    assert!(
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == target.id.to_string())
    );

    let year = cat.manga.iter().find_map(|m| m.year).unwrap();
    let v = c
        .get(&format!("{}/manga?year={year}&limit=100", s.url()))
        .await
        .json();
    assert!(
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["attributes"]["year"] == year)
    );

    let v = c
        .get(&format!("{}/manga?order[title]=asc&limit=100", s.url()))
        .await
        .json();
    let titles: Vec<String> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            m["attributes"]["title"]["en"]
                .as_str()
                .unwrap()
                .to_lowercase()
        })
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted);
    let v = c
        .get(&format!("{}/manga?order[year]=desc&limit=50", s.url()))
        .await
        .json();
    let years: Vec<i64> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["attributes"]["year"].as_i64().unwrap_or(-1))
        .collect();
    assert!(years.windows(2).all(|w| w[0] >= w[1]), "{years:?}");
    for field in [
        "createdAt",
        "updatedAt",
        "latestUploadedChapter",
        "followedCount",
        "relevance",
    ] {
        let a = c
            .get(&format!("{}/manga?order[{field}]=asc", s.url()))
            .await;
        assert_eq!(a.status, 200, "{field}");
    }
}

#[tokio::test]
async fn feed_pagination_window_and_limits() {
    let s = server().await;
    let c = TestClient::new();
    let big = s.catalogue().big_feed_manga();
    let url = format!("{}/manga/{}/feed", s.url(), big.id);
    let v = c
        .get(&format!(
            "{url}?limit=500&translatedLanguage[]=en&order[chapter]=asc"
        ))
        .await
        .json();
    assert_eq!(v["total"], 600);
    assert_eq!(v["data"].as_array().unwrap().len(), 500);
    let nums: Vec<f64> = v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["attributes"]["chapter"]
                .as_str()
                .unwrap()
                .parse()
                .unwrap()
        })
        .collect();
    assert!(nums.windows(2).all(|w| w[0] <= w[1]));
    let v = c.get(&format!("{url}?limit=500&offset=500")).await.json();
    assert_eq!(v["data"].as_array().unwrap().len(), 100);
    let v = c
        .get(&format!(
            "{url}?order[volume]=desc&order[chapter]=desc&limit=1"
        ))
        .await
        .json();
    assert_eq!(v["data"][0]["attributes"]["chapter"], "600");
    let v = c
        .get(&format!("{url}?translatedLanguage[]=fr"))
        .await
        .json();
    assert_eq!(v["total"], 0);
    assert_error(&c.get(&format!("{url}?limit=501")).await, 400);
    assert_error(&c.get(&format!("{}/manga?limit=101", s.url())).await, 400);
    assert_error(&c.get(&format!("{}/manga?limit=-1", s.url())).await, 400);
    assert_error(&c.get(&format!("{}/manga?limit=abc", s.url())).await, 400);
    assert_error(&c.get(&format!("{}/manga?offset=-5", s.url())).await, 400);
    assert_error(
        &c.get(&format!("{}/manga?offset=99999999999999999999999", s.url()))
            .await,
        400,
    );
    let ok = c
        .get(&format!("{}/manga?offset=9900&limit=100", s.url()))
        .await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.json()["data"].as_array().unwrap().len(), 0);
    let title = assert_error(
        &c.get(&format!("{}/manga?offset=9901&limit=100", s.url()))
            .await,
        400,
    );
    assert_eq!(title, "Result window is too large");
    let title = assert_error(&c.get(&format!("{url}?offset=9600&limit=500")).await, 400);
    assert_eq!(title, "Result window is too large");
}

#[tokio::test]
async fn aggregate_random_statistics() {
    let s = server().await;
    let c = TestClient::new();
    let big = s.catalogue().big_feed_manga();
    let v = c
        .get(&format!(
            "{}/manga/{}/aggregate?translatedLanguage[]=en",
            s.url(),
            big.id
        ))
        .await
        .json();
    assert_schema(&v, "AggregateResponse");
    let vols = v["volumes"].as_object().unwrap();
    let total: u64 = vols.values().map(|v| v["count"].as_u64().unwrap()).sum();
    assert_eq!(total, 600);
    let first = vols.values().next().unwrap();
    let ch = first["chapters"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    assert_schema(ch, "AggregateChapter");

    let v = c
        .get(&format!("{}/manga/random?includes[]=author", s.url()))
        .await
        .json();
    assert_entity(&v["data"], "Manga", "manga");
    assert_ne!(v["data"]["attributes"]["contentRating"], "pornographic");

    let m = &s.catalogue().manga[2];
    let v = c
        .get(&format!("{}/statistics/manga/{}", s.url(), m.id))
        .await
        .json();
    let st = &v["statistics"][m.id.to_string()];
    assert_schema(st, "MangaStatisticsEntry");
    assert_eq!(st["follows"], m.follows);
    assert_eq!(st["rating"]["distribution"].as_object().unwrap().len(), 10);
    let ids = format!("manga[]={}&manga[]={}", s.catalogue().manga[0].id, m.id);
    let v = c
        .get(&format!("{}/statistics/manga?{ids}", s.url()))
        .await
        .json();
    assert_eq!(v["statistics"].as_object().unwrap().len(), 2);
    let ch = s.catalogue().chapters[0].id;
    let v = c
        .get(&format!("{}/statistics/chapter?chapter[]={ch}", s.url()))
        .await
        .json();
    assert!(
        v["statistics"][ch.to_string()]
            .as_object()
            .unwrap()
            .contains_key("comments")
    );
    let g = s.catalogue().groups[0].id;
    let v = c
        .get(&format!("{}/statistics/group/{g}", s.url()))
        .await
        .json();
    assert!(
        v["statistics"][g.to_string()]
            .as_object()
            .unwrap()
            .contains_key("comments")
    );
}

#[tokio::test]
async fn chapter_filters() {
    let s = server().await;
    let c = TestClient::new();
    let cat = s.catalogue();
    let ch = cat.chapters.iter().find(|c| c.language == "fr").unwrap();
    let v = c
        .get(&format!(
            "{}/chapter?manga={}&translatedLanguage[]=fr&limit=100",
            s.url(),
            ch.manga
        ))
        .await
        .json();
    let expected = cat
        .chapters_of(&ch.manga)
        .iter()
        .filter(|c| c.language == "fr")
        .count();
    assert_eq!(v["total"], expected);
    let v = c
        .get(&format!(
            "{}/chapter?groups[]={}&limit=100",
            s.url(),
            ch.groups[0]
        ))
        .await
        .json();
    assert!(v["data"].as_array().unwrap().iter().all(|c| {
        c["relationships"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == ch.groups[0].to_string())
    }));
    let v = c
        .get(&format!("{}/chapter?ids[]={}", s.url(), ch.id))
        .await
        .json();
    assert_eq!(v["total"], 1);
    let langs: Vec<Value> = c
        .get(&format!(
            "{}/chapter?translatedLanguage[]=es-la&translatedLanguage[]=pt-br&limit=100",
            s.url()
        ))
        .await
        .json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["attributes"]["translatedLanguage"].clone())
        .collect();
    assert!(!langs.is_empty());
    assert!(langs.iter().all(|l| l == "es-la" || l == "pt-br"));
}

#[tokio::test]
async fn errors_404_400_and_bad_input() {
    let s = server().await;
    let c = TestClient::new();
    let unknown = uuid::Uuid::new_v4();
    for path in [
        "manga", "chapter", "author", "group", "cover", "list", "user",
    ] {
        let a = c.get(&format!("{}/{path}/{unknown}", s.url())).await;
        assert_error(&a, 404);
    }
    assert_error(
        &c.get(&format!("{}/manga/{unknown}/feed", s.url())).await,
        404,
    );
    assert_error(
        &c.get(&format!("{}/at-home/server/{unknown}", s.url()))
            .await,
        404,
    );
    for bad in [
        "not-a-uuid",
        "123",
        "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
        "%FF%FE",
    ] {
        assert_error(&c.get(&format!("{}/manga/{bad}", s.url())).await, 400);
    }
    assert_error(&c.get(&format!("{}/manga?ids[]=nope", s.url())).await, 400);
    assert_error(
        &c.get(&format!("{}/manga?order[nope]=asc", s.url())).await,
        400,
    );
    assert_error(
        &c.get(&format!("{}/manga?order[title]=sideways", s.url()))
            .await,
        400,
    );
    assert_error(
        &c.get(&format!("{}/manga?contentRating[]=spicy", s.url()))
            .await,
        400,
    );
    assert_error(
        &c.get(&format!("{}/manga?createdAtSince=yesterday", s.url()))
            .await,
        400,
    );
    assert_error(&c.get(&format!("{}/no/such/route", s.url())).await, 404);
    // Bad JSON and bad UTF-8 bodies are 400, never a crash.
    let a = c
        .send(
            http::Method::POST,
            &format!("{}/auth/login", s.url()),
            &[("content-type", "application/json")],
            &b"{\"username\": \xff\xfe"[..],
        )
        .await;
    assert_error(&a, 400);
    let a = c
        .send(
            http::Method::POST,
            &format!("{}/auth/login", s.url()),
            &[],
            "[1,2,3]",
        )
        .await;
    assert_error(&a, 400);
    // The server still answers.
    assert_eq!(c.get(&format!("{}/ping", s.url())).await.status, 200);
    let ping = c.get(&format!("{}/ping", s.url())).await;
    assert_eq!(&ping.body[..], b"pong");
    assert_eq!(ping.header("content-type"), Some("text/plain"));
}

#[tokio::test]
async fn official_links_is_an_object_of_strings() {
    let s = server().await;
    let c = TestClient::new();
    let v = c
        .get(&format!("{}/manga?limit=100&contentRating[]=safe", s.url()))
        .await
        .json();
    let mut with_links = 0;
    for m in v["data"].as_array().unwrap() {
        let links = &m["attributes"]["officialLinks"];
        let obj = links
            .as_object()
            .unwrap_or_else(|| panic!("officialLinks not an object: {links}"));
        assert!(obj.values().all(Value::is_string), "{links}");
        with_links += usize::from(!obj.is_empty());
    }
    assert!(with_links > 0);
}
