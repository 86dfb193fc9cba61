//! Tests of URL resolution and query strings.

use asyncdex_tower::Api;
use http::Method;

use super::Target;
use crate::client::MangadexClient;
use crate::error::{Error, Result};

fn uri(base: &str, url: &str) -> Result<String> {
    let api: Api = base.parse().unwrap();
    let target = Target::resolve(&api, url).map_err(Error::invalid)?;
    let (uri, path) = target.into_uri(api.base())?;
    assert_eq!(Some(&path), uri.path_and_query());
    Ok(uri.to_string())
}

#[test]
fn relative_and_absolute_urls() {
    let base = "https://api.mangadex.org";
    assert_eq!(
        uri(base, "/manga").unwrap(),
        "https://api.mangadex.org/manga"
    );
    assert_eq!(
        uri(base, "manga").unwrap(),
        "https://api.mangadex.org/manga"
    );
    assert_eq!(
        uri(base, "/manga?limit=1#frag").unwrap(),
        "https://api.mangadex.org/manga?limit=1"
    );
    assert_eq!(uri(base, "https://x.org/a").unwrap(), "https://x.org/a");
    assert_eq!(
        uri("http://127.0.0.1:8080/api/", "/manga").unwrap(),
        "http://127.0.0.1:8080/api/manga"
    );
    for refused in ["ftp://x.org/a", "javascript:alert(1)", "/bad path"] {
        let error = uri(base, refused).unwrap_err();
        assert!(error.is_invalid_input(), "{refused}: {error}");
    }
    let error = uri(base, "/bad path").unwrap_err().to_string();
    assert!(
        error.contains("https://api.mangadex.org/bad path"),
        "{error}"
    );
}

#[test]
fn query_pairs_follow_the_path_or_its_query() {
    let client = MangadexClient::builder()
        .api_url("http://127.0.0.1:9/api")
        .build()
        .unwrap();
    let (request, path, _) = client
        .request(Method::GET, "/manga?ids[]=a#top")
        .param("limit", 10)
        .params("includes", ["author", "cover art"])
        .order("createdAt", "desc")
        .into_http()
        .unwrap();
    assert_eq!(path.path(), "/api/manga");
    assert_eq!(
        request.uri().to_string(),
        "http://127.0.0.1:9/api/manga?ids[]=a&limit=10&includes[]=author&includes[]=cover%20art&order[createdAt]=desc"
    );
    let (request, _, _) = client
        .request(Method::GET, "/statistics/manga")
        .params("manga", ["x"])
        .into_http()
        .unwrap();
    assert_eq!(
        request.uri().to_string(),
        "http://127.0.0.1:9/api/statistics/manga?manga[]=x"
    );
}
