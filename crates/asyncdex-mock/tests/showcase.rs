//! The showcase series over HTTP: the manga, its feed, `/chapter`, aggregate, covers, and its
//! pages through at-home and the image node, like any other manga's.

mod common;

use asyncdex_mock::MockServer;
use common::{TestClient, assert_entity};
use serde_json::Value;

async fn server() -> MockServer {
    MockServer::builder().no_global_limit().start().await
}

fn ids(v: &Value) -> Vec<String> {
    v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_manga_and_its_covers() {
    let s = server().await;
    let c = TestClient::new();
    let m = s.catalogue().showcase_manga();
    let v = c
        .get(&format!(
            "{}/manga/{}?includes[]=author&includes[]=artist&includes[]=cover_art",
            s.url(),
            m.id
        ))
        .await
        .json();
    assert_entity(&v["data"], "Manga", "manga");
    let a = &v["data"]["attributes"];
    assert_eq!(a["title"]["en"], "Showcase: The Archivist's Lantern");
    assert_eq!(a["originalLanguage"], "ja");
    assert_eq!(a["contentRating"], "suggestive");
    assert_eq!(a["status"], "ongoing");
    let rels = v["data"]["relationships"].as_array().unwrap();
    let names = |kind: &str| -> Vec<&str> {
        rels.iter()
            .filter(|r| r["type"] == kind)
            .map(|r| r["attributes"]["name"].as_str().unwrap())
            .collect()
    };
    assert_eq!(names("author"), ["Hoshizora Mio", "Kuroda Ren"]);
    assert_eq!(names("artist"), ["Hoshizora Mio", "Amane Yuzu"]);
    let cover = rels.iter().find(|r| r["type"] == "cover_art").unwrap();
    assert_eq!(cover["attributes"]["volume"], Value::Null);

    // Listed by title, as any manga; the default content ratings include `suggestive`.
    let found = c
        .get(&format!("{}/manga?title=archivist%27s%20lantern", s.url()))
        .await
        .json();
    assert_eq!(ids(&found), [m.id.to_string()]);

    let covers = c
        .get(&format!(
            "{}/cover?manga[]={}&order[volume]=asc",
            s.url(),
            m.id
        ))
        .await
        .json();
    let volumes: Vec<&Value> = covers["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["attributes"]["volume"])
        .collect();
    assert_eq!(volumes.len(), 4);
    for v in ["1", "2", "3"] {
        assert!(volumes.contains(&&Value::from(v)), "{volumes:?}");
    }
}

#[tokio::test]
async fn feed_chapter_list_and_aggregate_serve_the_table() {
    let s = server().await;
    let c = TestClient::new();
    let cat = s.catalogue();
    let (m, cast) = (cat.showcase_manga(), cat.showcase());
    let feed = c
        .get(&format!(
            "{}/manga/{}/feed?limit=500&translatedLanguage[]=en&order[publishAt]=asc",
            s.url(),
            m.id
        ))
        .await
        .json();
    assert_eq!(feed["total"], 18);
    let expected: Vec<String> = cat
        .chapters_of(&m.id)
        .iter()
        .filter(|c| c.language == "en")
        .map(|c| c.id.to_string())
        .collect();
    assert_eq!(ids(&feed), expected, "reading order is publish order");
    let titles: Vec<&Value> = feed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["attributes"]["title"])
        .collect();
    assert!(titles.contains(&&Value::from(r#"Who? Me: "Yes" <No>/Maybe*"#)));
    assert!(
        titles
            .iter()
            .any(|t| t.as_str().is_some_and(|t| t.len() == 300))
    );

    let all = c
        .get(&format!("{}/chapter?manga={}&limit=100", s.url(), m.id))
        .await
        .json();
    assert_eq!(all["total"], 22);
    let by_b = c
        .get(&format!(
            "{}/chapter?manga={}&groups[]={}",
            s.url(),
            m.id,
            cast.group_b
        ))
        .await
        .json();
    assert_eq!(by_b["total"], 3, "B: chapters 3, 6 and 7");
    let unblocked = c
        .get(&format!(
            "{}/manga/{}/feed?translatedLanguage[]=en&excludedUploaders[]={}",
            s.url(),
            m.id,
            cast.other_uploader
        ))
        .await
        .json();
    let ten_d = cat
        .showcase_chapter("en", Some("10"), cast.group_d)
        .unwrap();
    assert_eq!(unblocked["total"], 17);
    assert!(!ids(&unblocked).contains(&ten_d.id.to_string()));

    let agg = c
        .get(&format!(
            "{}/manga/{}/aggregate?translatedLanguage[]=en",
            s.url(),
            m.id
        ))
        .await
        .json();
    let vols = &agg["volumes"];
    assert_eq!(vols["1"]["count"], 7);
    assert_eq!(vols["1"]["chapters"]["3"]["count"], 2);
    assert_eq!(vols["1"]["chapters"]["4.5"]["count"], 1);
    assert_eq!(vols["2"]["chapters"]["8"]["count"], 1);
    assert_eq!(vols["none"]["chapters"]["10"]["count"], 2);
    assert_eq!(vols["none"]["chapters"]["none"]["count"], 1, "the oneshot");
    assert_eq!(vols["none"]["count"], 6);
}

#[tokio::test]
async fn showcase_pages_come_from_at_home_and_the_image_node() {
    let s = server().await;
    let c = TestClient::new();
    let cat = s.catalogue();
    let cast = cat.showcase();
    let ch = cat
        .showcase_chapter("en", Some("4.5"), cast.group_a)
        .unwrap();
    let v = c
        .get(&format!("{}/at-home/server/{}", s.url(), ch.id))
        .await
        .json();
    assert_eq!(v["chapter"]["hash"], ch.hash.as_str());
    let names = v["chapter"]["dataSaver"].as_array().unwrap();
    assert_eq!(names.len(), 3);
    for name in names {
        let url = format!(
            "{}/data-saver/{}/{}",
            v["baseUrl"].as_str().unwrap(),
            ch.hash,
            name.as_str().unwrap()
        );
        let page = c.get(&url).await;
        assert_eq!(page.status, 200);
        assert_eq!(page.header("content-type"), Some("image/jpeg"));
    }
    let external = cat
        .showcase_chapter("en", Some("11"), cast.group_d)
        .unwrap();
    let a = c
        .get(&format!("{}/at-home/server/{}", s.url(), external.id))
        .await;
    assert_eq!(a.status, 404);
    let v = c
        .get(&format!("{}/chapter/{}", s.url(), external.id))
        .await
        .json();
    assert_eq!(v["data"]["attributes"]["pages"], 0);
    assert!(v["data"]["attributes"]["externalUrl"].is_string());
}
