//! The Manga tag and the shared machinery (checks, pagination, batches, errors) against the
//! fake server.

#[path = "api_support.rs"]
mod support;

use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use asyncdex::api::manga::{MangaFeed, SearchManga};
use asyncdex::api::{MangaOrder, Paginated};
use asyncdex::model::{
    Chapter, ContentRating, Language, OrderDirection, PublicationStatus, ReadingStatus,
    ReferenceExpansion, TagsMode,
};
use asyncdex::{MangadexClient, RequestBody};
use asyncdex_tower::ratelimit::Ratelimits;
use bytes::Bytes;
use futures_util::{StreamExt, TryStreamExt};
use http::{Request, Response, StatusCode};
use http_body_util::Full;
use uuid::Uuid;

use support::{anonymous, api_requests, last_query, requests_of, server, user};

#[tokio::test]
async fn search_encodes_every_kind_of_filter_and_decodes_reference_expansion() {
    let server = server().await;
    let client = anonymous(&server);
    let since = time::macros::datetime!(2000-01-01 01:00:00 +01:00);
    let page = client
        .manga()
        .search()
        .content_rating([ContentRating::Safe, ContentRating::Suggestive])
        .status([PublicationStatus::Ongoing, PublicationStatus::Completed])
        .included_tags_mode(TagsMode::And)
        .created_at_since(since)
        .has_available_chapters(true)
        .includes([ReferenceExpansion::Author, ReferenceExpansion::CoverArt])
        .order(MangaOrder::Title, OrderDirection::Ascending)
        .limit(5)
        .offset(2)
        .send()
        .await
        .unwrap();
    assert_eq!(
        last_query(&server, SearchManga::OPERATION),
        "limit=5&offset=2&contentRating[]=safe&contentRating[]=suggestive&status[]=ongoing\
         &status[]=completed&includedTagsMode=AND&createdAtSince=2000-01-01T00%3A00%3A00\
         &hasAvailableChapters=true&includes[]=author&includes[]=cover_art&order[title]=asc"
    );
    assert_eq!((page.limit, page.offset, page.data.len()), (5, 2, 5));
    assert!(page.total > 7);
    let titles: Vec<_> = page
        .data
        .iter()
        .map(|m| m.title_in(&[]).unwrap().to_owned())
        .collect();
    let mut sorted = titles.clone();
    sorted.sort();
    assert_eq!(titles, sorted, "order[title]=asc");
    for manga in &page.data {
        assert!(matches!(
            manga.attributes.content_rating,
            ContentRating::Safe | ContentRating::Suggestive
        ));
        assert!(
            manga.authors().next().is_some(),
            "authors expanded: {manga:?}"
        );
        assert!(manga.cover_url().is_some(), "cover expanded");
    }

    // A title filter narrows to the catalogue's manga.
    let wanted = &server.catalogue().manga[7];
    let found = client
        .manga()
        .search()
        .title(&wanted.title)
        .send()
        .await
        .unwrap();
    assert!(found.data.iter().any(|m| m.id == wanted.id));
}

#[tokio::test]
async fn get_random_tags_aggregate_recommendations_and_relations() {
    let server = server().await;
    let client = anonymous(&server);
    let record = &server.catalogue().manga[3];
    let manga = client
        .manga()
        .get(record.id)
        .includes([
            ReferenceExpansion::Author,
            ReferenceExpansion::Artist,
            ReferenceExpansion::CoverArt,
        ])
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(manga.id, record.id);
    assert_eq!(manga.title_in(&[]), Some(record.title.as_str()));
    let authors: Vec<Uuid> = manga.authors().map(|(id, _)| id).collect();
    assert_eq!(authors, record.authors);
    assert!(manga.cover_art().is_some());

    let random = client
        .manga()
        .random()
        .includes([ReferenceExpansion::Tag])
        .content_rating([ContentRating::Safe])
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(random.attributes.content_rating, ContentRating::Safe);

    let tags = client.manga().tags().send().await.unwrap();
    assert_eq!(tags.data.len(), server.catalogue().tags.len());

    let big = server.catalogue().big_feed_manga();
    let aggregate = client
        .manga()
        .aggregate(big.id)
        .translated_language([Language::English])
        .include_unavailable(false)
        .send()
        .await
        .unwrap();
    assert_eq!(aggregate.chapters().count(), 600);
    assert!(
        last_query(
            &server,
            asyncdex::api::manga::MangaAggregateRequest::OPERATION
        )
        .contains("translatedLanguage[]=en&includeUnavailable=0")
    );

    client
        .manga()
        .recommendations(record.id)
        .content_rating([ContentRating::Safe])
        .send()
        .await
        .unwrap();
    let related = server
        .catalogue()
        .manga
        .iter()
        .find(|m| !m.related.is_empty())
        .unwrap();
    let relations = client
        .manga()
        .relations(related.id)
        .includes([ReferenceExpansion::Manga])
        .send()
        .await
        .unwrap();
    assert_eq!(relations.data.len(), related.related.len());
}

#[tokio::test]
async fn a_feed_streams_past_page_boundaries_with_500_per_request_and_no_read_ahead() {
    let server = server().await;
    let client = anonymous(&server);
    let big = server.catalogue().big_feed_manga();
    let mut stream = client
        .manga()
        .feed(big.id)
        .translated_language([Language::English])
        .order(
            asyncdex::api::ChapterOrder::Chapter,
            OrderDirection::Ascending,
        )
        .stream();
    assert_eq!(stream.total(), None);
    let first: Vec<Chapter> = (&mut stream).take(500).try_collect().await.unwrap();
    assert_eq!(first.len(), 500);
    assert_eq!(
        requests_of(&server, MangaFeed::OPERATION).len(),
        1,
        "no read-ahead"
    );
    assert_eq!(stream.total(), Some(600));
    let rest: Vec<Chapter> = stream.by_ref().try_collect().await.unwrap();
    assert_eq!(rest.len(), 100);
    assert!(!stream.is_truncated());
    let queries: Vec<String> = requests_of(&server, MangaFeed::OPERATION)
        .into_iter()
        .map(|r| r.query.unwrap())
        .collect();
    assert_eq!(queries.len(), 2, "{queries:?}");
    assert!(
        queries[0].starts_with("limit=500&offset=0&translatedLanguage[]=en"),
        "{queries:?}"
    );
    assert!(
        queries[1].starts_with("limit=500&offset=500&"),
        "{queries:?}"
    );
    let ids: HashSet<Uuid> = first.iter().chain(&rest).map(|c| c.id).collect();
    assert_eq!(ids.len(), 600);

    // One page with send(), and a stream that starts at an offset.
    let page = client
        .manga()
        .feed(big.id)
        .limit(500)
        .offset(550)
        .send()
        .await
        .unwrap();
    assert_eq!((page.data.len(), page.total), (50, 600));
    let tail: Vec<_> = client
        .manga()
        .feed(big.id)
        .offset(590)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(tail.len(), 10);
}

#[tokio::test]
async fn get_many_chunks_by_100_dedups_keeps_order_and_skips_missing_ids() {
    let server = server().await;
    let client = anonymous(&server);
    let catalogue = server.catalogue();
    let mut ids: Vec<Uuid> = catalogue
        .manga
        .iter()
        .rev()
        .take(250)
        .map(|m| m.id)
        .collect();
    ids.insert(10, ids[3]); // a duplicate
    ids.insert(20, Uuid::nil()); // missing
    let manga = client.manga().get_many(ids.clone()).await.unwrap();
    let expected: Vec<Uuid> = catalogue
        .manga
        .iter()
        .rev()
        .take(250)
        .map(|m| m.id)
        .collect();
    assert_eq!(manga.iter().map(|m| m.id).collect::<Vec<_>>(), expected);
    let searches = requests_of(&server, SearchManga::OPERATION);
    assert_eq!(searches.len(), 3, "251 distinct ids: 3 chunks");
    for search in &searches {
        let query = search.query.as_deref().unwrap();
        assert!(query.matches("ids[]=").count() <= 100);
        assert!(
            query.contains("contentRating[]=pornographic"),
            "every rating: {query}"
        );
    }

    // With includes, through get_many_with.
    let few = client
        .manga()
        .get_many_with(expected[..3].to_vec(), |search| {
            search.includes([ReferenceExpansion::CoverArt])
        })
        .await
        .unwrap();
    assert!(few.iter().all(|m| m.cover_art().is_some()));
    assert!(client.manga().get_many([]).await.unwrap().is_empty());
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let server = server().await;
    let client = anonymous(&server);
    let id = server.catalogue().manga[0].id;
    let too_many: Vec<Uuid> = (0..101).map(|_| Uuid::new_v4()).collect();
    let errors = [
        client.manga().search().limit(0).send().await.unwrap_err(),
        client.manga().search().limit(101).send().await.unwrap_err(),
        client
            .manga()
            .search()
            .ids(too_many.clone())
            .send()
            .await
            .unwrap_err(),
        client
            .manga()
            .search()
            .offset(9950)
            .limit(100)
            .send()
            .await
            .unwrap_err(),
        client
            .manga()
            .search()
            .offset(9995)
            .send()
            .await
            .unwrap_err(), // default limit 10
        client.manga().feed(id).limit(501).send().await.unwrap_err(),
        client
            .manga()
            .feed(id)
            .offset(9950)
            .send()
            .await
            .unwrap_err(), // default limit 100
        client
            .manga()
            .aggregate(id)
            .groups(too_many)
            .send()
            .await
            .unwrap_err(),
    ];
    for error in &errors {
        assert!(error.is_invalid_input(), "{error:?}");
    }
    assert!(format!("{}", errors[3]).contains("10000"), "{}", errors[3]);
    assert!(api_requests(&server).is_empty(), "nothing sent");

    // The limits themselves pass.
    client
        .manga()
        .search()
        .limit(100)
        .offset(9900)
        .send()
        .await
        .unwrap();
    client
        .manga()
        .feed(id)
        .limit(500)
        .offset(9500)
        .send()
        .await
        .unwrap();
    let stream: Paginated<_> = client.manga().search().offset(10_000).stream();
    assert_eq!(stream.count().await, 0);
}

#[tokio::test]
async fn server_errors_are_typed() {
    let server = server().await;
    let client = anonymous(&server);
    let missing = client.manga().get(Uuid::nil()).send().await.unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
    assert_eq!(missing.api_errors()[0].status, 404);

    let bad = client
        .manga()
        .search()
        .status([PublicationStatus::Unknown("bogus".into())])
        .send()
        .await
        .unwrap_err();
    assert_eq!(bad.status(), Some(StatusCode::BAD_REQUEST), "{bad:?}");
    assert!(bad.is_http(), "{bad:?}");

    let anonymous = client.manga().statuses().send().await.unwrap_err();
    assert!(anonymous.is_unauthorized(), "{anonymous:?}");

    // A failing page ends the stream with its error.
    let mut stream = client.manga().feed(Uuid::nil()).stream();
    assert!(stream.next().await.unwrap().unwrap_err().is_not_found());
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn reading_status_follow_and_drafts_as_the_user() {
    let server = server().await;
    let client = user(&server);
    let id = server.catalogue().manga[5].id;
    assert_eq!(client.manga().status(id).send().await.unwrap().status, None);
    assert!(
        client
            .manga()
            .set_status(id, Some(ReadingStatus::OnHold))
            .send()
            .await
            .unwrap()
            .is_ok()
    );
    assert_eq!(
        client.manga().status(id).send().await.unwrap().status,
        Some(ReadingStatus::OnHold)
    );
    let all = client
        .manga()
        .statuses()
        .status(ReadingStatus::OnHold)
        .send()
        .await
        .unwrap();
    assert_eq!(all.statuses.get(&id), Some(&ReadingStatus::OnHold));
    let body = requests_of(&server, asyncdex::api::manga::SetReadingStatus::OPERATION)[0]
        .body
        .clone();
    assert_eq!(body, Bytes::from_static(br#"{"status":"on_hold"}"#));
    client.manga().set_status(id, None).send().await.unwrap();
    assert!(
        client
            .manga()
            .statuses()
            .send()
            .await
            .unwrap()
            .statuses
            .is_empty()
    );

    client.manga().follow(id).send().await.unwrap();
    client.manga().unfollow(id).send().await.unwrap();

    let drafts = client
        .manga()
        .drafts()
        .state(asyncdex::model::MangaState::Draft)
        .limit(100)
        .send()
        .await
        .unwrap();
    assert!(drafts.data.is_empty());
    assert_eq!(client.manga().drafts().stream().count().await, 0);
    client.manga().delete(id).send().await.unwrap();
    client
        .manga()
        .delete_relation(id, Uuid::new_v4())
        .send()
        .await
        .unwrap();
    let relation = client
        .manga()
        .create_relation(
            id,
            server.catalogue().manga[6].id,
            asyncdex::model::MangaRelationType::Sequel,
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        relation.data.attributes.relation,
        asyncdex::model::MangaRelationType::Sequel
    );
    let create = requests_of(&server, asyncdex::api::manga::CreateRelation::OPERATION);
    let body: serde_json::Value = serde_json::from_slice(&create[0].body).unwrap();
    assert_eq!(body["relation"], "sequel");
}

/// A transport that answers every feed page with 500 (or `limit`) chapters of a feed whose
/// `total` is 25,000, recording the `(offset, limit)` asked.
fn huge_feed(seen: Arc<Mutex<Vec<(u32, u32)>>>) -> MangadexClient {
    let transport = tower::service_fn(move |request: Request<RequestBody>| {
        let seen = seen.clone();
        async move {
            let query = request.uri().query().unwrap_or_default().to_owned();
            let get = |key: &str| {
                query
                    .split('&')
                    .find_map(|pair| pair.strip_prefix(key))
                    .and_then(|v| v.parse::<u32>().ok())
                    .unwrap_or(0)
            };
            let (offset, limit) = (get("offset="), get("limit="));
            seen.lock().unwrap().push((offset, limit));
            let chapter = serde_json::json!({
                "id": Uuid::new_v4(), "type": "chapter",
                "attributes": {"translatedLanguage": "en", "pages": 1,
                    "createdAt": "2021-05-24T17:12:36+00:00", "updatedAt": "2021-05-24T17:12:36+00:00",
                    "publishAt": "2021-05-24T17:12:36+00:00"},
                "relationships": []
            });
            let body = serde_json::json!({
                "result": "ok", "response": "collection",
                "data": vec![chapter; limit as usize],
                "limit": limit, "offset": offset, "total": 25_000
            });
            let body = Bytes::from(serde_json::to_vec(&body).unwrap());
            Ok::<_, Infallible>(Response::new(Full::new(body)))
        }
    });
    MangadexClient::builder()
        .ratelimits(Ratelimits::default().with_global(10_000, Duration::from_secs(1)))
        .service(transport)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_stream_stops_at_the_10000_window_and_says_it_was_truncated() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = huge_feed(seen.clone());
    let mut stream = client.manga().feed(Uuid::new_v4()).stream();
    let mut count = 0;
    while let Some(chapter) = stream.next().await {
        chapter.unwrap();
        count += 1;
    }
    assert_eq!(count, 10_000);
    assert_eq!(stream.total(), Some(25_000));
    assert!(stream.is_truncated());
    let seen = std::mem::take(&mut *seen.lock().unwrap());
    assert_eq!(seen.len(), 20);
    assert_eq!(seen.last(), Some(&(9_500, 500)));
    assert!(seen.iter().all(|(offset, limit)| offset + limit <= 10_000));

    // Starting near the window: the last page shrinks to fit.
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = huge_feed(seen.clone());
    let tail: Vec<_> = client
        .manga()
        .feed(Uuid::new_v4())
        .offset(9_800)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(tail.len(), 200);
    assert_eq!(*seen.lock().unwrap(), [(9_800, 200)]);
}

#[tokio::test]
async fn typed_calls_name_their_route_for_the_rate_limiter_and_raw_requests_do_not() {
    use asyncdex_tower::ratelimit::{Route, constants::routes};
    let seen = Arc::new(Mutex::new(Vec::new()));
    let transport = tower::service_fn({
        let seen = seen.clone();
        move |request: http::Request<RequestBody>| {
            let route = request.extensions().get::<Route>().copied();
            seen.lock().unwrap().push(route);
            let body = Bytes::from_static(b"{\"result\":\"ok\",\"response\":\"collection\",\"data\":[],\"limit\":10,\"offset\":0,\"total\":0}");
            async move { Ok::<_, Infallible>(Response::new(Full::new(body))) }
        }
    });
    let client = MangadexClient::builder()
        .service(transport)
        .build()
        .unwrap();
    client.manga().search().send().await.unwrap();
    client.manga().feed(Uuid::new_v4()).send().await.unwrap();
    client
        .request(http::Method::GET, "/manga")
        .send()
        .await
        .unwrap();
    assert_eq!(
        *seen.lock().unwrap(),
        [
            Some(Route(routes::MANGA)),
            Some(Route(routes::MANGA_ID_FEED)),
            None
        ]
    );
}
