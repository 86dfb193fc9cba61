//! The release clock: chapters published after the release time do not exist yet, on every
//! route that lists or serves chapters; moving the time forward makes them appear.

mod common;

use asyncdex_mock::catalogue::ChapterRecord;
use asyncdex_mock::{DEFAULT_PASSWORD, DEFAULT_USERNAME, MockServer};
use common::{TestClient, assert_error};
use http::Method;
use serde_json::{Value, json};
use time::OffsetDateTime;

fn at(unix: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(unix).unwrap()
}

/// `YYYY-MM-DDTHH:MM:SS`, the API's date filter format.
fn date_filter(unix: i64) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    at(unix).format(&fmt).unwrap()
}

/// The showcase's chapter `n` in English by group A.
fn by_a(s: &MockServer, n: &str) -> ChapterRecord {
    let cat = s.catalogue();
    cat.showcase_chapter("en", Some(n), cat.showcase().group_a)
        .unwrap()
        .clone()
}

fn ids(v: &Value) -> Vec<String> {
    v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn get(c: &TestClient, url: String) -> Value {
    let a = c.get(&url).await;
    assert_eq!(a.status, 200, "{url}");
    a.json()
}

#[tokio::test]
async fn feed_before_and_after_the_release_time() {
    let probe = MockServer::builder().start().await;
    let (ten, twelve) = (by_a(&probe, "10"), by_a(&probe, "12"));
    let between = ten.publish_at + 10 * 86_400;
    let s = MockServer::builder()
        .no_global_limit()
        .release_time(at(between))
        .start()
        .await;
    assert_eq!(s.release_time(), Some(at(between)));
    let c = TestClient::new();
    let manga = s.catalogue().showcase_manga().id;
    let feed = format!(
        "{}/manga/{manga}/feed?translatedLanguage[]=en&order[publishAt]=asc&limit=500",
        s.url()
    );
    let before = get(&c, feed.clone()).await;
    assert_eq!(before["total"], 17);
    assert!(!ids(&before).contains(&twelve.id.to_string()));
    assert!(ids(&before).contains(&ten.id.to_string()));

    // Exactly at chapter 12's publish time it is out.
    s.set_release_time(at(twelve.publish_at));
    let after = get(&c, feed.clone()).await;
    assert_eq!(after["total"], 18);
    assert_eq!(ids(&after).last(), Some(&twelve.id.to_string()));

    s.set_release_time(at(twelve.publish_at - 1));
    assert_eq!(get(&c, feed.clone()).await["total"], 17);
    s.clear_release_time();
    assert_eq!(s.release_time(), None);
    assert_eq!(get(&c, feed).await["total"], 18);
}

#[tokio::test]
async fn latest_uploaded_chapter_follows_the_clock() {
    let s = MockServer::builder().no_global_limit().start().await;
    let c = TestClient::new();
    let cat = s.catalogue();
    let m = cat.showcase_manga();
    let eleven = cat
        .showcase_chapter("en", Some("11"), cat.showcase().group_d)
        .unwrap();
    let twelve = by_a(&s, "12");
    let one = format!("{}/manga/{}", s.url(), m.id);
    let latest = |v: Value| v["data"]["attributes"]["latestUploadedChapter"].clone();
    assert_eq!(latest(get(&c, one.clone()).await), twelve.id.to_string());
    // The newest of the whole catalogue, so first in the default order.
    let first = format!("{}/manga?limit=1", s.url());
    assert_eq!(ids(&get(&c, first.clone()).await), [m.id.to_string()]);

    s.set_release_time(at(cat.clock_end()));
    assert_eq!(latest(get(&c, one.clone()).await), eleven.id.to_string());
    assert_ne!(ids(&get(&c, first).await), [m.id.to_string()]);
    let listed = get(&c, format!("{}/manga?ids[]={}", s.url(), m.id)).await;
    assert_eq!(
        listed["data"][0]["attributes"]["latestUploadedChapter"],
        eleven.id.to_string()
    );

    let first_chapter = by_a(&s, "1");
    s.set_release_time(at(first_chapter.publish_at - 1));
    assert_eq!(latest(get(&c, one).await), Value::Null);
}

#[tokio::test]
async fn an_unreleased_chapter_is_not_served_anywhere() {
    let s = MockServer::builder().no_global_limit().start().await;
    let c = TestClient::new();
    let twelve = by_a(&s, "12");
    s.set_release_time(at(s.catalogue().clock_end()));
    let page = format!(
        "{}/data/{}/{}",
        s.image_url(),
        twelve.hash,
        twelve.data_files()[0]
    );
    let urls = [
        format!("{}/chapter/{}", s.url(), twelve.id),
        format!("{}/at-home/server/{}", s.url(), twelve.id),
        format!("{}/statistics/chapter/{}", s.url(), twelve.id),
    ];
    for url in &urls {
        assert_error(&c.get(url).await, 404);
    }
    assert_eq!(c.get(&page).await.status, 404);
    let listed = get(&c, format!("{}/chapter?ids[]={}", s.url(), twelve.id)).await;
    assert_eq!(listed["total"], 0);

    s.set_release_time(at(twelve.publish_at));
    for url in &urls {
        assert_eq!(c.get(url).await.status, 200, "{url}");
    }
    assert_eq!(c.get(&page).await.status, 200);
    let listed = get(&c, format!("{}/chapter?ids[]={}", s.url(), twelve.id)).await;
    assert_eq!(listed["total"], 1);
}

#[tokio::test]
async fn publish_at_since_combines_with_the_release_time() {
    let s = MockServer::builder().no_global_limit().start().await;
    let c = TestClient::new();
    let (ten, twelve) = (by_a(&s, "10"), by_a(&s, "12"));
    let manga = s.catalogue().showcase_manga().id;
    let since = format!(
        "{}/manga/{manga}/feed?publishAtSince={}&order[publishAt]=asc",
        s.url(),
        date_filter(ten.publish_at)
    );
    s.set_release_time(at(s.catalogue().clock_end()));
    // A's 10, D's 10, the oneshot and 11: what a sync since chapter 10 sees.
    let v = get(&c, since.clone()).await;
    assert_eq!(v["total"], 4);
    assert_eq!(ids(&v)[0], ten.id.to_string());
    s.set_release_time(at(twelve.publish_at + 86_400));
    let v = get(&c, since).await;
    assert_eq!(v["total"], 5);
    assert_eq!(ids(&v)[4], twelve.id.to_string());
    // Since chapter 12 alone: nothing before its release, then just it.
    let only = format!(
        "{}/chapter?manga={manga}&publishAtSince={}",
        s.url(),
        date_filter(twelve.publish_at)
    );
    assert_eq!(get(&c, only.clone()).await["total"], 1);
    s.set_release_time(at(twelve.publish_at - 1));
    assert_eq!(get(&c, only).await["total"], 0);
}

#[tokio::test]
async fn follows_and_list_feeds_and_aggregate_see_the_clock() {
    let s = MockServer::builder().no_global_limit().start().await;
    let c = TestClient::new();
    let login = c
        .json(
            Method::POST,
            &format!("{}/auth/login", s.url()),
            None,
            &json!({"username": DEFAULT_USERNAME, "password": DEFAULT_PASSWORD}),
        )
        .await
        .json();
    let token = login["token"]["session"].as_str().unwrap().to_owned();
    let manga = s.catalogue().showcase_manga().id;
    let follow = format!("{}/manga/{manga}/follow", s.url());
    let a = c
        .json(Method::POST, &follow, Some(&token), &json!({}))
        .await;
    assert_eq!(a.status, 200);
    let list = c
        .json(
            Method::POST,
            &format!("{}/list", s.url()),
            Some(&token),
            &json!({"name": "sync", "manga": [manga]}),
        )
        .await
        .json();
    let list = list["data"]["id"].as_str().unwrap().to_owned();
    let feeds = [
        format!("{}/user/follows/manga/feed?limit=500", s.url()),
        format!("{}/list/{list}/feed?limit=500", s.url()),
    ];
    let aggregate = format!("{}/manga/{manga}/aggregate", s.url());
    let totals = |c: TestClient, token: String| {
        let feeds = feeds.clone();
        async move {
            let mut out = Vec::new();
            for url in &feeds {
                out.push(c.get_auth(url, &token).await.json()["total"].clone());
            }
            out
        }
    };
    s.set_release_time(at(s.catalogue().clock_end()));
    assert_eq!(totals(c.clone(), token.clone()).await, [21, 21]);
    let agg = get(&c, aggregate.clone()).await;
    assert_eq!(agg["volumes"]["none"]["chapters"].get("12"), None);
    s.clear_release_time();
    assert_eq!(totals(c.clone(), token.clone()).await, [22, 22]);
    let agg = get(&c, aggregate).await;
    assert_eq!(agg["volumes"]["none"]["chapters"]["12"]["count"], 1);
}
