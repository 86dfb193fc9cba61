//! Chapter, Cover, Author, ScanlationGroup, AtHome, Statistics, Rating, ReadMarker, Follows,
//! CustomList, Feed and User against the fake server.

#[path = "api_support.rs"]
mod support;

use asyncdex::api::chapter::{GetChapter, SearchChapters};
use asyncdex::api::feed::{FollowedMangaFeed, ListFeed};
use asyncdex::api::{AuthorOrder, ChapterOrder, CoverOrder, GroupOrder, UserOrder};
use asyncdex::model::{
    CustomListVisibility, ImageQuality, Language, OrderDirection, ReadMarkers, ReferenceExpansion,
};
use futures_util::TryStreamExt;
use uuid::Uuid;

use support::{anonymous, api_requests, last_query, requests_of, server, user};

#[tokio::test]
async fn chapters_search_get_and_batch_with_reference_expansion() {
    let server = server().await;
    let client = anonymous(&server);
    let manga = &server.catalogue().manga[2];
    let page = client
        .chapter()
        .search()
        .manga(manga.id)
        .includes([
            ReferenceExpansion::ScanlationGroup,
            ReferenceExpansion::Manga,
        ])
        .order(ChapterOrder::Chapter, OrderDirection::Ascending)
        .limit(100)
        .send()
        .await
        .unwrap();
    // Spec 5.13.1 spells this operation's expansion parameter `includes`, no brackets.
    let query = last_query(&server, SearchChapters::OPERATION);
    assert!(
        query.contains("&includes=scanlation_group&includes=manga&"),
        "{query}"
    );
    assert!(!page.data.is_empty());
    for chapter in &page.data {
        assert_eq!(chapter.manga_id(), Some(manga.id));
        assert!(chapter.manga().is_some(), "manga expanded");
        assert_eq!(
            chapter.groups().count(),
            chapter.group_ids().count(),
            "groups expanded"
        );
    }

    let first = &page.data[0];
    let one = client
        .chapter()
        .get(first.id)
        .includes([ReferenceExpansion::User])
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(one.id, first.id);
    assert!(one.uploader().is_some(), "uploader expanded");
    assert!(last_query(&server, GetChapter::OPERATION).starts_with("includes[]=user"));

    // "One value or an array" parameters.
    client
        .chapter()
        .search()
        .chapter(["1".to_owned(), "2".to_owned()])
        .uploader([Uuid::nil()])
        .volume(["1"])
        .send()
        .await
        .unwrap();
    let query = last_query(&server, SearchChapters::OPERATION);
    assert!(query.contains("chapter[]=1&chapter[]=2"), "{query}");
    assert!(
        query.contains(&format!("uploader={}", Uuid::nil())),
        "{query}"
    );
    assert!(query.contains("volume[]=1"), "{query}");

    let ids: Vec<Uuid> = page.data.iter().rev().map(|c| c.id).collect();
    let many = client.chapter().get_many(ids.clone()).await.unwrap();
    assert_eq!(many.iter().map(|c| c.id).collect::<Vec<_>>(), ids);
}

#[tokio::test]
async fn covers_authors_and_groups() {
    let server = server().await;
    let client = user(&server);
    let catalogue = server.catalogue();
    let manga = &catalogue.manga[4];

    let covers = client
        .cover()
        .search()
        .manga([manga.id])
        .order(CoverOrder::Volume, OrderDirection::Ascending)
        .includes([ReferenceExpansion::Manga])
        .send()
        .await
        .unwrap();
    assert!(!covers.data.is_empty());
    assert!(
        covers
            .data
            .iter()
            .all(|c| c.manga_id() == Some(manga.id) && c.url().is_some())
    );
    let cover = client
        .cover()
        .get(covers.data[0].id)
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(cover.id, covers.data[0].id);
    let by_id = client
        .cover()
        .get_many(covers.data.iter().map(|c| c.id))
        .await
        .unwrap();
    assert_eq!(by_id.len(), covers.data.len());

    let author = &catalogue.authors[0];
    let found = client
        .author()
        .search()
        .name(&author.name)
        .order(AuthorOrder::Name, OrderDirection::Ascending)
        .send()
        .await
        .unwrap();
    assert!(found.data.iter().any(|a| a.id == author.id));
    let one = client
        .author()
        .get(author.id)
        .includes([ReferenceExpansion::Manga])
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(one.attributes.name, author.name);
    let authors = client
        .author()
        .get_many(catalogue.authors.iter().take(120).map(|a| a.id))
        .await
        .unwrap();
    assert_eq!(authors.len(), 120.min(catalogue.authors.len()));

    let group = &catalogue.groups[0];
    let groups = client
        .group()
        .search()
        .name(&group.name)
        .includes([ReferenceExpansion::Leader])
        .order(GroupOrder::Name, OrderDirection::Ascending)
        .send()
        .await
        .unwrap();
    let found = groups.data.iter().find(|g| g.id == group.id).unwrap();
    assert_eq!(found.leader_id(), Some(group.leader));
    assert!(found.leader().is_some(), "leader expanded");
    let one = client
        .group()
        .get(group.id)
        .includes([ReferenceExpansion::Member])
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(one.member_ids().count(), group.members.len());
    assert!(
        !client
            .follows()
            .is_following_group(group.id)
            .send()
            .await
            .unwrap()
    );
    client.group().follow(group.id).send().await.unwrap();
    assert!(
        client
            .follows()
            .is_following_group(group.id)
            .send()
            .await
            .unwrap()
    );
    let followed: Vec<_> = client
        .follows()
        .groups()
        .includes([ReferenceExpansion::Leader])
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        followed.iter().map(|g| g.id).collect::<Vec<_>>(),
        [group.id]
    );
    client.group().unfollow(group.id).send().await.unwrap();
    assert!(
        !client
            .follows()
            .is_following_group(group.id)
            .send()
            .await
            .unwrap()
    );
    let groups = client
        .group()
        .get_many(catalogue.groups.iter().map(|g| g.id))
        .await
        .unwrap();
    assert_eq!(groups.len(), catalogue.groups.len());
}

#[tokio::test]
async fn at_home_and_statistics() {
    let server = server().await;
    let client = anonymous(&server);
    let chapter = server.catalogue().chapter_with_pages();
    let at_home = client
        .at_home()
        .server(chapter.id)
        .force_port_443(true)
        .send()
        .await
        .unwrap();
    assert_eq!(at_home.chapter.hash, chapter.hash);
    assert_eq!(
        at_home.page_urls(ImageQuality::Original).count(),
        chapter.pages as usize
    );
    assert_eq!(
        last_query(
            &server,
            asyncdex::api::at_home::AtHomeServerRequest::OPERATION
        ),
        "forcePort443=true"
    );

    let manga = &server.catalogue().manga[0];
    let stats = client.statistics().manga(manga.id).send().await.unwrap();
    let one = stats.get(&manga.id).unwrap();
    assert_eq!(one.follows, manga.follows);
    assert_eq!(one.rating.as_ref().unwrap().distribution.len(), 10);
    let ids: Vec<Uuid> = server
        .catalogue()
        .manga
        .iter()
        .take(3)
        .map(|m| m.id)
        .collect();
    let many = client
        .statistics()
        .manga_many(ids.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        many.statistics
            .keys()
            .copied()
            .collect::<std::collections::HashSet<_>>(),
        ids.iter().copied().collect()
    );
    assert!(
        last_query(
            &server,
            asyncdex::api::statistics::ManyMangaStatistics::OPERATION
        )
        .starts_with("manga[]=")
    );

    let stats = client
        .statistics()
        .chapter(chapter.id)
        .send()
        .await
        .unwrap();
    assert!(stats.get(&chapter.id).is_some());
    client
        .statistics()
        .chapters([chapter.id])
        .send()
        .await
        .unwrap();
    let group = server.catalogue().groups[0].id;
    assert!(
        client
            .statistics()
            .group(group)
            .send()
            .await
            .unwrap()
            .get(&group)
            .is_some()
    );
    assert!(
        client
            .statistics()
            .groups([group])
            .send()
            .await
            .unwrap()
            .get(&group)
            .is_some()
    );
    let too_many = client
        .statistics()
        .groups((0..101).map(|_| Uuid::new_v4()))
        .send()
        .await
        .unwrap_err();
    assert!(too_many.is_invalid_input());
}

#[tokio::test]
async fn ratings_and_read_markers() {
    let server = server().await;
    let client = user(&server);
    let manga = &server.catalogue().manga[1];
    let refused = client.rating().set(manga.id, 11).send().await.unwrap_err();
    assert!(refused.is_invalid_input());
    let refused = client.rating().set(manga.id, 0).send().await.unwrap_err();
    assert!(refused.is_invalid_input());
    assert!(api_requests(&server).is_empty());

    client.rating().set(manga.id, 8).send().await.unwrap();
    let ratings = client.rating().get([manga.id]).send().await.unwrap();
    assert_eq!(ratings.ratings[&manga.id].rating, 8);
    assert!(
        last_query(&server, asyncdex::api::rating::GetRatings::OPERATION).starts_with("manga[]=")
    );
    client.rating().delete(manga.id).send().await.unwrap();
    assert!(
        client
            .rating()
            .get([manga.id])
            .send()
            .await
            .unwrap()
            .ratings
            .is_empty()
    );

    let chapters: Vec<Uuid> = server
        .catalogue()
        .chapters_of(&manga.id)
        .iter()
        .take(3)
        .map(|c| c.id)
        .collect();
    client
        .read_markers()
        .mark_read(manga.id)
        .read(chapters.clone())
        .update_history(true)
        .send()
        .await
        .unwrap();
    client
        .read_markers()
        .mark_read(manga.id)
        .unread([chapters[2]])
        .send()
        .await
        .unwrap();
    let marks = requests_of(&server, asyncdex::api::read_marker::MarkRead::OPERATION);
    assert_eq!(marks[0].query.as_deref(), Some("updateHistory=true"));
    let body: serde_json::Value = serde_json::from_slice(&marks[1].body).unwrap();
    assert_eq!(body, serde_json::json!({"chapterIdsUnread": [chapters[2]]}));
    let read = client.read_markers().get(manga.id).send().await.unwrap();
    let mut expected = chapters[..2].to_vec();
    let mut got = read.data.clone();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    let grouped = client
        .read_markers()
        .get_many([manga.id])
        .grouped(true)
        .send()
        .await
        .unwrap();
    assert_eq!(
        grouped.data.for_manga(&manga.id).map(<[Uuid]>::len),
        Some(2)
    );
    let flat = client
        .read_markers()
        .get_many([manga.id])
        .send()
        .await
        .unwrap();
    assert!(matches!(flat.data, ReadMarkers::Ids(ref ids) if ids.len() == 2));
    client.read_markers().history().send().await.unwrap();
}

#[tokio::test]
async fn custom_lists_crud_add_remove_follow_and_feed() {
    let server = server().await;
    let client = user(&server);
    let catalogue = server.catalogue();
    let (a, b) = (catalogue.manga[0].id, catalogue.manga[9].id);

    let list = client
        .list()
        .create("Reading soon")
        .visibility(CustomListVisibility::Private)
        .manga(vec![a])
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(list.attributes.name, "Reading soon");
    assert_eq!(list.attributes.visibility, CustomListVisibility::Private);
    assert_eq!(list.manga_ids().collect::<Vec<_>>(), [a]);

    client.list().add_manga(list.id, b).send().await.unwrap();
    let got = client.list().get(list.id).send().await.unwrap().data;
    assert_eq!(got.manga_ids().collect::<Vec<_>>(), [a, b]);
    client.list().remove_manga(list.id, a).send().await.unwrap();
    let updated = client
        .list()
        .update(list.id, got.attributes.version)
        .name("Renamed")
        .visibility(CustomListVisibility::Public)
        .send()
        .await
        .unwrap()
        .data;
    assert_eq!(updated.attributes.name, "Renamed");
    assert_eq!(updated.manga_ids().collect::<Vec<_>>(), [b]);

    let mine = client.list().mine().send().await.unwrap();
    assert!(mine.data.iter().any(|l| l.id == list.id));
    let me = server.user_id(asyncdex_mock::DEFAULT_USERNAME).unwrap();
    let public: Vec<_> = client
        .list()
        .of_user(me)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(public.iter().any(|l| l.id == list.id));

    // The list's feed: manga b's chapters, across pages.
    let feed: Vec<_> = client
        .feed()
        .list(list.id)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(!feed.is_empty() && feed.len() <= catalogue.chapters_of(&b).len());
    assert!(feed.iter().all(|c| c.manga_id() == Some(b)));
    assert!(last_query(&server, ListFeed::OPERATION).starts_with("limit=500&offset=0"));

    client.list().follow(list.id).send().await.unwrap();
    assert!(
        client
            .follows()
            .is_following_list(list.id)
            .send()
            .await
            .unwrap()
    );
    let followed = client.follows().lists().send().await.unwrap();
    assert!(followed.data.iter().any(|l| l.id == list.id));
    client.list().unfollow(list.id).send().await.unwrap();
    assert!(
        !client
            .follows()
            .is_following_list(list.id)
            .send()
            .await
            .unwrap()
    );

    client.list().delete(list.id).send().await.unwrap();
    let gone = client.list().get(list.id).send().await.unwrap_err();
    assert!(gone.is_not_found(), "{gone:?}");
}

#[tokio::test]
async fn follows_the_followed_feed_and_users() {
    let server = server().await;
    let client = user(&server);
    let big = server.catalogue().big_feed_manga();
    assert!(
        !client
            .follows()
            .is_following_manga(big.id)
            .send()
            .await
            .unwrap()
    );
    client.manga().follow(big.id).send().await.unwrap();
    assert!(
        client
            .follows()
            .is_following_manga(big.id)
            .send()
            .await
            .unwrap()
    );
    let followed = client
        .follows()
        .manga()
        .includes([ReferenceExpansion::CoverArt])
        .send()
        .await
        .unwrap();
    assert_eq!(
        followed.data.iter().map(|m| m.id).collect::<Vec<_>>(),
        [big.id]
    );
    assert!(followed.data[0].cover_art().is_some());

    let chapters: Vec<_> = client
        .feed()
        .followed_manga()
        .translated_language([Language::English])
        .includes([ReferenceExpansion::Manga])
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(chapters.len(), 600);
    assert!(chapters.iter().all(|c| c.manga().is_some()));
    let pages = requests_of(&server, FollowedMangaFeed::OPERATION);
    assert_eq!(pages.len(), 2, "500 per request");

    let me = client.user().me().send().await.unwrap().data;
    assert_eq!(me.attributes.username, asyncdex_mock::DEFAULT_USERNAME);
    assert_eq!(
        client.user().get(me.id).send().await.unwrap().data.id,
        me.id
    );
    let known = &server.catalogue().users[0];
    let users = client
        .user()
        .search()
        .username(&known.username)
        .order(UserOrder::Username, OrderDirection::Ascending)
        .send()
        .await
        .unwrap();
    assert!(users.data.iter().any(|u| u.id == known.id));
    assert_eq!(
        client
            .user()
            .get_many([known.id, known.id, Uuid::nil()])
            .await
            .unwrap()
            .len(),
        1
    );
    // The mock answers this check generically (`{"result":"ok"}`): it only proves the call.
    client
        .follows()
        .is_following_user(known.id)
        .send()
        .await
        .unwrap();
    client.follows().users().send().await.unwrap();

    let anonymous = anonymous(&server).user().me().send().await.unwrap_err();
    assert!(anonymous.is_unauthorized());
}
